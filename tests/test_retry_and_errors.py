"""Retries, backoff and the error classes, against injected faults of the local service."""

from __future__ import annotations

import asyncio
import email.utils
import pickle
import time

import pytest
from aidp_notebook import (
    AidpError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    InvalidResponseError,
    NotAuthenticatedError,
    NotFoundError,
    PreconditionFailedError,
    RequestTimeoutError,
    RetryPolicy,
    ServiceError,
    TooManyRequestsError,
    TransportError,
)
from aidp_notebook._retry import parse_retry_after
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)

from .conftest import use_fake_clock

IDS = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID)


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, NotAuthenticatedError),
        (404, NotFoundError),
        (409, ConflictError),
        (412, PreconditionFailedError),
        (429, TooManyRequestsError),
        (500, InternalServerError),
        (502, InternalServerError),
        (418, ServiceError),
    ],
)
def test_each_status_maps_to_its_error_class(
    service: LocalNotebookService, status: int, error_class: type[ServiceError]
) -> None:
    service.inject(
        Fault(
            status=status,
            body={"code": f"Code{status}", "message": f"message {status}"},
            headers={"opc-request-id": f"RID{status}"},
        )
    )
    with service.client(retry=None) as client, pytest.raises(error_class) as caught:
        client.get_session(*IDS)
    error = caught.value
    assert type(error) is error_class
    assert isinstance(error, AidpError)
    assert (error.status, error.code, error.message) == (
        status,
        f"Code{status}",
        f"message {status}",
    )
    assert error.opc_request_id == f"RID{status}"
    assert error.operation == "GetSession"
    assert error.url.startswith(service.endpoint)
    text = str(error)
    for part in (str(status), f"Code{status}", f"message {status}", f"RID{status}"):
        assert part in text
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is error_class and str(copy) == text


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b"<html><body>Bad Gateway</body></html>", "text/html", "non-JSON body (text/html"),
        (b"", "text/plain", "empty body"),
        (b'{"code": "X"', "application/json", "non-JSON body"),
        (b'["not", "an", "object"]', "application/json", "non-JSON body"),
    ],
)
def test_unusable_error_bodies_still_give_a_service_error(
    service: LocalNotebookService, body: bytes, content_type: str, expected: str
) -> None:
    service.inject(Fault(status=502, body=body, headers={"content-type": content_type}))
    with service.client(retry=None) as client, pytest.raises(InternalServerError) as caught:
        client.get_session(*IDS)
    assert caught.value.status == 502
    assert caught.value.code == "HTTP502"
    assert expected in caught.value.message
    assert caught.value.opc_request_id


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"not json", "not valid JSON"),
        (b"", "empty"),
        (b"[1, 2]", "body: expected an object, got list"),
        (b'{"id": "s"}', "body.name: required field is missing"),
        (b'{"id": 5, "name": "n"}', "body.id: expected a string, got int"),
        (b'{"id": "s", "name": "n", "kernel": {"id": "k", "connections": "many"}}', "connections"),
        (
            b'{"id": "s", "name": "n", "kernel": {"id": "k", "last_activity": 5}}',
            "body.kernel.last_activity: expected a string, got int",
        ),
        (b'{"id": "s", "name": "n", "kernel": "k"}', "body.kernel: expected an object, got str"),
        (
            b'{"id": "s", "name": "n", "lifecycleState": 3}',
            "body.lifecycleState: expected a string",
        ),
        (b'{"id": "s", "name": "n", "kernel": {"id": "k", "connections": true}}', "integer"),
    ],
)
def test_bad_success_bodies_raise_invalid_response(
    service: LocalNotebookService, body: bytes, problem: str
) -> None:
    service.inject(Fault(status=200, body=body, headers={"opc-request-id": "RID-BAD"}))
    with service.client(retry=None) as client, pytest.raises(InvalidResponseError) as caught:
        client.get_session(*IDS)
    error = caught.value
    assert problem in str(error)
    assert error.status == 200
    assert error.opc_request_id == "RID-BAD"
    assert "RID-BAD" in str(error)


def test_throttling_is_retried_honouring_retry_after_seconds(service: LocalNotebookService) -> None:
    service.inject(Fault(status=429, headers={"retry-after": "7"}), count=2)
    with service.client() as client:
        clock = use_fake_clock(client)
        response = client.get_session_detailed(*IDS, opc_request_id="same-id")
    assert response.attempts == 3
    assert clock.sleeps == [7.0, 7.0]
    assert [r.headers["opc-request-id"] for r in service.requests] == ["same-id"] * 3
    assert all(r.signature_valid for r in service.requests)


