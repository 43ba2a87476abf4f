"""Waiting on a session, rule by rule, on a fake clock against the local service (issue 25).

The polls back off by 1.5 up to 30 s and the last one lands right at the timeout; the
arguments are checked before anything is sent; FAILED ends a wait, and the errors say
what was waited for and what was last seen. The session's state is changed between polls
from on_poll, so no test waits in real time.
"""

from __future__ import annotations

import pytest
from aidp_notebook import NotebookClient, Session, SessionFailedError, WaitTimeoutError
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)
from aidp_notebook_client.models import SessionLifecycleState

from .conftest import FakeClock, use_fake_clock

WS = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY)


@pytest.fixture
def creating(service: LocalNotebookService) -> tuple[LocalNotebookService, str]:
    session = service.add_session(
        *WS, {"name": "w", "path": "/w.ipynb", "lifecycleState": "CREATING"}
    )
    return service, session["id"]


def _client(service: LocalNotebookService) -> tuple[NotebookClient, FakeClock]:
    client = service.client()
    return client, use_fake_clock(client)


def test_polls_back_off_by_half_up_to_30_s_and_the_last_lands_at_the_timeout(
    creating: tuple[LocalNotebookService, str],
) -> None:
    service, session_id = creating
    client, clock = _client(service)
    with client, pytest.raises(WaitTimeoutError) as caught:
        client.wait_for_session(*WS, session_id, poll_interval=4.0, timeout=100.0)
    assert clock.sleeps == [4.0, 6.0, 9.0, 13.5, 20.25, 30.0, 17.25]
    assert sum(clock.sleeps) == 100.0
    error = caught.value
    assert error.timeout == 100.0
    assert error.last_session is not None and error.last_session.id == session_id
    assert f"session {session_id} did not reach ACTIVE within 100 s" in str(error)
    assert "(last seen: CREATING" in str(error)


def test_a_poll_interval_over_30_s_is_kept(creating: tuple[LocalNotebookService, str]) -> None:
    service, session_id = creating
    client, clock = _client(service)
    with client, pytest.raises(WaitTimeoutError):
        client.wait_for_session(*WS, session_id, poll_interval=40.0, timeout=100.0)
    assert clock.sleeps == [40.0, 40.0, 20.0]


def test_on_poll_gets_each_session_and_the_elapsed_seconds_until_the_state_is_reached(
    creating: tuple[LocalNotebookService, str],
) -> None:
    service, session_id = creating
    seen: list[tuple[str, float]] = []

    def on_poll(session: Session, elapsed: float) -> None:
        seen.append((str(session.lifecycle_state), elapsed))
        if len(seen) == 3:
            service.set_session_state(*WS, session_id, lifecycle_state="ACTIVE")

    client, clock = _client(service)
    with client:
        done = client.wait_for_session(
            *WS, session_id, poll_interval=2.0, timeout=60.0, on_poll=on_poll
        )
    assert done.id == session_id
    assert str(done.lifecycle_state) == "ACTIVE"
    assert seen == [("CREATING", 0.0), ("CREATING", 2.0), ("CREATING", 5.0), ("ACTIVE", 9.5)]
    assert clock.sleeps == [2.0, 3.0, 4.5]


def test_the_kernel_state_must_match_too(creating: tuple[LocalNotebookService, str]) -> None:
    service, session_id = creating
    service.set_session_state(*WS, session_id, lifecycle_state="ACTIVE", execution_state="busy")
    polls: list[float] = []

    def on_poll(session: Session, elapsed: float) -> None:
        polls.append(elapsed)
        if len(polls) == 2:
            service.set_session_state(*WS, session_id, execution_state="idle")

    client, _ = _client(service)
    with client:
        done = client.wait_for_session(
            *WS, session_id, kernel_states=["IDLE"], poll_interval=1.0, timeout=60.0,
            on_poll=on_poll,
        )  # fmt: skip
        assert done.kernel is not None and str(done.kernel.execution_state) == "idle"
        assert len(polls) == 3
        with pytest.raises(WaitTimeoutError) as caught:
            client.wait_for_session(
                *WS, session_id, lifecycle_states=["active", "Creating"], kernel_states=["busy"],
                poll_interval=1.0, timeout=2.0,
            )  # fmt: skip
    assert "did not reach ACTIVE or CREATING with kernel busy within 2 s" in str(caught.value)
    assert "(last seen: ACTIVE, kernel idle)" in str(caught.value)


def test_failed_ends_the_wait_unless_until_accepted_it(
    creating: tuple[LocalNotebookService, str],
) -> None:
    service, session_id = creating
    service.set_session_state(*WS, session_id, lifecycle_state="FAILED")
    client, clock = _client(service)
    with client:
        with pytest.raises(
            SessionFailedError, match=f"session {session_id} \\('w'\\) reached FAILED"
        ) as caught:
            client.wait_for_session(*WS, session_id, poll_interval=1.0, timeout=60.0)
        assert caught.value.session.id == session_id
        assert clock.sleeps == []
        done = client.wait_for_session(*WS, session_id, until=lambda s: True, timeout=5.0)
        assert done.id == session_id
        with pytest.raises(SessionFailedError):
            client.wait_for_session(*WS, session_id, until=lambda s: False, timeout=5.0)


