"""Contents paths on the wire: which route a target names, and the path it carries.

`contentPath` reaches the service in two forms, and both must name the same file:
the whole path as one segment with `/` sent as `%2F` (the Java SDK), or `/` sent as it
is, so the path spans several segments (the Python SDK). The raw target is split on
`/` first and each segment percent-decoded on its own, so `%2F` inside a segment and a
literal `/` between segments both end up as the path separator.

A decoded path is refused (400) when it could leave the contents root or is not a
plain relative path: `.` or `..` segments (however they were encoded), empty segments,
NUL or other control characters, malformed percent-encoding or UTF-8, over-long names.
Leading and trailing `/` are dropped, as Jupyter does, so `/Shared/a.ipynb` and
`Shared/a.ipynb` are the same path; the empty path is the root.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from .._version import API_VERSION
from ._errors import ApiError

# The fixed segments before {contentPath}; None marks {aiDataPlatformId} and {workspaceKey}.
_BASE = (API_VERSION, "aiDataPlatforms", None, "workspaces", None, "notebook", "api")
_CONTENTS = ("contents",)
_EXPORT = ("actions", "export", "contents")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_NAME_BYTES = 255  # what Linux filesystems allow for one name
MAX_PATH_BYTES = 4000


@dataclass(frozen=True)
class ContentsTarget:
    """A contents route: its workspace, the decoded path and how the client spelled it."""

    platform: str
    workspace: str
    action: str  # "contents" or "export"
    path: str  # normalised: relative, "/"-separated, "" for the root
    several_segments: bool  # True when the client sent "/" literally
    base: str  # the raw target up to and including "/contents", for `location`


def _decode(segment: str, what: str) -> str:
    if _BAD_ESCAPE.search(segment):
        raise ApiError(400, f"{what} has a '%' that does not start a percent-escape")
    try:
        return urllib.parse.unquote(segment, errors="strict")
    except UnicodeDecodeError:
        raise ApiError(400, f"{what} is not valid percent-encoded UTF-8") from None


def normalise_path(text: str, what: str = "contentPath") -> str:
    """`text` as a relative path inside the root, or 400 saying what is wrong with it."""
    if _CONTROL.search(text):
        raise ApiError(400, f"{what} must not contain NUL or other control characters")
    path = text.strip("/")
    if len(path.encode("utf-8", "surrogatepass")) > MAX_PATH_BYTES:
        raise ApiError(400, f"{what} is longer than {MAX_PATH_BYTES} bytes")
    if not path:
        return ""
    for name in path.split("/"):
        if name == "":
            raise ApiError(400, f"{what} has an empty segment ('//')")
        if name in (".", ".."):
            raise ApiError(400, f"{what} must not have '.' or '..' segments")
        try:
            size = len(name.encode("utf-8"))
        except UnicodeEncodeError:
            raise ApiError(400, f"{what} is not valid Unicode text") from None
        if size > MAX_NAME_BYTES:
            raise ApiError(400, f"{what} has a name longer than {MAX_NAME_BYTES} bytes")
    return path


def match_contents(path: str, prefix: str) -> ContentsTarget | None:
    """The contents route `path` (raw, without query) names, or None for any other route."""
    if not path.startswith(prefix + "/"):
        return None
    raw = path[len(prefix) + 1 :].split("/")
    if len(raw) < len(_BASE) + 1:
        return None
    head = [urllib.parse.unquote(segment) for segment in raw[: len(_BASE)]]
    for expected, actual in zip(_BASE, head, strict=True):
        if expected is not None and expected != actual:
            return None
    rest = raw[len(_BASE) :]
    routes = (("contents", _CONTENTS), ("export", _EXPORT))
    found = [
        (action, marker)
        for action, marker in routes
        if tuple(urllib.parse.unquote(segment) for segment in rest[: len(marker)]) == marker
    ]
    if not found:
        return None
    action, marker = found[0]
    path_segments = rest[len(marker) :]
    platform = _decode(raw[2], "aiDataPlatformId")
    workspace = _decode(raw[4], "workspaceKey")
    if any(segment in (".", "..") for segment in path_segments):
        raise ApiError(400, "contentPath must not have '.' or '..' segments")
    decoded = "/".join(_decode(segment, "contentPath") for segment in path_segments)
    base = prefix + "/" + "/".join(raw[: len(_BASE) + len(marker)])
    several = len([segment for segment in path_segments if segment]) > 1
    return ContentsTarget(platform, workspace, action, normalise_path(decoded), several, base)


def match_objects(path: str, prefix: str) -> tuple[str, str] | None:
    """(platform, workspace) of a ListWorkspaceObjects route, or None for any other route."""
    if not path.startswith(prefix + "/"):
        return None
    raw = path[len(prefix) + 1 :].split("/")
    if len(raw) != 6:
        return None
    segments = [urllib.parse.unquote(segment) for segment in raw]
    expected = (*_BASE[:5], "objects")
    if any(want is not None and want != got for want, got in zip(expected, segments, strict=True)):
        return None
    return _decode(raw[2], "aiDataPlatformId"), _decode(raw[4], "workspaceKey")


def quote_path(path: str, several_segments: bool) -> str:
    """`path` as a URL path tail, in the form the client used: `%2F` or literal `/`."""
    if several_segments:
        return "/".join(urllib.parse.quote(name, safe="") for name in path.split("/"))
    return urllib.parse.quote(path, safe="")