def test_each_attempt_is_signed_afresh(service: LocalNotebookService) -> None:
    service.inject(Fault(status=503))
    with service.client() as client:
        clock = use_fake_clock(client)
        # Real time must pass between attempts for the date (whole seconds) to differ.
        client._sleep = lambda s: (clock.sleep(s), time.sleep(1.05))  # type: ignore[attr-defined]
        client.get_session(*IDS)
    dates = [r.headers["date"] for r in service.requests]
    assert len(set(dates)) == 2
    assert len({r.signature for r in service.requests}) == 2
    assert all(r.signature_valid for r in service.requests)


def test_retry_after_http_date_is_honoured_and_capped() -> None:
    now = time.time()
    in_twelve = email.utils.formatdate(now + 12, usegmt=True)
    assert parse_retry_after(in_twelve, now=now) == pytest.approx(12, abs=1)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    policy = RetryPolicy(max_delay=30)
    assert policy.delay(1, retry_after=120) == 30


def test_server_errors_shorter_than_max_attempts_recover(service: LocalNotebookService) -> None:
    for status in (500, 502, 503, 504):
        service.inject(Fault(status=status))
    with service.client(retry=RetryPolicy(max_attempts=5)) as client:
        clock = use_fake_clock(client)
        response = client.get_session_detailed(*IDS)
    assert response.attempts == 5
    assert len(clock.sleeps) == 4
    # Exponential backoff with equal jitter: each wait within [half, full] of 1, 2, 4, 8 s.
    for attempt, waited in enumerate(clock.sleeps, start=1):
        ceiling = min(30.0, 2 ** (attempt - 1))
        assert ceiling / 2 <= waited <= ceiling


def test_server_errors_longer_than_max_attempts_fail(service: LocalNotebookService) -> None:
    service.inject(Fault(status=503), count=10)
    with service.client(retry=RetryPolicy(max_attempts=3)) as client:
        use_fake_clock(client)
        with pytest.raises(InternalServerError) as caught:
            client.get_session(*IDS)
    assert caught.value.status == 503
    assert len(service.requests) == 3
    assert str(caught.value).endswith(
        f"(after 3 attempts) (opc-request-id: {caught.value.opc_request_id})"
    )


def test_a_throttled_call_says_how_often_it_was_tried(service: LocalNotebookService) -> None:
    service.inject(Fault(status=429, headers={"Retry-After": "1"}), count=10)
    with service.client(retry=RetryPolicy(max_attempts=4)) as client:
        use_fake_clock(client)
        with pytest.raises(TooManyRequestsError) as caught:
            client.get_session(*IDS)
    assert caught.value.attempts == 4
    assert "(after 4 attempts)" in str(caught.value)
    service.inject(Fault(status=429), count=1)
    with service.client(retry=None) as client, pytest.raises(TooManyRequestsError) as once:
        client.get_session(*IDS)
    assert "attempts" not in str(once.value)


@pytest.mark.parametrize("status", [400, 401, 404, 412, 501])
def test_non_retryable_statuses_are_tried_once(service: LocalNotebookService, status: int) -> None:
    service.inject(Fault(status=status), count=3)
    with service.client() as client:
        clock = use_fake_clock(client)
        with pytest.raises(ServiceError):
            client.get_session(*IDS)
    assert len(service.requests) == 1
    assert clock.sleeps == []


@pytest.mark.parametrize(("code", "retried"), [("IncorrectState", True), ("Conflict", False)])
def test_conflicts_are_retried_only_for_transient_codes(
    service: LocalNotebookService, code: str, retried: bool
) -> None:
    service.inject(Fault(status=409, body={"code": code, "message": "busy"}))
    with service.client() as client:
        use_fake_clock(client)
        if retried:
            assert client.get_session(*IDS).id == SEED_SESSION_ID
        else:
            with pytest.raises(ConflictError):
                client.get_session(*IDS)
    assert len(service.requests) == (2 if retried else 1)


def test_max_elapsed_stops_mid_backoff(service: LocalNotebookService) -> None:
    service.inject(Fault(status=429, headers={"retry-after": "20"}), count=10)
    policy = RetryPolicy(max_attempts=8, max_elapsed_seconds=50, max_delay=30)
    with service.client(retry=policy) as client:
        clock = use_fake_clock(client)
        with pytest.raises(TooManyRequestsError):
            client.get_session(*IDS)
    # 20 + 20 fit in 50 s; a third wait of 20 would not, so it gives up after 3 attempts.
    assert clock.sleeps == [20.0, 20.0]
    assert len(service.requests) == 3


