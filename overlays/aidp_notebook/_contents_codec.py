"""Between local bytes and the contents API's models.

An upload becomes an `UpdateContentDetails`: a `.ipynb` file as a notebook (its JSON,
checked with nbformat first), UTF-8 text as format `text`, anything else as `base64`.
A downloaded `Content` becomes bytes again: text and base64 byte for byte, a notebook
as its JSON laid out as nbformat writes files (sorted keys, one-space indent, UTF-8,
final newline), so a notebook saved by Jupyter comes back as the same bytes.

`Content.format` reads as "no format" when it is missing, JSON null or the string
"NULL" (the SDKs list it as a value); then the content's own JSON type decides.

nbformat is imported only when a notebook is checked or built: importing it costs
more than the rest of the SDK.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from aidp_notebook_client.models import Content, ExportedContents, NotebookDocument
from aidp_notebook_client.types import Unset

if TYPE_CHECKING:
    from nbformat import NotebookNode

NOTEBOOK_SUFFIX = ".ipynb"
_MAX_DETAIL = 300  # characters of nbformat's message, which can quote a whole cell


class ContentError(Exception):
    """A model the helpers cannot turn into bytes; the caller wraps it with response details."""


def content_format(model: Content) -> str | None:
    """`model.format` as text; None for missing, JSON null and the string "NULL"."""
    value = model.format_
    if value is None or isinstance(value, Unset):
        return None
    text = str(value)
    return None if text.upper() == "NULL" or not text else text


def content_type(model: Content) -> str:
    return str(model.type_)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_notebook_json(data: bytes, what: str) -> dict[str, Any]:
    """The JSON object of a `.ipynb` file, or ValueError saying what is wrong with it."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{what} is not UTF-8 text, so it is not a notebook") from None
    try:
        notebook = json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        raise ValueError(f"{what} is not a notebook: its JSON does not parse ({exc})") from None
    except RecursionError:
        raise ValueError(f"{what} is not a notebook: its JSON nests too deeply") from None
    if not isinstance(notebook, dict):
        raise ValueError(f"{what} is not a notebook: its JSON is not an object")
    return notebook


