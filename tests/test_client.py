"""NotebookClient and AsyncNotebookClient against the local service, over loopback."""

from __future__ import annotations

import asyncio
import datetime
import re
from urllib.parse import unquote

import aidp_notebook
import httpx
import pytest
from aidp_notebook import (
    ApiResponse,
    AsyncNotebookClient,
    InternalServerError,
    InvalidConfigError,
    Kernel,
    NotAuthenticatedError,
    NotebookClient,
    NotFoundError,
    RetryPolicy,
    ServiceError,
    Session,
    SessionLifecycleState,
)
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)

from .stalling_server import SESSION_ID as RAW_SESSION_ID
from .stalling_server import StallingServer

IDS = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID)


def test_get_session_returns_a_typed_session(service: LocalNotebookService) -> None:
    with service.client() as client:
        session = client.get_session(*IDS)
    assert isinstance(session, Session)
    assert session.id == SEED_SESSION_ID
    stored = service.get_session_json(*IDS)
    assert stored is not None
    assert session.name == stored["name"]
    assert isinstance(session.lifecycle_state, SessionLifecycleState)
    assert isinstance(session.kernel, Kernel)
    # Kept as sent (a plain string in SDK 5.1.1); read as a time where it is one.
    assert session.kernel.last_activity == stored["kernel"]["last_activity"]
    activity = aidp_notebook.last_activity_time(session)
    assert isinstance(activity, datetime.datetime)
    assert activity.tzinfo is not None
    (recorded,) = service.requests
    assert recorded.signature_valid, recorded.signature_problem
    assert recorded.method == "GET"


def test_detailed_exposes_status_headers_etag_and_request_id(
    service: LocalNotebookService,
) -> None:
    with service.client() as client:
        response = client.get_session_detailed(*IDS, opc_request_id="my-trace_01")
    assert isinstance(response, ApiResponse)
    assert response.status_code == 200
    assert response.opc_request_id == "my-trace_01"
    assert response.etag and response.etag == response.headers["etag"]
    assert response.attempts == 1
    assert service.requests[0].headers["opc-request-id"] == "my-trace_01"


