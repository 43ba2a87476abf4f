"""client.with_options(timeout=, retry=, headers=): other settings over the same pool."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from aidp_notebook import (
    InternalServerError,
    InvalidConfigError,
    NotebookClient,
    RequestTimeoutError,
    RetryPolicy,
)
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)

from .conftest import use_fake_clock

IDS = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID)


def _pool_size(client: NotebookClient) -> int:
    return len(client._sender.pool.connections)  # type: ignore[union-attr]


def test_a_derived_client_shares_the_pool_and_the_original_is_unchanged(
    service: LocalNotebookService,
) -> None:
    with service.client() as client:
        derived = client.with_options(headers={"x-trace-note": "batch-7"})
        assert type(derived) is NotebookClient
        assert derived._sender is client._sender  # type: ignore[attr-defined]
        assert derived.service_endpoint == client.service_endpoint
        client.get_session(*IDS)
        derived.get_session(*IDS)
        derived.close()  # the pool belongs to the original: this closes nothing
        client.get_session(*IDS)
        assert _pool_size(client) == 1
    plain, extra, after = service.requests
    assert "x-trace-note" not in plain.headers
    assert extra.headers["x-trace-note"] == "batch-7"
    assert "x-trace-note" not in after.headers
    assert all(r.signature_valid for r in service.requests)


def test_a_shorter_timeout_applies_to_the_derived_client_only(
    service: LocalNotebookService,
) -> None:
    with service.client(retry=None) as client:
        hasty = client.with_options(timeout=0.2)
        service.inject(Fault(delay=0.6))
        with pytest.raises(RequestTimeoutError):
            hasty.get_session(*IDS)
        service.inject(Fault(delay=0.6))
        assert client.get_session(*IDS).id == SEED_SESSION_ID


def test_retry_can_be_turned_off_and_on_per_derived_client(
    service: LocalNotebookService,
) -> None:
    with service.client() as client:
        once = client.with_options(retry=None)
        assert once.retry is None and client.retry is not None
        service.inject(Fault(status=500))
        with pytest.raises(InternalServerError) as caught:
            once.get_session(*IDS)
        assert caught.value.attempts == 1
        assert "opc-client-retries" not in service.requests[-1].headers

        again = once.with_options(retry=RetryPolicy(max_attempts=3))
        use_fake_clock(again)
        service.inject(Fault(status=500), count=2)
        assert again.get_session_detailed(*IDS).attempts == 3
        assert service.requests[-1].headers["opc-client-retries"] == "true"
    assert len(service.requests) == 4


def test_headers_accumulate_over_derivations(service: LocalNotebookService) -> None:
    with service.client() as client:
        first = client.with_options(headers={"X-Team": "ml"})
        second = first.with_options(headers={"x-team": "data", "x-cost-center": "42"})
        second.get_session(*IDS)
        first.get_session(*IDS)
    late, early = service.requests
    assert (late.headers["x-team"], late.headers["x-cost-center"]) == ("data", "42")
    assert early.headers["x-team"] == "ml" and "x-cost-center" not in early.headers


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Host", "signature covers it"),
        ("date", "signature covers it"),
        ("x-date", "signature covers it"),
        ("Authorization", "OCI request signature"),
        ("x-content-sha256", "signature covers it"),
        ("Content-Type", "request body"),
        ("content-length", "request body"),
        ("opc-request-id", "pass opc_request_id= to the method"),
        ("opc-retry-token", "pass opc_retry_token= to the method"),
        ("opc-obo-token", "opc-* headers are OCI's own"),
        ("OPC-Client-Retries", "opc-* headers are OCI's own"),
        ("if-match", "pass if_match= to the method"),
        ("datalake-tenant-id", "pass datalake_tenant_id= to the method"),
        ("accept", "JSON only"),
        ("user-agent", "OCI_SDK_APPEND_USER_AGENT"),
        ("transfer-encoding", "httpx sets it"),
        ("connection", "httpx sets it"),
    ],
)
def test_signed_and_oci_headers_cannot_be_overridden(
    service: LocalNotebookService, name: str, reason: str
) -> None:
    with service.client() as client:
        with pytest.raises(ValueError, match=f"header '{name}' cannot be set") as caught:
            client.with_options(headers={"x-fine": "1", name: "value"})
        assert reason in str(caught.value)
    assert service.requests == []


@pytest.mark.parametrize(
    ("headers", "error", "message"),
    [
        ({"x-bad": "line\r\nx-injected: 1"}, ValueError, "line breaks"),
        ({"x-bad": "caf\u00e9"}, ValueError, "non-ASCII"),
        ({"x-bad": " padded"}, ValueError, "leading/trailing spaces"),
        ({"bad name": "v"}, ValueError, "not a valid HTTP header name"),
        ({"x:colon": "v"}, ValueError, "not a valid HTTP header name"),
        ({"x-num": 5}, TypeError, "must map str to str"),
        ({"X-Twice": "a", "x-twice": "b"}, ValueError, "given twice"),
        ([("x-list", "v")], TypeError, "must be a mapping"),
    ],
)
def test_malformed_headers_are_refused(
    service: LocalNotebookService, headers: object, error: type[Exception], message: str
) -> None:
    with service.client() as client, pytest.raises(error, match=message):
        client.with_options(headers=headers)  # type: ignore[arg-type]


def test_bad_timeout_or_retry_is_refused(service: LocalNotebookService) -> None:
    with service.client() as client:
        with pytest.raises(InvalidConfigError, match="timeout"):
            client.with_options(timeout="ten")  # type: ignore[arg-type]
        with pytest.raises(InvalidConfigError, match="retry"):
            client.with_options(retry=3)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="unexpected keyword argument 'timout'"):
            client.with_options(timout=5)  # type: ignore[call-arg]


def test_an_async_derived_client_shares_the_pool(service: LocalNotebookService) -> None:
    async def main() -> None:
        async with service.async_client(retry=None) as client:
            derived = client.with_options(timeout=httpx.Timeout(5.0), headers={"x-run": "a1"})
            assert derived._sender is client._sender  # type: ignore[attr-defined]
            sessions = await asyncio.gather(derived.get_session(*IDS), client.get_session(*IDS))
            assert {s.id for s in sessions} == {SEED_SESSION_ID}
            await derived.aclose()
            assert not client._sender.is_closed  # type: ignore[attr-defined]
            await client.get_session(*IDS)

    asyncio.run(main())
    assert sorted(r.headers.get("x-run", "-") for r in service.requests) == ["-", "-", "a1"]
    assert all(r.signature_valid for r in service.requests)
