"""The whole sessions resource: list, create, patch, delete and the waiter, end to end."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from aidp_notebook import (
    CreateSessionDetails,
    NotFoundError,
    PatchSessionDetails,
    PreconditionFailedError,
    RetryPolicy,
    Session,
    SessionFailedError,
    SessionSummary,
    WaitTimeoutError,
)
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)

from .conftest import use_fake_clock

WS = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY)


@pytest.fixture
def slow_service() -> LocalNotebookService:
    """A fresh, empty workspace whose new sessions take a while to become ACTIVE."""
    service = LocalNotebookService(seed=False, activation_delay=0.3).start()
    service.add_workspace(*WS)
    yield service  # type: ignore[misc]
    service.stop()


def _paths(service: LocalNotebookService) -> list[str]:
    return [urlsplit(r.target).path for r in service.requests]


def test_round_trip_create_wait_rename_list_delete(slow_service: LocalNotebookService) -> None:
    service = slow_service
    with service.client() as client:
        created = client.create_session_detailed(
            *WS, {"name": "draft", "path": "/data/a.ipynb", "type": "notebook"}
        )
        assert created.status_code == 201
        session = created.data
        assert session.lifecycle_state == "CREATING"
        assert created.etag
        assert created.headers["location"].endswith(f"/sessions/{session.id}")

        active = client.wait_for_session(*WS, session.id, poll_interval=0.05, timeout=10)
        assert active.lifecycle_state == "ACTIVE"

        renamed = client.rename_session(*WS, session.id, "final")
        assert renamed.name == "final"

        listed = client.list_sessions(*WS)
        assert [s.name for s in listed] == ["final"]
        assert all(isinstance(s, SessionSummary) for s in listed)

        deleted = client.delete_session_detailed(*WS, session.id)
        assert deleted.status_code == 204
        assert deleted.data is None
        with pytest.raises(NotFoundError):
            client.get_session(*WS, session.id)
        assert client.list_sessions(*WS) == []


def test_async_round_trip(slow_service: LocalNotebookService) -> None:
    service = slow_service

    async def main() -> None:
        async with service.async_client() as client:
            session = await client.create_session(*WS, CreateSessionDetails(name="a", path="/p"))
            active = await client.wait_for_session(
                *WS, session.id, poll_interval=0.05, timeout=10, kernel_states=("idle",)
            )
            assert active.kernel.execution_state == "idle"  # type: ignore[union-attr]
            patched = await client.patch_session(
                *WS, session.id, PatchSessionDetails(name="b", must_refresh_context=True)
            )
            assert patched.name == "b"
            assert [s.id for s in await client.list_sessions(*WS, path="/p")] == [session.id]
            await client.delete_session(*WS, session.id)
            assert await client.list_sessions(*WS) == []

    asyncio.run(main())
    methods = [r.method for r in service.requests]
    assert methods[0] == "POST"
    assert methods[-2:] == ["DELETE", "GET"]
    assert all(r.signature_valid for r in service.requests)


def test_create_returns_the_existing_session_for_a_path(service: LocalNotebookService) -> None:
    with service.client() as client:
        first = client.create_session_detailed(*WS, {"path": "/same.ipynb", "name": "one"})
        second = client.create_session_detailed(*WS, {"path": "/same.ipynb", "name": "two"})
    assert first.status_code == second.status_code == 201
    assert second.data.id == first.data.id
    assert second.data.name == "one"


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_bodies_are_signed_over_the_exact_bytes(service: LocalNotebookService, method: str) -> None:
    with service.client() as client:
        session = client.create_session(*WS, {"name": "naïve ☕", "path": f"/{method}.ipynb"})
        if method == "PATCH":
            client.patch_session(*WS, session.id, {"name": "zürich ☕"})
    recorded = [r for r in service.requests if r.method == method][-1]
    assert recorded.signature_valid, recorded.signature_problem
    signed = re.search(r'headers="([^"]+)"', recorded.headers["authorization"])
    assert signed is not None
    assert signed.group(1).split() == [
        "date", "(request-target)", "host", "content-length", "content-type", "x-content-sha256",
    ]  # fmt: skip
    digest = base64.b64encode(hashlib.sha256(recorded.body).digest()).decode()
    assert recorded.headers["x-content-sha256"] == digest
    assert recorded.headers["content-length"] == str(len(recorded.body))
    assert recorded.headers["content-type"] == "application/json"
    assert "☕".encode() in recorded.body


def test_creates_carry_a_generated_retry_token_when_retries_are_on(
    service: LocalNotebookService,
) -> None:
    with service.client() as client:
        client.create_session(*WS, {"name": "t1"})
        client.create_session(*WS, {"name": "t2"}, opc_retry_token="my-token-1")
    with service.client(retry=None) as client:
        client.create_session(*WS, {"name": "t3"})
    generated, given, none = (r.headers.get("opc-retry-token") for r in service.requests)
    assert generated is not None
    assert re.fullmatch(r"[A-Za-z0-9]{30}", generated)
    assert given == "my-token-1"
    assert none is None


def test_a_retried_create_never_creates_twice(service: LocalNotebookService) -> None:
    before = len(service.client().list_sessions(*WS))
    service.clear_requests()
    # The first attempt is processed, but its answer comes too late: the client retries.
    service.inject(Fault(delay=1.0))
    with service.client(timeout=(5, 0.3), retry=RetryPolicy(max_attempts=3)) as client:
        use_fake_clock(client)
        session = client.create_session(*WS, {"name": "once"})
        after = client.list_sessions(*WS)
    posts = [r for r in service.requests if r.method == "POST"]
    assert len(posts) == 2
    assert posts[0].headers["opc-retry-token"] == posts[1].headers["opc-retry-token"]
    assert len(after) == before + 1
    assert [s.id for s in after if s.name == "once"] == [session.id]


def test_without_a_token_the_same_failure_would_create_twice(
    service: LocalNotebookService,
) -> None:
    # Control for the test above: two tokenless creates are two sessions.
    with service.client(retry=None) as client:
        before = len(client.list_sessions(*WS))
        client.create_session(*WS, {"name": "twice"})
        client.create_session(*WS, {"name": "twice"})
        assert len(client.list_sessions(*WS)) == before + 2


def test_stale_etags_fail_with_412_and_are_not_retried(service: LocalNotebookService) -> None:
    with service.client() as client:
        created = client.create_session_detailed(*WS, {"name": "etag", "path": "/etag"})
        stale = created.etag
        assert stale is not None
        current = client.patch_session_detailed(
            *WS, created.data.id, {"name": "v2"}, if_match=stale
        )
        assert current.etag != stale
        service.clear_requests()
        with pytest.raises(PreconditionFailedError) as caught:
            client.rename_session(*WS, created.data.id, "v3", if_match=stale)
        assert caught.value.status == 412
        assert len(service.requests) == 1
        with pytest.raises(PreconditionFailedError):
            client.delete_session(*WS, created.data.id, if_match=stale)
        assert client.get_session(*WS, created.data.id).name == "v2"
        client.delete_session(*WS, created.data.id, if_match=current.etag)
        with pytest.raises(NotFoundError):
            client.get_session(*WS, created.data.id)


def test_list_filters_arrive_intact(service: LocalNotebookService) -> None:
    awkward = "/data/a b&c=d?é.ipynb"
    with service.client() as client:
        created = client.create_session(*WS, {"name": "f", "path": awkward, "cluster_id": "c 1"})
        found = client.list_sessions(*WS, path=awkward, cluster_id="c 1")
        assert [s.id for s in found] == [created.id]
        assert client.list_sessions(*WS, path=awkward, cluster_id="other") == []
    query = parse_qs(urlsplit(service.requests[1].target).query)
    assert query == {"path": [awkward], "cluster_id": ["c 1"]}
    assert service.requests[1].signature_valid


@pytest.mark.parametrize(
    ("details", "error", "message"),
    [
        ({"nmae": "typo"}, ValueError, "'nmae' \\(did you mean 'name'\\?\\)"),
        ({"agent_flow_key": "x"}, ValueError, "did you mean 'agentFlowKey'"),
        ({"name": 5}, TypeError, "details.name: expected a string, got int"),
        ({"kernel": "python3"}, TypeError, "details.kernel: expected an object, got str"),
        ({"kernel": {"name": 5}}, TypeError, "details.kernel.name: expected a string, got int"),
        ({"kernel": {"nmae": "p"}}, ValueError, "details.kernel has unknown field.*'name'"),
        ({"cluster_id": None}, TypeError, "details.cluster_id: expected a string, got null"),
        (["name", "x"], TypeError, "must be a CreateSessionDetails or a dict"),
        ({1: "x"}, TypeError, "keys must be str"),
    ],
)
def test_bad_create_details_send_nothing(
    service: LocalNotebookService, details: object, error: type, message: str
) -> None:
    with service.client() as client, pytest.raises(error, match=message):
        client.create_session(*WS, details)  # type: ignore[arg-type]
    assert service.requests == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"opc_retry_token": "x" * 65}, "opc_retry_token must be 1 to 64"),
        ({"opc_retry_token": "has space"}, "visible ASCII"),
        ({"datalake_tenant_id": "line\nbreak"}, "visible ASCII"),
    ],
)
def test_bad_create_headers_send_nothing(
    service: LocalNotebookService, kwargs: dict[str, str], message: str
) -> None:
    with service.client() as client, pytest.raises(ValueError, match=message):
        client.create_session(*WS, {"name": "x"}, **kwargs)  # type: ignore[arg-type]
    assert service.requests == []


def test_bad_patch_and_rename_input_sends_nothing(service: LocalNotebookService) -> None:
    with service.client() as client:
        with pytest.raises(ValueError, match="name must not be blank"):
            client.rename_session(*WS, "s", "  ")
        with pytest.raises(ValueError, match="if_match may contain only visible ASCII"):
            client.rename_session(*WS, "s", "n", if_match='"etag"\r\nx-evil: 1')
        with pytest.raises(
            TypeError, match=re.escape("details.must_refresh_context: expected a boolean, got str")
        ):
            client.patch_session(*WS, "s", {"must_refresh_context": "yes"})
        with pytest.raises(ValueError, match=re.escape("session_id must not be '..'")):
            client.delete_session(*WS, "..")
    assert service.requests == []


def test_model_details_may_carry_fields_the_spec_does_not_know(
    service: LocalNotebookService,
) -> None:
    details = CreateSessionDetails(name="future")
    details["futureField"] = {"x": 1}
    with service.client() as client:
        client.create_session(*WS, details)
    assert b'"futureField":{"x":1}' in service.requests[0].body


def test_wait_raises_when_the_session_fails(service: LocalNotebookService) -> None:
    with service.client() as client:
        session = client.create_session(*WS, {"name": "doomed"})
        service.set_session_state(*WS, session.id, lifecycle_state="FAILED")
        with pytest.raises(SessionFailedError) as caught:
            client.wait_for_session(*WS, session.id, poll_interval=0.01)
    assert caught.value.session.id == session.id
    assert "FAILED" in str(caught.value)


def test_wait_times_out_with_the_last_session_and_backs_off(
    service: LocalNotebookService,
) -> None:
    with service.client() as client:
        session = client.create_session(*WS, {"name": "stuck"})
        service.set_session_state(*WS, session.id, lifecycle_state="CREATING")
        clock = use_fake_clock(client)
        polls: list[float] = []
        with pytest.raises(WaitTimeoutError) as caught:
            client.wait_for_session(
                *WS, session.id, timeout=20, poll_interval=2,
                on_poll=lambda s, elapsed: polls.append(elapsed),
            )  # fmt: skip
    assert caught.value.last_session.id == session.id
    assert caught.value.last_session.lifecycle_state == "CREATING"
    assert "did not reach ACTIVE within 20 s" in str(caught.value)
    # Intervals grow 2, 3, 4.5, 6.75 ... and the last one stops exactly at the timeout.
    assert clock.sleeps[:3] == [2.0, 3.0, 4.5]
    assert sum(clock.sleeps) == pytest.approx(20.0)
    assert polls[-1] == pytest.approx(20.0)


def test_wait_for_kernel_state(service: LocalNotebookService) -> None:
    with service.client() as client:
        session = client.create_session(*WS, {"name": "kernel"})
        service.set_session_state(*WS, session.id, lifecycle_state="ACTIVE", execution_state="busy")
        clock = use_fake_clock(client)
        seen: list[Session] = []

        def poll(current: Session, elapsed: float) -> None:
            seen.append(current)
            if len(seen) == 2:
                service.set_session_state(*WS, session.id, execution_state="idle")

        done = client.wait_for_session(
            *WS, session.id, kernel_states=("idle",), poll_interval=1, on_poll=poll
        )
    assert done.kernel.execution_state == "idle"  # type: ignore[union-attr]
    assert len(seen) == 3
    assert clock.sleeps == [1.0, 1.5]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lifecycle_states": "ACTIVE"}, "non-empty collection"),
        ({"lifecycle_states": ()}, "non-empty collection"),
        ({"kernel_states": []}, "kernel_states"),
        ({"timeout": 0}, "timeout must be > 0"),
        ({"poll_interval": -1}, "poll_interval must be > 0"),
    ],
)
def test_bad_wait_arguments_send_nothing(
    service: LocalNotebookService, kwargs: dict[str, object], message: str
) -> None:
    with service.client() as client, pytest.raises(ValueError, match=message):
        client.wait_for_session(*WS, "s", **kwargs)  # type: ignore[arg-type]
    assert service.requests == []
