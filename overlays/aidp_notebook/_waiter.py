"""Waiting on a session: until it reaches a state, meets a condition, or is gone.

The polling is a call generator of the same kind as the request core's
`run_call`: each poll is a GetSession call delegated with `yield from`, and a
pause between polls is a float to sleep. So both clients drive it with the same
loop that drives every other call, retries and signing included; a create followed
by a wait is one such generator too.
"""

from __future__ import annotations

import enum
import inspect
import math
from collections.abc import Callable, Collection, Generator
from typing import Any, Protocol

from aidp_notebook_client.models import (
    Kernel,
    KernelExecutionState,
    Session,
    SessionLifecycleState,
)
from aidp_notebook_client.types import Unset

from ._core import DeadlineReached, Operation, Outcome, Settings, Step, run_call
from ._errors import AidpError, NotFoundError
from ._operations import GET_SESSION


class PollCallback(Protocol):
    """`on_poll(session, elapsed)`: called after every poll with the session as just read
    and the seconds since the wait began. Its return value is ignored."""

    def __call__(self, session: Session, elapsed: float, /) -> object: ...


# A condition on the session, for `until=`: true when the wait is over.
SessionCondition = Callable[[Session], bool]
DEFAULT_STATES: tuple[str, ...] = ("ACTIVE",)

_BACKOFF_FACTOR = 1.5
_MAX_POLL_INTERVAL = 30.0


class SessionFailedError(AidpError):
    """The session reached FAILED while being waited for."""

    def __init__(self, session: Session) -> None:
        self.session = session
        super().__init__(
            f"session {session.id} ({session.name!r}) reached FAILED; create it again, "
            "and check the cluster and notebook path if it keeps failing"
        )


class WaitTimeoutError(AidpError):
    """The wanted state was not reached in time.

    `last_session` is the session as last seen, or None if no poll succeeded (the
    service failed every poll until the timeout; the last failure is the `__cause__`).
    """

    def __init__(self, last_session: Session | None, timeout: float, wanted: str) -> None:
        self.last_session = last_session
        self.timeout = timeout
        if last_session is None:
            text = (
                f"the session did not reach {wanted} within {timeout:g} s: no poll succeeded "
                "in that time (the last error is the cause); wait longer or check the service"
            )
        else:
            text = (
                f"session {last_session.id} did not reach {wanted} within {timeout:g} s "
                f"(last seen: {describe_state(last_session)}); wait longer or check the session"
            )
        super().__init__(text)


def _text(value: object) -> str | None:
    return None if value is None or isinstance(value, Unset) else str(value)


def kernel_state(session: Session) -> str | None:
    return _text(session.kernel.execution_state) if isinstance(session.kernel, Kernel) else None


def describe_state(session: Session) -> str:
    state = _text(session.lifecycle_state) or "no lifecycle state"
    kernel = kernel_state(session)
    return f"{state}, kernel {kernel}" if kernel else state


def check_wait_arguments(
    lifecycle_states: Collection[str], kernel_states: Collection[str] | None, timeout: float,
    poll_interval: float,
) -> tuple[set[str], set[str] | None]:  # fmt: skip
    """The wanted states, matched case-insensitively; refuses states that do not exist."""
    if isinstance(lifecycle_states, str) or not lifecycle_states:
        raise ValueError("lifecycle_states must be a non-empty collection such as ('ACTIVE',)")
    if isinstance(kernel_states, str) or (kernel_states is not None and not kernel_states):
        raise ValueError("kernel_states must be None or a non-empty collection such as ('idle',)")
    _check_seconds("timeout", timeout, infinite_ok=True)
    _check_seconds("poll_interval", poll_interval, infinite_ok=False)
    wanted = known_states("lifecycle_states", lifecycle_states, SessionLifecycleState)
    if kernel_states is None:
        return wanted, None
    return wanted, known_states("kernel_states", kernel_states, KernelExecutionState)


def check_callback(name: str, callback: object, arguments: str, count: int) -> None:
    """Refuse, before the first poll, a callback that could not take what it will get."""
    if callback is None:
        return
    if not callable(callback):
        raise TypeError(f"{name} must be callable, got {type(callback).__name__}")
    try:
        signature = inspect.signature(callback)
    except (TypeError, ValueError):  # some builtins have none: nothing to check
        return
    try:
        signature.bind(*range(count))
    except TypeError:
        raise TypeError(
            f"{name} must accept {count} positional argument{'s' if count > 1 else ''} "
            f"({arguments}); {getattr(callback, '__name__', 'it')}{signature} does not"
        ) from None


def _check_seconds(name: str, value: object, *, infinite_ok: bool) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number of seconds, got {type(value).__name__}")
    if math.isnan(value) or not value > 0 or (math.isinf(value) and not infinite_ok):
        raise ValueError(f"{name} must be > 0 seconds, got {value!r}")


def unknown_state(state: str, kind: type[enum.Enum]) -> str | None:
    """Why `state` is refused (not a member of `kind`, in any case), or None if it is known."""
    known = sorted(member.value for member in kind)
    if state.casefold() in {value.casefold() for value in known}:
        return None
    return f"{state!r} is not a known state; known: {', '.join(known)}"


