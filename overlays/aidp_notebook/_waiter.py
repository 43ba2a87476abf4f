"""wait_for_session: poll a session until it reaches a wanted state.

The polling is a call generator of the same kind as the request core's
`run_call`: each poll is a GetSession call delegated with `yield from`, and a
pause between polls is a float to sleep. So both clients drive it with the same
loop that drives every other call, retries and signing included.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Generator

from aidp_notebook_client.models import Kernel, Session
from aidp_notebook_client.types import Unset

from ._core import Outcome, Settings, Step, run_call
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
    """The wanted state was not reached in time; `last_session` is what was seen last."""

    def __init__(self, last_session: Session, timeout: float, wanted: str) -> None:
        self.last_session = last_session
        self.timeout = timeout
        super().__init__(
            f"session {last_session.id} did not reach {wanted} within {timeout:g} s "
            f"(last seen: {describe_state(last_session)}); wait longer or check the session"
        )


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
) -> None:  # fmt: skip
    if isinstance(lifecycle_states, str) or not lifecycle_states:
        raise ValueError("lifecycle_states must be a non-empty collection such as ('ACTIVE',)")
    if isinstance(kernel_states, str) or (kernel_states is not None and not kernel_states):
        raise ValueError("kernel_states must be None or a non-empty collection such as ('idle',)")
    if not timeout > 0:
        raise ValueError(f"timeout must be > 0 seconds, got {timeout!r}")
    if not poll_interval > 0:
        raise ValueError(f"poll_interval must be > 0 seconds, got {poll_interval!r}")


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
    """Poll with growing intervals until the session matches, FAILED, or the timeout."""
    check_wait_arguments(lifecycle_states, kernel_states, timeout, poll_interval)
    wanted = set(lifecycle_states)
    wanted_kernel = set(kernel_states) if kernel_states is not None else None
    started = settings.clock()
    interval = poll_interval
    while True:
        session = (yield from run_call(settings, GET_SESSION, session_ids, {})).data
        elapsed = settings.clock() - started
        if on_poll is not None:
            on_poll(session, elapsed)
        state = _text(session.lifecycle_state)
        if state in wanted and (wanted_kernel is None or kernel_state(session) in wanted_kernel):
            return session
        if state == "FAILED":
            raise SessionFailedError(session)
        remaining = timeout - elapsed
        if remaining <= 0:
            description = " or ".join(sorted(wanted))
            if wanted_kernel is not None:
                description += f" with kernel {' or '.join(sorted(wanted_kernel))}"
            raise WaitTimeoutError(session, timeout, description)
        # Never sleep past the deadline: the last poll happens right at the timeout.
        yield min(interval, remaining)
        interval = min(interval * _BACKOFF_FACTOR, max(poll_interval, _MAX_POLL_INTERVAL))
