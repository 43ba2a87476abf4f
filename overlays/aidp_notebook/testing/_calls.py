"""Which API operation a request calls, so that a fault can be aimed at one operation.

Each resource of the service contributes a classifier (method, path, prefix) -> operation
name or None, and the names it can return. The sessions resource is the first; another
resource adds its classifier to `_CLASSIFIERS` and its names to `OPERATIONS`.
"""

from __future__ import annotations

from collections.abc import Callable

from ._contents_paths import match_contents, match_objects
from ._errors import ApiError
from ._faults import Aim, Call
from ._routes import match_route
from ._signature import ReceivedRequest

# The spec's operationIds of the sessions resource.
SESSION_OPERATIONS = {
    (False, "GET"): "ListSessions",
    (False, "POST"): "CreateSession",
    (True, "GET"): "GetSession",
    (True, "PATCH"): "PatchSession",
    (True, "DELETE"): "DeleteSession",
}

Classifier = Callable[[str, str, str], "str | None"]


def _session_operation(method: str, path: str, prefix: str) -> str | None:
    try:
        route = match_route(path, prefix)
    except ApiError:  # not a session path, or one that cannot be decoded
        return None
    return SESSION_OPERATIONS.get((route.session_id is not None, method))


# The spec's operationIds of the contents resource, by (route, method).
CONTENTS_OPERATIONS = {
    ("contents", "POST"): "CreateContent",
    ("contents", "GET"): "GetContent",
    ("contents", "PUT"): "UpdateContent",
    ("contents", "PATCH"): "ModifyContent",
    ("contents", "DELETE"): "DeleteContent",
    ("export", "POST"): "ExportContents",
}


def _contents_operation(method: str, path: str, prefix: str) -> str | None:
    try:
        target = match_contents(path, prefix)
    except ApiError:  # a contents path the service refuses: still no operation to name
        return None
    return None if target is None else CONTENTS_OPERATIONS.get((target.action, method))


def _objects_operation(method: str, path: str, prefix: str) -> str | None:
    try:
        found = match_objects(path, prefix)
    except ApiError:
        return None
    return "ListWorkspaceObjects" if found is not None and method == "GET" else None


_CLASSIFIERS: tuple[Classifier, ...] = (
    _objects_operation,
    _contents_operation,
    _session_operation,
)
OPERATIONS: frozenset[str] = frozenset(
    [*SESSION_OPERATIONS.values(), *CONTENTS_OPERATIONS.values(), "ListWorkspaceObjects"]
)


def aim(operation: str | None = None, method: str | None = None, path: str | None = None) -> Aim:
    """An Aim from a caller's arguments; ValueError or TypeError naming what is wrong."""
    for name, value in (("operation", operation), ("method", method), ("path", path)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be a string, not {type(value).__name__}")
    if operation is not None and operation not in OPERATIONS:
        known = ", ".join(sorted(OPERATIONS))
        raise ValueError(f"operation {operation!r} is not one of {known}")
    if method is not None and not (method.isascii() and method.isalpha()):
        raise ValueError(f"method must be an HTTP method such as 'POST', not {method!r}")
    if path is not None and not path.startswith(("/", "*")):
        raise ValueError("path must be a pattern for a path, such as '/20260430/*/sessions'")
    return Aim(operation, method.upper() if method else None, path)


class Describer:
    """Describes requests to a service whose API lives under `prefix`."""

    def __init__(self, prefix: str) -> None:
        self._prefix = prefix

    def __call__(self, request: ReceivedRequest) -> Call:
        method = request.method.upper()
        path = request.target.partition("?")[0]
        operation = None
        for classify in _CLASSIFIERS:
            operation = classify(method, path, self._prefix)
            if operation is not None:
                break
        if self._prefix and path.startswith(self._prefix + "/"):
            path = path[len(self._prefix) :]
        return Call(operation, method, path)