def check_notebook(notebook: object, what: str) -> dict[str, Any]:
    """`notebook` (a dict or NotebookNode) if nbformat finds it valid; else ValueError."""
    if not isinstance(notebook, Mapping):
        raise TypeError(
            f"{what} must be an nbformat NotebookNode or a dict, got {type(notebook).__name__}"
        )
    import nbformat  # noqa: PLC0415 - see the module docstring

    # validate() may add or fix fields of what it is given; the caller's notebook stays as is.
    probe = copy.deepcopy(dict(notebook))
    try:
        version = int(probe.get("nbformat", 0))
    except (TypeError, ValueError):
        version = 0
    if version < 4:
        raise ValueError(
            f"{what} is not an nbformat 4 notebook (nbformat is {probe.get('nbformat')!r}); "
            "open and save it with a current Jupyter to upgrade it"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nbformat.validate(probe)
    except nbformat.ValidationError as exc:
        first = (str(getattr(exc, "message", exc)).splitlines() or ["(no detail)"])[0]
        if len(first) > _MAX_DETAIL:
            first = first[: _MAX_DETAIL - 3] + "..."
        raise ValueError(f"{what} is not a valid notebook: {first}") from None
    except KeyError as exc:  # nbformat reads some fields before it checks the schema
        raise ValueError(f"{what} is not a valid notebook: it has no {exc.args[0]!r}") from None
    except (TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ValueError(f"{what} is not a valid notebook: {exc}") from None
    try:
        json.dumps(notebook, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} cannot be sent as JSON: {exc}") from None
    return dict(notebook)


def upload_details(data: bytes, remote_path: str, what: str) -> dict[str, Any]:
    """The UpdateContentDetails (as JSON fields) that saves `data` at `remote_path`."""
    if remote_path.endswith(NOTEBOOK_SUFFIX):
        notebook = check_notebook(parse_notebook_json(data, what), what)
        return {"type": "notebook", "format": "json", "content": notebook}
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and "\0" not in text:
        return {"type": "file", "format": "text", "content": text}
    return {"type": "file", "format": "base64", "content": base64.b64encode(data).decode("ascii")}


def notebook_file_text(notebook: Mapping[str, Any]) -> str:
    """A notebook laid out as nbformat writes `.ipynb` files."""
    text = json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False)
    return text + "\n"


def content_bytes(model: Content) -> bytes:
    """The file the model holds, as bytes; ContentError when it holds none that can be used."""
    kind = content_type(model)
    if kind == "directory":
        raise ContentError(f"{model.path!r} is a directory")
    content = model.content
    if content is None or isinstance(content, Unset):
        raise ContentError(f"the model of {model.path!r} came without its content")
    fmt = content_format(model)
    if fmt == "base64" or (fmt is None and kind == "file" and not isinstance(content, str)):
        if not isinstance(content, str):
            raise ContentError(f"base64 content should be a string, got {type(content).__name__}")
        try:
            return base64.b64decode("".join(content.split()).encode("ascii"), validate=True)
        except (UnicodeEncodeError, binascii.Error, ValueError):
            raise ContentError(f"the content of {model.path!r} is not valid base64") from None
    if fmt == "json" or isinstance(content, dict):
        notebook = _notebook_object(content, model.path)
        return notebook_file_text(notebook).encode("utf-8")
    if fmt in (None, "text") and isinstance(content, str):
        try:
            return content.encode("utf-8")
        except UnicodeEncodeError:
            raise ContentError(f"the text of {model.path!r} is not valid Unicode") from None
    raise ContentError(f"the content of {model.path!r} has a format the SDK does not know: {fmt}")


def _notebook_object(content: object, path: str) -> dict[str, Any]:
    if isinstance(content, str):  # a notebook sent as its file's text
        try:
            content = json.loads(content)
        except ValueError:
            raise ContentError(f"the notebook {path!r} came as text that is not JSON") from None
    if not isinstance(content, dict):
        raise ContentError(f"the notebook {path!r} came as {type(content).__name__}, not JSON")
    return content


def notebook_node(model: Content) -> NotebookNode:
    """A notebook model's content as `nbformat.reads(text, as_version=4)` gives it.

    So it is what reading the same `.ipynb` file gives: cell sources and outputs as
    strings (not lists of lines), an older nbformat converted to 4. Not validated.
    """
    import nbformat  # noqa: PLC0415 - see the module docstring

    if content_type(model) == "directory":
        raise ContentError(f"{model.path!r} is a directory, not a notebook")
    content = model.content
    if content is None or isinstance(content, Unset):
        raise ContentError(f"the model of {model.path!r} came without its content")
    text = json.dumps(_notebook_object(content, model.path), ensure_ascii=False)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            node: NotebookNode = nbformat.reads(text, as_version=4)  # type: ignore[no-untyped-call]
    except Exception as exc:  # nbformat raises many kinds for a notebook it cannot read
        detail = str(exc).splitlines()[0][:_MAX_DETAIL] if str(exc) else type(exc).__name__
        raise ContentError(f"the notebook {model.path!r} cannot be read: {detail}") from None
    return node


def notebook_json(notebook: Mapping[str, Any]) -> dict[str, Any]:
    """A (checked) notebook as `nbformat.writes(nb, version=4)` writes it, as JSON data.

    nbformat writes cell sources and text outputs as lists of lines and drops transient
    fields; the caller's object is left as it is.
    """
    import nbformat  # noqa: PLC0415 - see the module docstring

    node = nbformat.from_dict(copy.deepcopy(dict(notebook)))  # type: ignore[no-untyped-call]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text: str = nbformat.writes(node, version=4)  # type: ignore[no-untyped-call]
    written: dict[str, Any] = json.loads(text)
    return written


def exported_text(exported: ExportedContents) -> str:
    """An export as text: an HTML page as sent, an ipynb object laid out as a file."""
    content: Any = exported.content
    if isinstance(content, NotebookDocument):
        content = content.to_dict()
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return notebook_file_text(content)
    raise ContentError(f"the export of {exported.path!r} came as {type(content).__name__}")