def test_a_wait_whose_polls_all_fail_says_no_poll_succeeded(
    creating: tuple[LocalNotebookService, str],
) -> None:
    service, session_id = creating
    service.inject(Fault(status=503), count=1000)
    client, _ = _client(service)
    with client, pytest.raises(WaitTimeoutError) as caught:
        client.wait_for_session(*WS, session_id, poll_interval=1.0, timeout=20.0)
    assert caught.value.last_session is None
    assert "the session did not reach ACTIVE within 20 s: no poll succeeded" in str(caught.value)
    assert caught.value.__cause__ is not None


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"lifecycle_states": "ACTIVE"}, ValueError, "lifecycle_states must be a non-empty"),
        ({"lifecycle_states": []}, ValueError, "lifecycle_states must be a non-empty"),
        ({"kernel_states": "idle"}, ValueError, "kernel_states must be None or a non-empty"),
        ({"kernel_states": []}, ValueError, "kernel_states must be None or a non-empty"),
        ({"timeout": 0}, ValueError, "timeout must be > 0 seconds, got 0"),
        ({"timeout": 0.5, "poll_interval": -1}, ValueError, "poll_interval must be > 0 seconds"),
        ({"timeout": float("nan")}, ValueError, "timeout must be > 0 seconds"),
        ({"poll_interval": float("inf")}, ValueError, "poll_interval must be > 0 seconds"),
        ({"timeout": True}, TypeError, "timeout must be a number of seconds, got bool"),
        ({"poll_interval": "1"}, TypeError, "poll_interval must be a number of seconds"),
        ({"lifecycle_states": ["ACTIVATED"]}, ValueError, "'ACTIVATED' is not a known state; known: "),
        ({"kernel_states": ["sleepy"]}, ValueError, "kernel_states: 'sleepy' is not a known state"),
        ({"lifecycle_states": [1]}, TypeError, "lifecycle_states must hold strings, got int"),
        ({"until": lambda: True}, TypeError, "until must accept 1 positional argument \\(session\\)"),
        ({"until": 3}, TypeError, "until must be callable, got int"),
        ({"on_poll": lambda s: None}, TypeError, "on_poll must accept 2 positional arguments"),
        ({"until": bool, "kernel_states": ["idle"]}, ValueError, "pass either until= or"),
        ({"until": bool, "lifecycle_states": ["ACTIVE"]}, ValueError, "pass either until= or"),
    ],
)  # fmt: skip
def test_bad_wait_arguments_are_refused_before_anything_is_sent(
    service: LocalNotebookService, arguments: dict, error: type, message: str
) -> None:
    with service.client() as client, pytest.raises(error, match=message):
        client.wait_for_session(*WS, "any", **arguments)
    assert service.requests == []


def test_good_wait_arguments_pass(creating: tuple[LocalNotebookService, str]) -> None:
    service, session_id = creating
    service.set_session_state(*WS, session_id, lifecycle_state="ACTIVE", execution_state="idle")
    client, _ = _client(service)
    with client:
        for arguments in (
            {"timeout": float("inf"), "poll_interval": 0.001},
            {"lifecycle_states": ("active",), "kernel_states": None},
            {"lifecycle_states": [SessionLifecycleState("ACTIVE")], "kernel_states": ("Idle",)},
            {"until": lambda session: session.id == session_id},
            {"until": bool, "on_poll": print},
        ):
            assert client.wait_for_session(*WS, session_id, **arguments).id == session_id


def test_a_deletion_wait_checks_its_arguments_and_ends_at_404(
    creating: tuple[LocalNotebookService, str],
) -> None:
    service, session_id = creating
    with service.client() as client:
        with pytest.raises(ValueError, match="timeout must be > 0"):
            client.wait_for_session_deletion(*WS, session_id, timeout=0)
        with pytest.raises(TypeError, match="on_poll must accept 2"):
            client.wait_for_session_deletion(*WS, session_id, on_poll=lambda: None)  # type: ignore[arg-type]
    assert service.requests == []
    client, _ = _client(service)
    polls: list[float] = []

    def on_poll(session: Session, elapsed: float) -> None:
        polls.append(elapsed)
        if len(polls) == 2:
            client.delete_session(*WS, session_id)

    with client:
        assert client.wait_for_session_deletion(
            *WS, session_id, poll_interval=1.0, timeout=60.0, on_poll=on_poll
        ) is None  # fmt: skip
    assert polls == [0.0, 1.0]


def test_create_and_wait_checks_on_poll_before_creating(service: LocalNotebookService) -> None:
    with service.client() as client, pytest.raises(TypeError, match="on_poll must accept 2"):
        client.create_session_and_wait_for_state(
            *WS, {"name": "no", "path": "/no.ipynb"}, on_poll=lambda s: None
        )
    assert service.requests == []


def test_a_failed_poll_is_retried_within_the_timeout(
    creating: tuple[LocalNotebookService, str],
) -> None:
    service, session_id = creating
    service.set_session_state(*WS, session_id, lifecycle_state="ACTIVE")
    service.inject(Fault(status=503))
    client, _ = _client(service)
    with client:
        assert client.wait_for_session(*WS, session_id, timeout=60.0).id == session_id
    assert len(service.requests) == 2


def test_a_session_without_a_state_is_described_so(service: LocalNotebookService) -> None:
    session = service.add_session(*WS, {"name": "bare", "path": "/bare.ipynb"})
    client, _ = _client(service)
    with client, pytest.raises(WaitTimeoutError) as caught:
        client.wait_for_session(*WS, session["id"], poll_interval=1.0, timeout=1.0)
    assert "(last seen: no lifecycle state)" in str(caught.value)


def test_the_last_poll_lands_at_the_timeout_even_under_a_second_before_it(
    creating: tuple[LocalNotebookService, str],
) -> None:
    service, session_id = creating
    client, clock = _client(service)
    with client, pytest.raises(WaitTimeoutError):
        client.wait_for_session(*WS, session_id, poll_interval=1.0, timeout=1.5)
    assert clock.sleeps == [1.0, 0.5]
    assert len(service.requests) == 3