def known_states(name: str, states: Collection[str], kind: type[enum.Enum]) -> set[str]:
    """`states` folded to lower case. Plain strings must name a known state; a value of the
    enum itself (even one it does not list, `SessionLifecycleState("DELETING")`) is taken
    as given, for waiting on a state that this version of the SDK does not know yet."""
    folded = set()
    for state in states:
        if not isinstance(state, str):
            raise TypeError(f"{name} must hold strings, got {type(state).__name__}")
        problem = None if isinstance(state, kind) else unknown_state(state, kind)
        if problem is not None:
            raise ValueError(
                f"{name}: {problem}. To wait for a state this SDK does not know yet, pass "
                f"{kind.__name__}({state!r})"
            )
        folded.add(state.casefold())
    return folded


def wait_call(
    settings: Settings,
    session_ids: tuple[object, ...],
    *,
    lifecycle_states: Collection[str] = DEFAULT_STATES,
    kernel_states: Collection[str] | None = None,
    until: SessionCondition | None = None,
    timeout: float,
    poll_interval: float,
    on_poll: PollCallback | None = None,
) -> Generator[Step, Outcome, Session]:
    """Poll with growing intervals until the session matches, FAILED, or the timeout.

    With `until`, the session matches when `until(session)` is true (the states are then
    not consulted; FAILED still ends the wait, unless `until` accepted the session first).
    The timeout holds whatever the polls meet: their retries and backoff stop at it too.
    """
    if until is not None and (lifecycle_states is not DEFAULT_STATES or kernel_states):
        raise ValueError("pass either until= or lifecycle_states/kernel_states, not both")
    check_callback("until", until, "session", 1)
    check_callback("on_poll", on_poll, "session, elapsed_seconds", 2)
    wanted, wanted_kernel = check_wait_arguments(
        lifecycle_states, kernel_states, timeout, poll_interval
    )
    if until is not None:
        done, description = until, "the condition given as until="
    else:
        done, description = _state_match(wanted, wanted_kernel), _describe(wanted, wanted_kernel)
    session = yield from _poll(
        settings, session_ids, done, description, timeout, poll_interval, on_poll, gone_ok=False
    )
    assert session is not None  # gone_ok=False: a 404 raised NotFoundError
    return session


def deletion_call(
    settings: Settings,
    session_ids: tuple[object, ...],
    *,
    timeout: float,
    poll_interval: float,
    on_poll: PollCallback | None = None,
) -> Generator[Step, Outcome, None]:
    """Poll until GetSession answers 404: the session is gone (the oci SDK's
    `succeed_on_not_found`). A session that reaches FAILED on the way is still a failure."""
    check_callback("on_poll", on_poll, "session, elapsed_seconds", 2)
    check_wait_arguments(DEFAULT_STATES, None, timeout, poll_interval)
    yield from _poll(
        settings, session_ids, lambda session: False, "deleted (GetSession answering 404)",
        timeout, poll_interval, on_poll, gone_ok=True,
    )  # fmt: skip


def create_and_wait_call(
    settings: Settings,
    create: Operation[Session],
    workspace: tuple[object, ...],
    params: dict[str, Any],
    wait: dict[str, Any],
) -> Generator[Step, Outcome, Session]:
    """CreateSession, then wait_call on the session it returned (arguments checked first)."""
    check_callback("on_poll", wait.get("on_poll"), "session, elapsed_seconds", 2)
    check_wait_arguments(
        wait["lifecycle_states"], wait["kernel_states"], wait["timeout"], wait["poll_interval"]
    )
    created = (yield from run_call(settings, create, workspace, params)).data
    return (yield from wait_call(settings, (*workspace, created.id), **wait))


def _describe(wanted: set[str], wanted_kernel: set[str] | None) -> str:
    description = " or ".join(sorted(state.upper() for state in wanted))
    if wanted_kernel is not None:
        description += f" with kernel {' or '.join(sorted(wanted_kernel))}"
    return description


def _state_match(wanted: set[str], wanted_kernel: set[str] | None) -> SessionCondition:
    def matches(session: Session) -> bool:
        kernel = _folded(kernel_state(session))
        state = _folded(session.lifecycle_state)
        return state in wanted and (wanted_kernel is None or kernel in wanted_kernel)

    return matches


def _poll(  # noqa: PLR0917 (private)
    settings: Settings,
    session_ids: tuple[object, ...],
    done: SessionCondition,
    description: str,
    timeout: float,
    poll_interval: float,
    on_poll: PollCallback | None,
    *,
    gone_ok: bool,
) -> Generator[Step, Outcome, Session | None]:
    started = settings.clock()
    deadline = started + timeout
    interval = poll_interval
    last: Session | None = None
    while True:
        try:
            poll = run_call(settings, GET_SESSION, session_ids, {}, deadline=deadline)
            session = last = (yield from poll).data
        except DeadlineReached as reached:
            raise WaitTimeoutError(last, timeout, description) from reached.failure
        except NotFoundError:
            if gone_ok:
                return None
            raise
        elapsed = settings.clock() - started
        if on_poll is not None:
            on_poll(session, elapsed)
        if done(session):
            return session
        if _folded(session.lifecycle_state) == "failed":
            raise SessionFailedError(session)
        remaining = timeout - elapsed
        if remaining <= 0:
            raise WaitTimeoutError(session, timeout, description)
        # Never sleep past the deadline: the last poll happens right at the timeout.
        yield min(interval, remaining)
        interval = min(interval * _BACKOFF_FACTOR, max(poll_interval, _MAX_POLL_INTERVAL))


def _folded(value: object) -> str | None:
    text = _text(value)
    return None if text is None else text.casefold()
