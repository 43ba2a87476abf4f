"""One error hierarchy: whatever goes wrong inside a call is an AidpError subclass.

Odd Retry-After values never raise, signers that fail become SigningError (the original
as `__cause__`, no secret in the text), over-long input is a ValueError before anything
is sent, and an unencodable OCI_SDK_APPEND_USER_AGENT cannot break every call.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from typing import Any

import oci
import pytest
from aidp_notebook import (
    AsyncNotebookClient,
    NotebookClient,
    RetryPolicy,
    Session,
    SigningError,
    TooManyRequestsError,
)
from aidp_notebook.testing import LocalNotebookService

from ..conftest import use_fake_clock
from ._fault_servers import RawServer, head, http_date, read_request
from .conftest import IDS, oci_signer

SESSION = json.dumps({"id": "s", "name": "n"}).encode()
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQifQ.c2lnbmF0dXJl"


def throttled_then_ok(retry_after: bytes, throttles: int = 1) -> Any:
    """A handler: `throttles` 429s carrying the raw Retry-After bytes, then a session."""
    seen = []

    def handle(conn: socket.socket, server: RawServer) -> None:
        if read_request(conn) is None:
            return
        seen.append(1)
        if len(seen) <= throttles:
            body = b'{"code": "TooManyRequests", "message": "slow down"}'
            conn.sendall(
                head(429, {"content-length": str(len(body)), "connection": "close"}, "Too Many")[
                    :-2
                ]
                + b"retry-after: "
                + retry_after
                + b"\r\n\r\n"
                + body
            )
            return
        conn.sendall(
            head(200, {"content-length": str(len(SESSION)), "connection": "close"}) + SESSION
        )

    return handle


@pytest.mark.parametrize(
    "value",
    ["²".encode(), "٣".encode(), b"1e400", b"-5", b"5 seconds", b"\xff\xfe", b"9" * 400,
     b"Fri, 31 Dec 9999 23:59:59 GMT", b"Wed, 21 Oct 2015 07:28:00 GMT", b"Mon, 99 Foo 2020"],
)  # fmt: skip
def test_any_retry_after_is_survived_and_the_throttle_retried(value: bytes) -> None:
    with RawServer(throttled_then_ok(value)) as server:
        client = NotebookClient(
            signer=lambda request: None, service_endpoint=server.endpoint, retry=RetryPolicy()
        )
        clock = use_fake_clock(client)
        with client:
            session = client.get_session(*IDS)
    assert isinstance(session, Session)
    assert server.connections == 2
    # Capped by the policy, never negative, whatever the header said.
    assert len(clock.sleeps) == 1
    assert 0 <= clock.sleeps[0] <= RetryPolicy().max_delay


def test_a_nonsense_retry_after_keeps_the_throttling_error_when_retries_run_out() -> None:
    with RawServer(throttled_then_ok("²".encode(), throttles=5)) as server:
        client = NotebookClient(
            signer=lambda request: None,
            service_endpoint=server.endpoint,
            retry=RetryPolicy(max_attempts=2),
        )
        use_fake_clock(client)
        with client, pytest.raises(TooManyRequestsError) as caught:
            client.get_session(*IDS)
    assert caught.value.attempts == 2


# -- signers that fail -------------------------------------------------------------------


def get_session_with(signer: Any, endpoint: str, *, asynchronous: bool) -> Session:
    if not asynchronous:
        with NotebookClient(signer=signer, service_endpoint=endpoint) as client:
            return client.get_session(*IDS)

    async def call() -> Session:
        async with AsyncNotebookClient(signer=signer, service_endpoint=endpoint) as client:
            return await client.get_session(*IDS)

    return asyncio.run(call())


class FailingSigner:
    def __init__(self, error: BaseException) -> None:
        self.error = error

    def __call__(self, request: Any) -> Any:
        raise self.error


SIGNER_FAILURES = [
    ConnectionError(f"token service unreachable while renewing {JWT}"),
    oci.exceptions.ServiceError(
        500, "InternalError", {"opc-request-id": "X"}, f"renewal failed for {JWT}"
    ),
    ValueError("-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----"),
]


@pytest.mark.parametrize("error", SIGNER_FAILURES, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_failing_signer_is_a_signing_error_with_the_cause_and_no_secret(
    service: LocalNotebookService, error: BaseException, mode: str
) -> None:
    signer = FailingSigner(error)
    with pytest.raises(SigningError) as caught:
        get_session_with(signer, service.endpoint, asynchronous=mode == "async")
    failure = caught.value
    assert failure.__cause__ is error
    assert failure.operation == "GetSession"
    assert failure.opc_request_id
    text = str(failure)
    assert "signing the request failed" in text
    assert type(error).__name__ in text
    assert "eyJ" not in text and "BEGIN" not in text and "MIIEow" not in text
    assert service.requests == []


class ExpiredTokenSigner:
    """Signs with a key the service does not know (401), and cannot renew its token."""

    def __init__(self, service: LocalNotebookService) -> None:
        self.inner = oci_signer(LocalNotebookService())  # another service's key
        self.refreshes = 0

    def __call__(self, request: Any) -> Any:
        return self.inner(request)

    def refresh_security_token(self) -> None:
        self.refreshes += 1
        raise ConnectionError(f"federation endpoint unreachable ({JWT})")


def test_a_token_refresh_that_fails_is_a_signing_error(service: LocalNotebookService) -> None:
    signer = ExpiredTokenSigner(service)
    with NotebookClient(signer=signer, service_endpoint=service.endpoint) as client:
        with pytest.raises(SigningError) as caught:
            client.get_session(*IDS)
    assert signer.refreshes == 1
    assert isinstance(caught.value.__cause__, ConnectionError)
    assert "eyJ" not in str(caught.value)
    assert len(service.requests) == 1


# -- over-long input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda c: c.get_session(*IDS[:2], "s" * 70_000), "session_id"),
        (lambda c: c.get_session("o" * 5_000, *IDS[1:]), "ai_data_platform_id"),
        (lambda c: c.list_sessions(*IDS[:2], path="/" + "p" * 70_000), "path"),
        (lambda c: c.list_sessions(*IDS[:2], cluster_id="c" * 4_097), "cluster_id"),
    ],
)
def test_over_long_input_is_a_value_error_before_sending(
    service: LocalNotebookService, call: Any, name: str
) -> None:
    with service.client() as client, pytest.raises(ValueError, match=f"^{name} is .* long"):
        call(client)
    assert service.requests == []


def test_a_url_too_long_for_any_server_is_a_value_error_before_sending(
    service: LocalNotebookService,
) -> None:
    # Each value is under the per-value limit; percent-encoded together they are not.
    emoji = "\U0001f600" * 2_000
    with service.client() as client, pytest.raises(ValueError, match="request URL"):
        client.list_sessions(*IDS[:2], path=emoji, cluster_id=emoji, agent_flow_key=emoji)
    assert service.requests == []


# -- the user agent --------------------------------------------------------------------------


def test_a_non_ascii_user_agent_suffix_is_dropped_not_an_error_per_call(
    service: LocalNotebookService,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("OCI_SDK_APPEND_USER_AGENT", "notebook-tool/1.0 caf\u00e9 \u2603\x07\r\n")
    with caplog.at_level(logging.WARNING, logger="aidp_notebook"):
        client = service.client()
    with client:
        assert client.get_session(*IDS).id == IDS[2]
    agent = service.requests[0].headers["user-agent"]
    assert agent.isascii() and agent.isprintable()
    assert agent.endswith("notebook-tool/1.0 caf")
    assert "OCI_SDK_APPEND_USER_AGENT" in caplog.text


def test_http_dates_in_the_past_mean_retry_now() -> None:
    # A date in the past is "now": the retry is not delayed by it.
    with RawServer(throttled_then_ok(http_date(-3600).encode())) as server:
        client = NotebookClient(signer=lambda request: None, service_endpoint=server.endpoint)
        clock = use_fake_clock(client)
        with client:
            client.get_session(*IDS)
    assert clock.sleeps == [0.0]
