"""Writes whose answer was lost: finding out whether they happened, once for both clients.

An attempt whose request was sent but whose answer never came (a reset, a read timeout)
may have been carried out. Its retry then meets what that attempt did: a rename finds
nothing at the old path (404), a write or delete under `if-match` finds the etag that
attempt changed (412), a delete finds the target gone (404). The request core hands such
an error (`AfterLostAnswer`) to the operation's confirmation here, which reads the target:

- the write is there: the call succeeds with what the caller would have had, re-read;
- the write certainly did not happen: the error stands (a rename whose source is still
  at the old path, a delete of a session that is still there and not being deleted);
- neither can be told: OutcomeUnknownError, saying what was read.

A 404 or 412 on the first attempt never comes here. A confirmation is a call generator
like every other (its reads go through run_call), so both clients drive it with the loop
they drive every call with, and every operation gets it, helper or generated method.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from aidp_notebook_client import operations as _generated
from aidp_notebook_client.models import Content
from aidp_notebook_client.types import OperationInfo

from ._contents_codec import ContentError, content_bytes, content_type
from ._core import AfterLostAnswer, Operation, Outcome, Settings, Step, run_call
from ._errors import AidpError, NotFoundError, OutcomeUnknownError, safe_reason
from ._operations import core_operation
from ._parsing import BodyError, build_model
from ._response import ApiResponse

T = TypeVar("T")
logger = logging.getLogger("aidp_notebook")

# What a check finds: the response the caller would have had (the write happened), None
# (it did not: the error stands), or what was read that cannot tell (the outcome is unknown).
Verdict = ApiResponse[Any] | str | None
Check = Callable[["_Target"], Generator[Step, Outcome, Verdict]]
_DELETED_STATES = frozenset({"deleting", "deleted"})


@dataclass(frozen=True, slots=True)
class _Target:
    """What a check reads from: the write's client settings, arguments and attempts."""

    settings: Settings
    path_args: tuple[Any, ...]
    params: Mapping[str, Any]
    attempts: int

    @property
    def body(self) -> dict[str, Any]:
        to_dict = getattr(self.params.get("body"), "to_dict", None)
        return to_dict() if callable(to_dict) else {}


@dataclass(frozen=True, slots=True)
class _Confirmation:
    statuses: frozenset[int]  # the errors the write's own first attempt could explain
    check: Check


def operation_call(
    settings: Settings,
    op: Operation[T],
    path_args: tuple[Any, ...],
    params: dict[str, Any],
) -> Generator[Step, Outcome, ApiResponse[T]]:
    """`run_call`, with the operation's confirmation for an error after a lost answer."""
    confirmation = _CONFIRMATIONS.get(op.name)
    if confirmation is None:
        return run_call(settings, op, path_args, params)
    confirm = functools.partial(_confirm, confirmation, settings, path_args, dict(params))
    return run_call(settings, op, path_args, params, confirm=confirm)


def _confirm(
    confirmation: _Confirmation,
    settings: Settings,
    path_args: tuple[Any, ...],
    params: Mapping[str, Any],
    lost: AfterLostAnswer,
) -> Generator[Step, Outcome, ApiResponse[Any]] | None:
    if lost.failure.status not in confirmation.statuses:
        return None
    target = _Target(settings, path_args, params, lost.failure.attempts)
    return _settle(confirmation.check(target), lost)


def _settle(
    check: Generator[Step, Outcome, Verdict], lost: AfterLostAnswer
) -> Generator[Step, Outcome, ApiResponse[Any]]:
    try:
        verdict = yield from check
    except AidpError as exc:
        checked = f"reading the target to find out failed too ({safe_reason(exc)})"
        raise OutcomeUnknownError(lost.failure, lost.lost_attempt, checked) from lost.failure
    if verdict is None:
        raise lost.failure
    if isinstance(verdict, str):
        raise OutcomeUnknownError(lost.failure, lost.lost_attempt, verdict) from lost.failure
    logger.info(
        "%s: the target shows that attempt %d was carried out; %d %s on the retry was its "
        "doing, so the call succeeded (opc-request-id=%s)",
        lost.failure.operation, lost.lost_attempt, lost.failure.status, lost.failure.code,
        lost.failure.opc_request_id,
    )  # fmt: skip
    return verdict


# -- reading the target ------------------------------------------------------------------------


def _read(
    settings: Settings, info: OperationInfo[T], path_args: tuple[Any, ...], params: dict[str, Any]
) -> Generator[Step, Outcome, ApiResponse[T] | NotFoundError]:
    """A read of the target, with its own retries; a 404 is an answer here, not a failure."""
    try:
        return (yield from run_call(settings, core_operation(info), path_args, params))
    except NotFoundError as gone:
        return gone


def _content(
    target: _Target, path: str, *, content: bool
) -> Generator[Step, Outcome, ApiResponse[Content] | NotFoundError]:
    ids = (target.path_args[0], target.path_args[1], path)
    params = {"content": 1 if content else 0}
    return (yield from _read(target.settings, _generated.GET_CONTENT, ids, params))


def _succeeded(read: ApiResponse[Any], data: Any, attempts: int) -> ApiResponse[Any]:
    """The write's response, from the read that confirmed it (its etag is the current one)."""
    return ApiResponse(data, read.status_code, read.headers, attempts, read.request)


