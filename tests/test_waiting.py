"""Waiting, as oci SDK users expect it: a typed on_poll, a caller's own condition, waiting
until a session is gone, and create-then-wait in one call (SDK and command line)."""

from __future__ import annotations

import asyncio
import inspect
import json
from pathlib import Path

import pytest
from aidp_notebook import (
    NotebookClient,
    NotFoundError,
    PollCallback,
    Session,
    WaitTimeoutError,
)
from aidp_notebook.cli import main
from aidp_notebook.testing import SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, LocalNotebookService

WS = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY)
FAST = {"poll_interval": 0.02, "timeout": 10.0}


@pytest.fixture
def slow_start(service: LocalNotebookService):
    service.activation_delay = 0.2
    yield service
    service.activation_delay = 0.0


def _new(client: NotebookClient, path: str) -> Session:
    return client.create_session(*WS, {"name": path.strip("/"), "path": path})


def test_on_poll_is_called_with_the_session_and_the_elapsed_seconds(slow_start) -> None:
    seen: list[tuple[str, float]] = []

    def record(session: Session, elapsed: float) -> None:
        seen.append((str(session.lifecycle_state), elapsed))

    callback: PollCallback = record  # the exported Protocol types it
    with slow_start.client() as client:
        created = _new(client, "/poll.ipynb")
        client.wait_for_session(*WS, created.id, on_poll=callback, **FAST)
    assert seen[0][0] == "CREATING" and seen[-1][0] == "ACTIVE"
    assert [elapsed for _, elapsed in seen] == sorted(elapsed for _, elapsed in seen)
    assert "on_poll(session, elapsed)" in (inspect.getdoc(PollCallback) or "")


@pytest.mark.parametrize("callback", [lambda s: None, lambda: None, 42])
def test_an_on_poll_that_cannot_take_the_arguments_is_refused_before_anything_is_sent(
    service: LocalNotebookService, callback: object
) -> None:
    with service.client() as client, pytest.raises(TypeError, match="on_poll must"):
        client.wait_for_session(*WS, "any", on_poll=callback, **FAST)  # type: ignore[arg-type]
    assert service.requests == []


def test_until_is_the_callers_own_condition(slow_start) -> None:
    with slow_start.client() as client:
        created = _new(client, "/until.ipynb")
        done = client.wait_for_session(
            *WS, created.id, until=lambda s: s.kernel is not None and
            s.kernel.execution_state == "idle", **FAST,
        )  # fmt: skip
        assert done.kernel is not None and done.kernel.execution_state == "idle"
        with pytest.raises(WaitTimeoutError, match="the condition given as until="):
            client.wait_for_session(*WS, created.id, until=lambda s: False, poll_interval=0.02,
                                    timeout=0.1)  # fmt: skip
        with pytest.raises(ValueError, match="either until= or"):
            client.wait_for_session(*WS, created.id, until=bool, lifecycle_states=["FAILED"])


def test_waiting_for_a_deletion_ends_when_the_session_is_gone(
    service: LocalNotebookService,
) -> None:
    with service.client() as client:
        created = _new(client, "/gone.ipynb")
        with pytest.raises(WaitTimeoutError, match="deleted"):
            client.wait_for_session_deletion(*WS, created.id, poll_interval=0.02, timeout=0.1)
        client.delete_session(*WS, created.id)
        assert client.wait_for_session_deletion(*WS, created.id, **FAST) is None
        with pytest.raises(NotFoundError):  # a plain wait still says the session is not there
            client.wait_for_session(*WS, created.id, **FAST)


def test_create_and_wait_in_one_call(slow_start) -> None:
    with slow_start.client() as client:
        active = client.create_session_and_wait_for_state(
            *WS, {"name": "cw", "path": "/cw.ipynb"}, wait_for_states=["active"], **FAST
        )
    assert active.lifecycle_state == "ACTIVE"
    posts = [r for r in slow_start.requests if r.method == "POST"]
    assert len(posts) == 1
    assert all(r.signature_valid for r in slow_start.requests)


def test_create_and_wait_checks_the_wait_before_creating(service: LocalNotebookService) -> None:
    with service.client() as client, pytest.raises(ValueError, match="BOGUS"):
        client.create_session_and_wait_for_state(
            *WS, {"name": "no", "path": "/no.ipynb"}, wait_for_states=["BOGUS"]
        )
    assert service.requests == []


def test_the_async_client_waits_alike(slow_start) -> None:
    async def main_() -> tuple[Session, None]:
        async with slow_start.async_client() as client:
            made = await client.create_session_and_wait_for_state(
                *WS, {"name": "a", "path": "/async-wait.ipynb"}, **FAST
            )
            await client.delete_session(*WS, made.id)
            return made, await client.wait_for_session_deletion(*WS, made.id, **FAST)

    made, gone = asyncio.run(main_())
    assert (made.lifecycle_state, gone) == ("ACTIVE", None)


def test_the_command_line_waits_on_create_and_delete(
    slow_start, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--config-file", str(slow_start.write_config_file(tmp_path)), "--endpoint",
            slow_start.endpoint, "session"]  # fmt: skip
    ids = ["--ai-data-platform-id", WS[0], "--workspace-key", WS[1]]
    code = main([*base, "create", *ids, "--name", "c", "--path", "/cli-wait.ipynb",
                 "--wait-for-state", "ACTIVE", "--wait-interval-seconds", "0.02"])  # fmt: skip
    document = json.loads(capsys.readouterr().out)
    assert (code, document["data"]["lifecycleState"]) == (0, "ACTIVE")
    session_id = document["data"]["id"]
    code = main([*base, "delete", *ids, "--session-id", session_id, "--wait-for-state",
                 "DELETED", "--wait-interval-seconds", "0.02"])  # fmt: skip
    assert code == 0
    assert slow_start.get_session_json(*WS, session_id) is None
    assert main([*base, "create", *ids, "--name", "c", "--path", "/x", "--wait-for-state",
                 "SOON"]) == 2  # fmt: skip
    assert "'SOON' is not a known state" in capsys.readouterr().err