def test_dropped_connections_are_retried(service: LocalNotebookService) -> None:
    service.inject(Fault(action="drop"), count=2)
    with service.client() as client:
        clock = use_fake_clock(client)
        response = client.get_session_detailed(*IDS)
    assert response.attempts == 3
    assert len(clock.sleeps) == 2
    ids = {r.headers["opc-request-id"] for r in service.requests}
    assert len(ids) == 1


def test_drops_past_the_retries_raise_transport_error(service: LocalNotebookService) -> None:
    service.inject(Fault(action="drop"), count=5)
    with service.client(retry=RetryPolicy(max_attempts=2)) as client:
        use_fake_clock(client)
        with pytest.raises(TransportError) as caught:
            client.get_session(*IDS)
    assert not isinstance(caught.value, RequestTimeoutError)
    assert caught.value.attempts == 2
    assert caught.value.opc_request_id in str(caught.value)


def test_read_timeouts_are_retried_then_raise(service: LocalNotebookService) -> None:
    service.inject(Fault(delay=1.0), count=2)
    with service.client(timeout=(1, 0.2), retry=RetryPolicy(max_attempts=2)) as client:
        use_fake_clock(client)
        with pytest.raises(RequestTimeoutError) as caught:
            client.get_session(*IDS)
    assert "timed out" in str(caught.value)
    assert caught.value.attempts == 2


def test_slow_response_within_timeout_succeeds(service: LocalNotebookService) -> None:
    service.inject(Fault(delay=0.3))
    with service.client(timeout=(1, 0.2), retry=RetryPolicy(max_attempts=2)) as client:
        use_fake_clock(client)
        assert client.get_session(*IDS).id == SEED_SESSION_ID
    assert len(service.requests) == 2


def test_connection_refused_raises_transport_error() -> None:
    with LocalNotebookService() as gone:
        endpoint, config = gone.endpoint, gone.config
    from aidp_notebook import NotebookClient

    with NotebookClient(config, service_endpoint=endpoint, retry=None) as client:
        with pytest.raises(TransportError) as caught:
            client.get_session(*IDS)
    assert "ConnectError" in str(caught.value)
    assert "check the endpoint" in str(caught.value)


class RefreshingSigner:
    """Wraps a working signer; starts 'expired' and becomes valid after a refresh."""

    def __init__(self, good: object, bad: object) -> None:
        self.good, self.bad, self.refreshes = good, bad, 0

    def refresh_security_token(self) -> None:
        self.refreshes += 1

    def __call__(self, request: object) -> object:
        signer = self.good if self.refreshes else self.bad
        return signer(request)  # type: ignore[operator]


def test_token_signers_refresh_once_on_401(service: LocalNotebookService) -> None:
    from aidp_notebook._config import signer_from_config

    with LocalNotebookService(seed=False) as other:
        bad = signer_from_config(other.config)
    signer = RefreshingSigner(signer_from_config(service.config), bad)
    from aidp_notebook import NotebookClient

    with NotebookClient(signer=signer, service_endpoint=service.endpoint, retry=None) as client:
        assert client.get_session(*IDS).id == SEED_SESSION_ID
    assert signer.refreshes == 1
    assert [r.signature_valid for r in service.requests] == [False, True]


def test_token_refresh_happens_only_once(service: LocalNotebookService) -> None:
    from aidp_notebook import NotebookClient
    from aidp_notebook._config import signer_from_config

    with LocalNotebookService(seed=False) as other:
        bad = signer_from_config(other.config)
    signer = RefreshingSigner(bad, bad)
    with NotebookClient(signer=signer, service_endpoint=service.endpoint) as client:
        with pytest.raises(NotAuthenticatedError):
            client.get_session(*IDS)
    assert signer.refreshes == 1
    assert len(service.requests) == 2


def test_async_retries_share_the_core(service: LocalNotebookService) -> None:
    service.inject(Fault(status=429, headers={"retry-after": "3"}))
    service.inject(Fault(action="drop"))

    async def main() -> int:
        async with service.async_client() as client:
            clock = use_fake_clock(client)
            response = await client.get_session_detailed(*IDS)
            assert clock.sleeps[0] == 3.0
            return response.attempts

    assert asyncio.run(main()) == 3


def test_retry_policy_validates_its_fields() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError, match="base_delay"):
        RetryPolicy(base_delay=-1)
    with pytest.raises(ValueError, match="must not exceed"):
        RetryPolicy(base_delay=40, max_delay=30)
    assert RetryPolicy() == RetryPolicy(8, 600, 1.0, 30.0)
