"""Path parameters that hold a `/`-separated path (contentPath): their rules and wire forms.

The spec marks such a parameter `x-aidp-path: true`; the generated `OperationInfo` lists
it in `slash_path_params`, and the request core checks it here before anything is sent
and encodes it as the client's `content_path_encoding` says:

- "segment" (the default): the whole path is one URL segment, `/` sent as `%2F`, as the
  Java SDK and Oracle's samples send it;
- "path": `/` is sent as it is, so the path spans several segments, as the Python SDK
  sends it.

Which one the service wants is unconfirmed, hence the option. Everything else is
percent-encoded the same way in both, and the signature covers whatever is sent.
A path is relative to the workspace root and has no empty, `.` or `..` segment: under
"path" those would be rewritten by URL normalisation (or by a proxy) into another file.
"""

from __future__ import annotations

import unicodedata
import urllib.parse
from typing import Literal, get_args

from ._validation import check_path_param

ContentPathEncoding = Literal["segment", "path"]
CONTENT_PATH_ENCODINGS: tuple[str, ...] = get_args(ContentPathEncoding)


def check_content_path_encoding(value: object) -> ContentPathEncoding:
    if value == "segment":
        return "segment"
    if value == "path":
        return "path"
    raise ValueError(
        f"content_path_encoding must be 'segment' (one segment, '/' sent as %2F) or 'path' "
        f"('/' sent as it is), got {value!r}"
    )


def check_slash_path(name: str, value: object) -> str:
    """A workspace path: relative, `/`-separated, no empty/`.`/`..` segment, no control char."""
    check_path_param(name, value)
    assert isinstance(value, str)  # check_path_param refused anything else
    for position, char in enumerate(value):
        if unicodedata.category(char) == "Cc":
            raise ValueError(
                f"{name} must not contain NUL or other control characters; found {char!r} at "
                f"position {position}"
            )
    segments = value.split("/")
    for index, segment in enumerate(segments):
        if segment == "":
            where = (
                "a leading '/'"
                if index == 0
                else "a trailing '/'"
                if index == len(segments) - 1
                else "'//'"
            )
            raise ValueError(
                f"{name} {value!r} has an empty segment ({where}); give the path relative to "
                "the workspace root, such as 'Shared/analysis.ipynb'"
            )
        if segment in (".", ".."):
            raise ValueError(
                f"{name} {value!r} has a {segment!r} segment, which would address another "
                "file; give the path without it"
            )
    return value


def encode_slash_path(value: str, encoding: ContentPathEncoding) -> str:
    """`value` percent-encoded for the URL path: `/` kept only under the "path" encoding."""
    return urllib.parse.quote(value, safe="/" if encoding == "path" else "")


def helper_path(name: str, value: object, *, top: bool = False) -> str:
    """A workspace path as the contents helpers take it: `Shared/x.ipynb` or `/Shared/x.ipynb`.

    Session and workspace-object paths are written with a leading `/`; the contents API
    takes the path relative to the workspace root (_paths' rules). One leading `/` is
    dropped, so both forms name the same file. With `top`, `/` or "" is the top of the
    workspace (returned as "").
    """
    if isinstance(value, str) and value.startswith("/"):
        value = value[1:]
        if value == "" and not top:
            raise ValueError(
                f"{name} '/' is the top of the workspace, not a file; give a path such as "
                "'Workspace/Shared/analysis.ipynb' (or with a leading '/')"
            )
    if top and value == "":
        return ""
    return check_slash_path(name, value)
