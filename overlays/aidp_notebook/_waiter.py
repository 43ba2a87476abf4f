"""wait_for_session: poll a session until it reaches a wanted state.

The polling is a call generator of the same kind as the request core's
`run_call`: each poll is a GetSession call delegated with `yield from`, and a
pause between polls is a float to sleep. So both clients drive it with the same
loop that drives every other call, retries and signing included.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Collection, Generator

from aidp_notebook_client.models import (
    Kernel,
    KernelExecutionState,
    Session,
    SessionLifecycleState,
)
from aidp_notebook_client.types import Unset

from ._core import DeadlineReached, Outcome, Settings, Step, run_call
from ._errors import AidpError
from ._operations import GET_SESSION

PollCallback = Callable[[Session, float], None]

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
    wanted = _known_states("lifecycle_states", lifecycle_states, SessionLifecycleState)
    if kernel_states is None:
        return wanted, None
    return wanted, _known_states("kernel_states", kernel_states, KernelExecutionState)


def _check_seconds(name: str, value: object, *, infinite_ok: bool) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number of seconds, got {type(value).__name__}")
    if math.isnan(value) or not value > 0 or (math.isinf(value) and not infinite_ok):
        raise ValueError(f"{name} must be > 0 seconds, got {value!r}")


def _known_states(name: str, states: Collection[str], kind: type[enum.Enum]) -> set[str]:
    """`states` folded to lower case. Plain strings must name a known state; a value of the
    enum itself (even one it does not list, `SessionLifecycleState("DELETING")`) is taken
    as given, for waiting on a state that this version of the SDK does not know yet."""
    known = {member.value.casefold(): member.value for member in kind}
    folded = set()
    for state in states:
        if not isinstance(state, str):
            raise TypeError(f"{name} must hold strings, got {type(state).__name__}")
        if not isinstance(state, kind) and state.casefold() not in known:
            raise ValueError(
                f"{name}: {state!r} is not a known state; known: "
                f"{', '.join(sorted(known.values()))}. To wait for a state this SDK does "
                f"not know yet, pass {kind.__name__}({state!r})"
            )
        folded.add(state.casefold())
    return folded


def wait_call(
    settings: Settings,
    session_ids: tuple[object, ...],
    *,
    lifecycle_states: Collection[str],
    kernel_states: Collection[str] | None,
    timeout: float,
    poll_interval: float,
    on_poll: PollCallback | None = None,
) -> Generator[Step, Outcome, Session]:
    """Poll with growing intervals until the session matches, FAILED, or the timeout.

    The timeout holds whatever the polls meet: their retries and backoff stop at it too.
    """
    wanted, wanted_kernel = check_wait_arguments(
        lifecycle_states, kernel_states, timeout, poll_interval
    )
    description = " or ".join(sorted(state.upper() for state in wanted))
    if wanted_kernel is not None:
        description += f" with kernel {' or '.join(sorted(wanted_kernel))}"
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
        elapsed = settings.clock() - started
        if on_poll is not None:
            on_poll(session, elapsed)
        state = _folded(session.lifecycle_state)
        kernel = _folded(kernel_state(session))
        if state in wanted and (wanted_kernel is None or kernel in wanted_kernel):
            return session
        if state == "failed":
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