def _deleted(gone: NotFoundError, attempts: int) -> ApiResponse[None]:
    """A delete's response (204, no body), from the 404 that shows the target gone."""
    return ApiResponse(None, 204, httpx.Headers(gone.headers), attempts)


def _etag_matches(etag: str | None, if_match: str) -> bool:
    if etag is None:
        return False
    tags = {tag.strip().removeprefix("W/").strip('"') for tag in if_match.split(",")}
    return "*" in tags or etag.strip().removeprefix("W/").strip('"') in tags


# -- the checks, one per write -------------------------------------------------------------------


def _renamed(
    target: _Target,
) -> Generator[Step, Outcome, Verdict]:
    """ModifyContent: gone from the old path and at the new one (with the etag if given)."""
    old_path, new_path = target.path_args[2], target.body.get("path")
    if not isinstance(new_path, str):
        return None  # no new path was sent: nothing the first attempt could have done
    source = yield from _content(target, old_path, content=False)
    if not isinstance(source, NotFoundError):
        return None  # still at the old path: the rename did not happen
    moved = yield from _content(target, new_path, content=False)
    if isinstance(moved, NotFoundError):
        return f"nothing is at {old_path!r} or at {new_path!r} now"
    if_match = target.params.get("if_match")
    # A directory's etag covers its entries' paths, which the move changed; a file's does not.
    if (
        isinstance(if_match, str)
        and content_type(moved.data) != "directory"
        and not _etag_matches(moved.etag, if_match)
    ):
        return (
            f"{old_path!r} is gone and {new_path!r} exists, but its etag is not the if_match "
            "given, so it may be another file"
        )
    return _succeeded(moved, moved.data, target.attempts)


def _saved(
    target: _Target,
) -> Generator[Step, Outcome, Verdict]:
    """UpdateContent under if-match: the path holds exactly what was sent."""
    path = target.path_args[2]
    details = target.body
    stored = yield from _content(target, path, content=True)
    if isinstance(stored, NotFoundError):
        return f"nothing is at {path!r} now"
    kind = details.get("type")
    if kind == "directory" or content_type(stored.data) == "directory":
        if kind == content_type(stored.data):
            return _succeeded(stored, _without_content(stored.data), target.attempts)
        return f"{path!r} is a {content_type(stored.data)} now, and a {kind} was sent"
    try:
        sent = content_bytes(Content.from_dict({"name": "", "path": path, **details}))
        held = content_bytes(stored.data)
    except (ContentError, BodyError, TypeError, ValueError, KeyError) as exc:
        return f"what was sent and what {path!r} holds cannot be compared ({exc})"
    if sent != held:
        return (
            f"{path!r} holds other content than was sent: someone wrote it since, or this "
            "write never happened"
        )
    return _succeeded(stored, _without_content(stored.data), target.attempts)


def _without_content(model: Content) -> Content:
    """The saved model as a write answers it: without the content read to compare."""
    fields = {**model.to_dict(), "content": None, "format": None}
    return build_model(fields, Content.from_dict)


def _content_deleted(
    target: _Target,
) -> Generator[Step, Outcome, Verdict]:
    """DeleteContent: nothing at the path."""
    path = target.path_args[2]
    found = yield from _content(target, path, content=False)
    if isinstance(found, NotFoundError):
        return _deleted(found, target.attempts)
    # Deleted and made again, or never deleted: the path alone cannot tell.
    return f"something is at {path!r} now"


def _patched(
    target: _Target,
) -> Generator[Step, Outcome, Verdict]:
    """PatchSession under if-match: the session has every field as it was sent."""
    session = yield from _read(target.settings, _generated.GET_SESSION, target.path_args, {})
    if isinstance(session, NotFoundError):
        return "the session is gone"
    wanted = target.body
    if wanted.pop("must_refresh_context", False):
        return "a refreshed execution context does not show in the session"
    found = session.data.to_dict()
    differ = sorted(name for name, value in wanted.items() if not _holds(found.get(name), value))
    if differ:
        return f"the session's {', '.join(differ)} differ from what was sent"
    return _succeeded(session, session.data, target.attempts)


def _holds(actual: object, wanted: object) -> bool:
    """Whether `actual` has `wanted` (for objects: each field of it, recursively)."""
    if isinstance(wanted, dict):
        return isinstance(actual, dict) and all(_holds(actual.get(k), v) for k, v in wanted.items())
    return actual == wanted


def _session_deleted(
    target: _Target,
) -> Generator[Step, Outcome, Verdict]:
    """DeleteSession: the session is gone, or on its way out."""
    session = yield from _read(target.settings, _generated.GET_SESSION, target.path_args, {})
    if isinstance(session, NotFoundError):
        return _deleted(session, target.attempts)
    state = str(session.data.lifecycle_state).casefold()
    if state in _DELETED_STATES:
        return _succeeded(session, None, target.attempts)
    return None  # still there and not being deleted: a delete cannot be undone


_CONFIRMATIONS: dict[str, _Confirmation] = {
    "ModifyContent": _Confirmation(frozenset({404, 409, 412}), _renamed),
    "UpdateContent": _Confirmation(frozenset({412}), _saved),
    "DeleteContent": _Confirmation(frozenset({404, 412}), _content_deleted),
    "PatchSession": _Confirmation(frozenset({412}), _patched),
    "DeleteSession": _Confirmation(frozenset({404, 412}), _session_deleted),
}
