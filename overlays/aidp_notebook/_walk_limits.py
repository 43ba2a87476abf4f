"""Bounds on walks and paging: a listing the service keeps extending must still end.

A directory walk follows what the service lists, and paging follows `opc-next-page`; a
faulty or hostile service can make either go on for ever (every directory listing two
more, an endless run of pages) while memory grows and nothing is written. Every listing
loop asks a `WalkBudget` before each request and tells it what each listing held:

- a directory the service lists twice, an answer that names another directory than
  the one asked for, or an entry whose path is not in the listed directory, is an
  InvalidResponseError naming the path;
- more than `max_requests` listing requests, or more than `max_entries` entries in all,
  is an InvalidResponseError too, naming the path being listed and the limit to raise
  when the tree really is that large.

`DEFAULT_MAX_PAGES` bounds paging the same way (_paging).
"""

from __future__ import annotations

from typing import Any

from ._errors import InvalidResponseError
from ._response import ApiResponse

DEFAULT_MAX_ENTRIES = 100_000  # entries of a walk in all (files and directories)
DEFAULT_MAX_REQUESTS = 10_000  # listing requests of a walk (one per directory)
DEFAULT_MAX_PAGES = 10_000  # pages followed by one list_* call or iter_* loop


def check_limit(name: str, value: object, default: int) -> int:
    """A caller's limit: a positive int, or None for `default`."""
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int or None, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return value


def _normal(path: str) -> str:
    """A path as compared here: without leading or trailing `/`."""
    return path.strip("/")


def _invalid(
    response: ApiResponse[Any] | None, operation: str, problem: str
) -> InvalidResponseError:
    request = None if response is None else response.request
    return InvalidResponseError(
        problem,
        status=200 if response is None else response.status_code,
        opc_request_id=None if response is None else response.opc_request_id,
        operation=operation,
        url="" if request is None else str(request.url),
    )


class WalkBudget:
    """What one walk may still ask for; raises InvalidResponseError once it would overrun.

    `failure` is the error it raised, so a walk that counts a directory's failure and
    goes on can tell this one (which must end the walk) from the others.
    """

    def __init__(
        self,
        operation: str,
        *,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        max_requests: int = DEFAULT_MAX_REQUESTS,
    ) -> None:
        self.operation = operation
        self.max_entries = max_entries
        self.max_requests = max_requests
        self.requests = 0
        self.entries = 0
        self.failure: InvalidResponseError | None = None
        self._listed: set[str] = set()
        self._last: ApiResponse[Any] | None = None  # the listing that named what comes next

    def _fail(self, response: ApiResponse[Any] | None, problem: str) -> InvalidResponseError:
        self.failure = _invalid(response, self.operation, problem)
        return self.failure

    def before_request(self, path: str) -> None:
        """Count one listing request for `path`, or raise if the walk has had its share."""
        if self.requests >= self.max_requests:
            raise self._fail(
                self._last,
                f"listing {path!r} would be request {self.requests + 1} of one walk, over "
                f"max_requests={self.max_requests}: the service keeps listing more "
                "directories. If the tree really is this large, pass a larger max_requests=",
            )
        self.requests += 1

    def listed(
        self,
        response: ApiResponse[Any],
        requested: str,
        reported: object,
        entries: list[Any],
        *,
        followed: list[Any] | None = None,
    ) -> None:
        """Check one listing of `requested` and count its entries.

        `reported` is the directory's own path in the answer. The entries the walk will
        follow (`followed`, all of them unless given; a walk that refuses unsafe names
        itself leaves those out) must be in the directory: each needs `name` and `path`
        attributes (a Content).
        """
        self._last = response
        listed = _normal(reported) if isinstance(reported, str) else _normal(requested)
        if listed in self._listed:
            raise self._fail(
                response,
                f"asked to list {requested!r}, the service answered with the directory "
                f"{reported!r}, which it had listed already, so the walk would not end",
            )
        self._listed.add(listed)
        stray = stray_entry(requested, reported, entries if followed is None else followed)
        if stray is not None:
            raise self._fail(response, stray)
        self.entries += len(entries)
        if self.entries > self.max_entries:
            raise self._fail(
                response,
                f"with the listing of {requested!r} the walk has {self.entries} entries, over "
                f"max_entries={self.max_entries}. If the tree really is this large, pass a "
                "larger max_entries=",
            )


def stray_entry(requested: str, reported: object, entries: list[Any]) -> str | None:
    """Why the listing of `requested` is not that directory's, or None when it is.

    The answer must name the directory asked for (leading and trailing `/` aside; a
    longer root in front, such as `Workspace/`, is allowed), and each entry's path must
    be that directory's followed by the entry's name.
    """
    asked = _normal(requested)
    parents = {asked}
    if isinstance(reported, str):
        named = _normal(reported)
        if named != asked and not named.endswith("/" + asked):
            return (
                f"asked to list {requested!r}, the service answered with the directory "
                f"{reported[:200]!r}"
            )
        parents.add(named)
    for entry in entries:
        path, name = getattr(entry, "path", None), getattr(entry, "name", None)
        if not isinstance(path, str) or not isinstance(name, str):
            continue  # the model's own checks deal with these
        parent, _, last = _normal(path).rpartition("/")
        if last != name or parent not in parents:
            return (
                f"the listing of {requested!r} has an entry {name[:200]!r} whose path "
                f"{path[:200]!r} is not in that directory"
            )
    return None