def test_every_request_carries_a_generated_request_id_and_user_agent(
    service: LocalNotebookService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OCI_SDK_APPEND_USER_AGENT", "my-tool/2.0")
    with service.client() as client:
        client.get_session(*IDS)
        client.get_session(*IDS)
    first, second = service.requests
    for recorded in (first, second):
        assert re.fullmatch(r"[0-9A-F]{32}", recorded.headers["opc-request-id"])
        agent = recorded.headers["user-agent"]
        assert agent.startswith("aidp-notebook/")
        assert "python 3." in agent
        assert agent.endswith(" my-tool/2.0")
        assert recorded.headers["opc-client-retries"] == "true"
    assert first.headers["opc-request-id"] != second.headers["opc-request-id"]


def test_no_retry_header_without_retries(service: LocalNotebookService) -> None:
    with service.client(retry=None) as client:
        client.get_session(*IDS)
    assert "opc-client-retries" not in service.requests[0].headers


def test_one_connection_pool_is_reused(service: LocalNotebookService) -> None:
    with service.client() as client:
        for _ in range(3):
            client.get_session(*IDS)
        pool = client._sender.pool  # type: ignore[union-attr]
        assert len(pool.connections) == 1


@pytest.mark.parametrize(
    "awkward",
    [
        "with space",
        "slash/inside",
        "percent%41sign",
        "question?mark",
        "hash#tag",
        "ünïcödé-セッション",
        "semi;colon=eq&amp",
        "plus+sign",
        "..dots..",
        "~tilde",
    ],
)
def test_awkward_ids_are_sent_as_one_encoded_segment(
    service: LocalNotebookService, awkward: str
) -> None:
    service.add_session(awkward, awkward, {"id": awkward, "name": "awkward"})
    with service.client() as client:
        session = client.get_session(awkward, awkward, awkward)
    assert session.id == awkward
    recorded = service.requests[-1]
    assert recorded.signature_valid, recorded.signature_problem
    segments = recorded.target.split("?")[0].split("/")
    # /20260430/aiDataPlatforms/{p}/workspaces/{w}/notebook/api/sessions/{s}
    assert [unquote(segments[i]) for i in (3, 5, 9)] == [awkward] * 3
    assert len(segments) == 10


def test_not_found_raises_a_typed_error_with_request_id(service: LocalNotebookService) -> None:
    with service.client() as client, pytest.raises(NotFoundError) as caught:
        client.get_session(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, "no-such-session")
    error = caught.value
    assert error.status == 404
    assert error.code == "NotAuthorizedOrNotFound"
    assert error.operation == "GetSession"
    assert error.url.endswith("/sessions/no-such-session")
    assert error.opc_request_id == service.requests[-1].headers["opc-request-id"]
    assert error.opc_request_id in str(error)
    assert "404" in str(error) and "NotAuthorizedOrNotFound" in str(error)


def test_path_prefix_rides_in_the_service_endpoint() -> None:
    with LocalNotebookService(path_prefix="/api") as prefixed:
        assert prefixed.endpoint.endswith("/api")
        with prefixed.client() as client:
            assert client.get_session(*IDS).id == SEED_SESSION_ID
        assert prefixed.requests[0].target.startswith("/api/20260430/")


def test_from_file_reads_a_profile(service: LocalNotebookService, tmp_path: object) -> None:
    config_path = service.write_config_file(tmp_path, profile="LOCAL")  # type: ignore[arg-type]
    with NotebookClient.from_file(
        str(config_path), "LOCAL", service_endpoint=service.endpoint
    ) as client:
        assert client.get_session(*IDS).id == SEED_SESSION_ID


def test_wrong_key_is_rejected_by_the_service(service: LocalNotebookService) -> None:
    with LocalNotebookService(seed=False) as other:
        # Signed with another instance's key: the service must not accept it.
        with (
            NotebookClient(other.config, service_endpoint=service.endpoint, retry=None) as client,
            pytest.raises(NotAuthenticatedError) as caught,
        ):
            client.get_session(*IDS)
    assert caught.value.status == 401
    assert not service.requests[-1].signature_valid


def test_redirects_are_not_followed(service: LocalNotebookService) -> None:
    service.inject(Fault(status=307, headers={"location": "http://127.0.0.2:1/steal"}, body=b""))
    with service.client(retry=None) as client, pytest.raises(ServiceError) as caught:
        client.get_session(*IDS)
    assert caught.value.status == 307
    assert len(service.requests) == 1


def test_user_supplied_http_client_is_used_and_left_open(service: LocalNotebookService) -> None:
    seen: list[str] = []
    http = httpx.Client(event_hooks={"request": [lambda r: seen.append(str(r.url))]})
    with service.client(http_client=http) as client:
        client.get_session(*IDS)
    assert len(seen) == 1
    assert not http.is_closed
    http.close()


def test_wrong_http_client_type_is_refused(service: LocalNotebookService) -> None:
    with pytest.raises(InvalidConfigError, match="http_client"):
        service.client(http_client=httpx.AsyncClient())


def test_async_client_gets_sessions_concurrently(service: LocalNotebookService) -> None:
    async def main() -> list[Session]:
        async with service.async_client() as client:
            assert isinstance(client, AsyncNotebookClient)
            return await asyncio.gather(*(client.get_session(*IDS) for _ in range(20)))

    sessions = asyncio.run(main())
    assert {s.id for s in sessions} == {SEED_SESSION_ID}
    assert len(service.requests) == 20
    assert all(r.signature_valid for r in service.requests)
    assert len({r.headers["opc-request-id"] for r in service.requests}) == 20


def test_async_errors_and_detailed(service: LocalNotebookService) -> None:
    service.inject(Fault(status=500))

    async def main() -> None:
        async with service.async_client(retry=None) as client:
            with pytest.raises(InternalServerError):
                await client.get_session(*IDS)
            response = await client.get_session_detailed(*IDS, opc_request_id="async-1")
            assert response.opc_request_id == "async-1"
            assert response.data.id == SEED_SESSION_ID

    asyncio.run(main())


def test_async_pool_reuses_a_connection_and_returns_every_slot() -> None:
    """Sequential calls share one kept-alive connection, concurrent ones spread, and a
    dropped connection is retried by the core (a new attempt), not resent by aiohttp."""
    config = LocalNotebookService(seed=False).config
    ids = ("ocid1.aidataplatform.oc1..raw", "raw-workspace", RAW_SESSION_ID)

    async def main() -> tuple[int, int, list[int], int]:
        server = StallingServer()
        endpoint = await server.start()
        retry = RetryPolicy(base_delay=0.01, max_delay=0.01)
        try:
            async with AsyncNotebookClient(
                config, service_endpoint=endpoint, retry=retry
            ) as client:
                for n in range(5):
                    await client.get_session(*ids, opc_request_id=f"ok-{n}")
                sequential = server.accepted
                await asyncio.gather(
                    *(client.get_session(*ids, opc_request_id=f"ok-c{n}") for n in range(30))
                )
                concurrent = server.accepted
                dropped = [
                    (await client.get_session_detailed(*ids, opc_request_id=f"drop-{n}")).attempts
                    for n in range(3)
                ]
                return sequential, concurrent, dropped, client._sender._in_flight  # type: ignore[union-attr]
        finally:
            await server.close()

    sequential, concurrent, dropped, in_flight = asyncio.run(main())
    assert sequential == 1
    assert 1 < concurrent <= 31
    assert dropped == [2, 2, 2]
    assert in_flight == 0
