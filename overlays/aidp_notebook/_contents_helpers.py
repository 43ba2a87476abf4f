"""The contents helpers (upload_file, read_notebook, ...) as jobs: one source, both clients.

Each helper is a job (_jobs): it checks every argument before it yields anything, so a
bad argument is a TypeError or ValueError naming it and nothing is read, written or
sent; then it yields the API calls (run by the client's own request core) and the
local file work, and returns the result. The CPU work on a notebook or file (parsing,
validating, encoding) is yielded as `CpuWork`, so an async client does it off its event
loop once the content is large.

Nothing is lost: an upload is one PUT of the whole content to its final path, so the
service never holds a half-sent file under that name; a download is written to a
temporary file beside the target and renamed over it (_local_files).
"""

from __future__ import annotations

import functools
from collections.abc import Generator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from aidp_notebook_client import operations as _generated
from aidp_notebook_client.models import Content, GetContentType
from aidp_notebook_client.types import OperationInfo

from ._contents_codec import (
    ContentError,
    check_notebook,
    content_bytes,
    content_type,
    exported_text,
    notebook_json,
    notebook_node,
    upload_details,
)
from ._core import Outcome, Settings, Step
from ._errors import InvalidResponseError
from ._jobs import OFFLOAD_BYTES, Call, CpuWork, Job, LocalWork, primed
from ._local_files import StrPath, local_path, read_regular_file, write_atomically
from ._lost_answers import operation_call
from ._operations import call_params, core_operation
from ._parsing import BodyError, build_model
from ._paths import helper_path
from ._response import ApiResponse
from ._validation import check_header_value, check_path_param

if TYPE_CHECKING:
    from nbformat import NotebookNode

T = TypeVar("T")
Workspace = tuple[str, str]
EXPORT_FORMATS = ("html", "ipynb")


def call(
    settings: Settings,
    info: OperationInfo[T],
    path_args: tuple[str, ...],
    params: Mapping[str, Any],
    body: object = None,
) -> Generator[Step, Outcome, ApiResponse[T]]:
    """One generated operation as a call generator, its body checked as its model."""
    checked = call_params(info, dict(params), body)
    return operation_call(settings, core_operation(info), path_args, checked)


def unusable(response: ApiResponse[Any], operation: str, problem: str) -> InvalidResponseError:
    """A 2xx whose body cannot serve the helper (no content, a directory's entries broken)."""
    return InvalidResponseError(
        problem,
        status=response.status_code,
        opc_request_id=response.opc_request_id,
        operation=operation,
        url=response.request.url if response.request is not None else "",
    )


def check_workspace(ai_data_platform_id: object, workspace_key: object) -> Workspace:
    """The two ids, checked before a helper reads or sends anything."""
    return (
        check_path_param("ai_data_platform_id", ai_data_platform_id),
        check_path_param("workspace_key", workspace_key),
    )


def _if_match(value: object) -> str | None:
    return None if value is None else check_header_value("if_match", value)


def file_bytes(response: ApiResponse[Content], operation: str = "GetContent") -> bytes:
    """The file a GetContent answered with; a directory is the caller's mistake."""
    if content_type(response.data) == "directory":
        raise ValueError(f"{response.data.path!r} is a directory; use download_dir for a tree")
    try:
        return content_bytes(response.data)
    except ContentError as exc:
        raise unusable(response, operation, str(exc)) from None


def listing(response: ApiResponse[Content], operation: str = "GetContent") -> list[Content]:
    """The entries of a directory model, each a checked Content."""
    entries = response.data.content
    if not isinstance(entries, list):
        raise unusable(
            response,
            operation,
            f"the model of the directory {response.data.path!r} came without its entries",
        )
    models = []
    for index, entry in enumerate(entries):
        try:
            models.append(build_model(entry, Content.from_dict))
        except BodyError as exc:
            raise unusable(response, operation, f"entry {index} of the listing: {exc}") from None
    return models


def response_size(response: ApiResponse[Any]) -> int:
    """The bytes of the body `response` was read from (OFFLOAD_BYTES when not declared)."""
    declared = response.headers.get("content-length", "")
    return int(declared) if declared.isascii() and declared.isdigit() else OFFLOAD_BYTES


def upload_call(
    settings: Settings,
    workspace: Workspace,
    data: bytes,
    remote_path: str,
    *,
    what: str,
    params: Mapping[str, Any],
) -> Call:
    """The UpdateContent call that saves `data`, its body checked, built and encoded."""
    details = upload_details(data, remote_path, what)
    return primed(
        call(settings, _generated.UPDATE_CONTENT, (*workspace, remote_path), params, details)
    )


def _download_target(target: Path, remote_path: str) -> Path:
    """`target` itself, or the remote file's name inside it when it is a directory."""
    return target / remote_path.rsplit("/", 1)[-1] if target.is_dir() else target


def _save(target: Path, remote_path: str, data: bytes) -> Path:
    return write_atomically(_download_target(target, remote_path), data)


# -- the jobs -------------------------------------------------------------------------------


def upload_file_job(
    settings: Settings,
    workspace: Workspace,
    source: StrPath,
    remote_path: str,
    *,
    if_match: str | None = None,
) -> Job[Content]:
    path = local_path("local_path", source)
    remote_path = helper_path("remote_path", remote_path)
    if_match = _if_match(if_match)
    data: bytes = yield LocalWork(functools.partial(read_regular_file, path))
    what = f"local_path {str(path)!r}"
    params = {"if_match": if_match}
    request = functools.partial(
        upload_call, settings, workspace, data, remote_path, what=what, params=params
    )
    response = yield (yield CpuWork(request, len(data)))
    content: Content = response.data
    return content


def download_file_job(
    settings: Settings, workspace: Workspace, remote_path: str, target: StrPath
) -> Job[Path]:
    path = local_path("local_path", target)
    remote_path = helper_path("remote_path", remote_path)
    response = yield call(
        settings, _generated.GET_CONTENT, (*workspace, remote_path), {"content": 1}
    )
    data = yield CpuWork(functools.partial(file_bytes, response), response_size(response))
    written: Path = yield LocalWork(functools.partial(_save, path, remote_path, data))
    return written


def read_notebook_job(settings: Settings, workspace: Workspace, path: str) -> Job[NotebookNode]:
    path = helper_path("path", path)
    params = {"type_": GetContentType.NOTEBOOK, "content": 1}
    response = yield call(settings, _generated.GET_CONTENT, (*workspace, path), params)
    try:
        node: NotebookNode = yield CpuWork(
            functools.partial(notebook_node, response.data), response_size(response)
        )
    except ContentError as exc:
        raise unusable(response, "GetContent", str(exc)) from None
    return node


def write_notebook_job(
    settings: Settings,
    workspace: Workspace,
    path: str,
    notebook: object,
    *,
    if_match: str | None = None,
) -> Job[Content]:
    path = helper_path("path", path)
    if_match = _if_match(if_match)
    params = {"if_match": if_match}

    def checked_call() -> Call:
        details = {
            "type": "notebook",
            "format": "json",
            "content": notebook_json(check_notebook(notebook, "notebook")),
        }
        return primed(
            call(settings, _generated.UPDATE_CONTENT, (*workspace, path), params, details)
        )

    # A notebook object's size is not known without the work itself: taken as large.
    response = yield (yield CpuWork(checked_call, OFFLOAD_BYTES))
    content: Content = response.data
    return content


def rename_content_job(
    settings: Settings,
    workspace: Workspace,
    path: str,
    new_path: str,
    *,
    if_match: str | None = None,
) -> Job[Content]:
    path = helper_path("path", path)
    new_path = helper_path("new_path", new_path)
    params = {"if_match": _if_match(if_match)}
    details = {"path": new_path}
    response = yield call(settings, _generated.MODIFY_CONTENT, (*workspace, path), params, details)
    content: Content = response.data
    return content


def export_notebook_job(
    settings: Settings,
    workspace: Workspace,
    path: str,
    export_format: str = "html",
    *,
    to: StrPath | None = None,
) -> Job[str]:
    path = helper_path("path", path)
    if export_format not in EXPORT_FORMATS:
        raise ValueError(f"format must be 'html' or 'ipynb', got {export_format!r}")
    target = None if to is None else local_path("to", to)
    details = {"format": export_format}
    response = yield call(settings, _generated.EXPORT_CONTENTS, (*workspace, path), {}, details)
    try:
        text: str = yield CpuWork(
            functools.partial(exported_text, response.data), response_size(response)
        )
    except ContentError as exc:
        raise unusable(response, "ExportContents", str(exc)) from None
    if target is not None:
        yield LocalWork(functools.partial(write_atomically, target, text.encode("utf-8")))
    return text
