"""Retries under injected faults, sync and async, on the fake clock.

tests/test_retry_and_errors.py already proves, for the sync client: Retry-After in
seconds, a 4-status 5xx run that recovers and a 503 run that exhausts 3 attempts,
non-retryable statuses, drops, timeouts, max_elapsed with Retry-After, token refresh.
This module adds what it does not: the HTTP-date form end to end, each 5xx status on
both sides of max_attempts for both clients, every attempt's opc-request-id and fresh
signature (counted with a wrapping signer), time spent inside attempts counting
against max_elapsed_seconds, the async client throughout, and concurrency.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections import Counter
from typing import Any

import pytest
from aidp_notebook import (
    AsyncNotebookClient,
    InternalServerError,
    RequestTimeoutError,
    RetryPolicy,
    Session,
    TooManyRequestsError,
    TransportError,
)
from aidp_notebook.testing import SEED_SESSION_ID, Fault, LocalNotebookService

from ..conftest import FakeClock, use_fake_clock
from .conftest import IDS, assert_attempts_of_one_call, counting_client, http_client_with_hooks

MODES = ["sync", "async"]


def get(client: Any, *, http: Any = None, **kwargs: Any) -> Any:
    """get_session_detailed on either client from synchronous code; closes client and http."""
    if isinstance(client, AsyncNotebookClient):

        async def run() -> Any:
            try:
                return await client.get_session_detailed(*IDS, **kwargs)
            finally:
                await client.aclose()
                if http is not None:
                    await http.aclose()

        return asyncio.run(run())
    try:
        return client.get_session_detailed(*IDS, **kwargs)
    finally:
        client.close()
        if http is not None:
            http.close()


def call_and_catch(client: Any, **kwargs: Any) -> Any:
    """The ApiResponse, or the exception the call raised."""
    try:
        return get(client, **kwargs)
    except Exception as exc:
        return exc


@pytest.fixture
def deterministic_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    # Equal jitter draws from [ceiling/2, ceiling]; pin it to the ceiling.
    monkeypatch.setattr(random, "uniform", lambda low, high: high)


# -- Retry-After -------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_retry_after_http_date_is_honoured_end_to_end(
    service: LocalNotebookService, mode: str
) -> None:
    when = email.utils.formatdate(time.time() + 12, usegmt=True)
    service.inject(Fault(status=429, headers={"retry-after": when}), count=2)
    client, signer = counting_client(service, asynchronous=mode == "async")
    clock = use_fake_clock(client)
    response = get(client, opc_request_id="date-form")
    assert response.attempts == 3
    assert isinstance(response.data, Session)
    # Whole seconds in the header and real time passing: a little under 12 s, and far
    # above what the backoff alone would wait (at most 1 s, then 2 s).
    assert len(clock.sleeps) == 2
    assert all(6 < waited <= 12 for waited in clock.sleeps), clock.sleeps
    assert_attempts_of_one_call(service.requests, signer)
    assert service.requests[0].headers["opc-request-id"] == "date-form"


@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [
        ("0", 0.0),
        (" 3 ", 3.0),
        ("120", 30.0),  # capped at max_delay
        ("99999999999999999999", 30.0),
        (email.utils.formatdate(time.time() - 3600, usegmt=True), 0.0),  # already past
    ],
)
def test_retry_after_values_become_waits(
    service: LocalNotebookService, retry_after: str, expected: float
) -> None:
    service.inject(Fault(status=503, headers={"retry-after": retry_after}))
    client, signer = counting_client(service)
    clock = use_fake_clock(client)
    assert get(client).attempts == 2
    assert clock.sleeps == [expected]
    assert_attempts_of_one_call(service.requests, signer)


@pytest.mark.parametrize("retry_after", ["soon", "-5", "1.5e3", "Mon, 99 Foo 2026", ""])
def test_unusable_retry_after_falls_back_to_backoff(
    service: LocalNotebookService, retry_after: str, deterministic_backoff: None
) -> None:
    service.inject(Fault(status=429, headers={"retry-after": retry_after}))
    client, _ = counting_client(service, retry=RetryPolicy(base_delay=1.5))
    clock = use_fake_clock(client)
    assert get(client).attempts == 2
    assert clock.sleeps == [1.5]


# -- 5xx runs on both sides of max_attempts --------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_error_runs_shorter_than_max_attempts_recover(
    service: LocalNotebookService, mode: str, status: int
) -> None:
    service.inject(Fault(status=status), count=3)
    client, signer = counting_client(
        service, asynchronous=mode == "async", retry=RetryPolicy(max_attempts=4)
    )
    clock = use_fake_clock(client)
    response = get(client)
    assert response.attempts == 4
    assert response.data.id == SEED_SESSION_ID
    assert [r.status for r in service.requests] == [status, status, status, 200]
    assert len(clock.sleeps) == 3
    assert_attempts_of_one_call(service.requests, signer)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_error_runs_longer_than_max_attempts_fail_after_exactly_max(
    service: LocalNotebookService, mode: str, status: int
) -> None:
    service.inject(Fault(status=status), count=6)
    client, signer = counting_client(
        service, asynchronous=mode == "async", retry=RetryPolicy(max_attempts=4)
    )
    clock = use_fake_clock(client)
    error = call_and_catch(client)
    assert isinstance(error, InternalServerError)
    assert error.status == status
    assert len(service.requests) == 4
    assert service.pending_faults == 2  # the call stopped; nothing else was sent
    assert len(clock.sleeps) == 3  # no wait after the last attempt
    assert error.opc_request_id == service.requests[0].headers["opc-request-id"]
    assert_attempts_of_one_call(service.requests, signer)


@pytest.mark.parametrize("mode", MODES)
def test_501_and_4xx_in_a_run_stop_the_retries(service: LocalNotebookService, mode: str) -> None:
    service.inject(Fault(status=503))
    service.inject(Fault(status=501))
    service.inject(Fault(status=503), count=3)
    client, signer = counting_client(service, asynchronous=mode == "async")
    use_fake_clock(client)
    error = call_and_catch(client)
    assert isinstance(error, InternalServerError)
    assert error.status == 501
    assert len(service.requests) == 2
    assert_attempts_of_one_call(service.requests, signer)


# -- connection resets and read timeouts ----------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_connection_resets_are_retried_with_the_same_request_id(
    service: LocalNotebookService, mode: str
) -> None:
    service.inject(Fault.drop(), count=2)
    client, signer = counting_client(service, asynchronous=mode == "async")
    clock = use_fake_clock(client)
    response = get(client, opc_request_id="reset-me")
    assert response.attempts == 3
    assert [r.status for r in service.requests] == [0, 0, 200]  # 0: dropped unanswered
    assert len(clock.sleeps) == 2
    assert_attempts_of_one_call(service.requests, signer)
    assert service.requests[0].headers["opc-request-id"] == "reset-me"


@pytest.mark.parametrize("mode", MODES)
def test_connection_resets_past_max_attempts_raise_transport_error(
    service: LocalNotebookService, mode: str
) -> None:
    service.inject(Fault.drop(), count=5)
    client, signer = counting_client(
        service, asynchronous=mode == "async", retry=RetryPolicy(max_attempts=3)
    )
    use_fake_clock(client)
    error = call_and_catch(client)
    assert type(error) is TransportError
    assert error.attempts == 3
    assert error.opc_request_id == service.requests[0].headers["opc-request-id"]
    assert_attempts_of_one_call(service.requests, signer)


@pytest.mark.parametrize("mode", MODES)
def test_a_reset_without_retries_is_one_attempt(service: LocalNotebookService, mode: str) -> None:
    service.inject(Fault.drop(), count=2)
    client, signer = counting_client(service, asynchronous=mode == "async", retry=None)
    error = call_and_catch(client)
    assert type(error) is TransportError
    assert error.attempts == 1
    assert len(service.requests) == 1
    assert signer.calls == 1


@pytest.mark.parametrize("mode", MODES)
def test_read_timeouts_from_slow_responses_are_retried_then_succeed(
    service: LocalNotebookService, mode: str
) -> None:
    service.inject(Fault.slow(0.6), count=2)
    client, signer = counting_client(
        service, asynchronous=mode == "async", timeout=(2, 0.15), retry=RetryPolicy(max_attempts=3)
    )
    use_fake_clock(client)
    response = get(client)
    assert response.attempts == 3
    assert_attempts_of_one_call(service.requests, signer)


def test_async_read_timeouts_past_max_attempts_raise_request_timeout(
    service: LocalNotebookService,
) -> None:
    service.inject(Fault.slow(0.6), count=2)
    client, signer = counting_client(
        service, asynchronous=True, timeout=(2, 0.15), retry=RetryPolicy(max_attempts=2)
    )
    use_fake_clock(client)
    error = call_and_catch(client)
    assert isinstance(error, RequestTimeoutError)
    assert error.attempts == 2
    assert_attempts_of_one_call(service.requests, signer)


# -- max_elapsed_seconds --------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_max_elapsed_reached_mid_backoff_gives_up_before_sleeping(
    service: LocalNotebookService, mode: str, deterministic_backoff: None
) -> None:
    service.inject(Fault(status=503), count=8)
    policy = RetryPolicy(max_attempts=8, max_elapsed_seconds=10, base_delay=1, max_delay=30)
    client, signer = counting_client(service, asynchronous=mode == "async", retry=policy)
    clock = use_fake_clock(client)
    error = call_and_catch(client)
    assert isinstance(error, InternalServerError)
    # Waits of 1, 2 and 4 s fit in 10 s; the next (8 s) would end at 15 s, so no 5th attempt.
    assert clock.sleeps == [1, 2, 4]
    assert len(service.requests) == 4
    assert_attempts_of_one_call(service.requests, signer)


@pytest.mark.parametrize("mode", MODES)
def test_time_spent_in_attempts_counts_against_max_elapsed(
    service: LocalNotebookService, mode: str
) -> None:
    service.inject(Fault(status=429, headers={"retry-after": "1"}), count=8)
    clocks: list[FakeClock] = []

    def slow_answer(response: object) -> None:
        clocks[0].now += 3  # every answer takes 3 s of (fake) time

    http = http_client_with_hooks(mode == "async", response=[slow_answer])
    policy = RetryPolicy(max_attempts=8, max_elapsed_seconds=10)
    client, signer = counting_client(
        service, asynchronous=mode == "async", retry=policy, http_client=http
    )
    clocks.append(use_fake_clock(client))
    error = call_and_catch(client, http=http)
    assert isinstance(error, TooManyRequestsError)
    # 3 s + 1 s wait, 3 s + 1 s wait, then 3 s: 11 s + 1 s would pass 10 s.
    assert clocks[0].sleeps == [1.0, 1.0]
    assert len(service.requests) == 3
    assert_attempts_of_one_call(service.requests, signer)


# -- concurrency ----------------------------------------------------------------------


def test_concurrent_async_calls_each_keep_their_request_id_across_retries(
    service: LocalNotebookService,
) -> None:
    service.inject(Fault(status=503), count=6)
    service.inject(Fault.drop(), count=4)
    client, signer = counting_client(service, asynchronous=True)
    use_fake_clock(client)

    async def main() -> list[Any]:
        async with client:
            calls = [client.get_session_detailed(*IDS) for _ in range(10)]  # type: ignore[union-attr]
            return await asyncio.gather(*calls)

    responses = asyncio.run(main())
    assert all(r.data.id == SEED_SESSION_ID for r in responses)
    per_id = Counter(r.headers["opc-request-id"] for r in service.requests)
    assert len(per_id) == 10
    assert sum(per_id.values()) == 20 == signer.calls
    # Each call's count of attempts is what the service saw under that call's id.
    assert {r.opc_request_id: r.attempts for r in responses} == dict(per_id)
    assert all(r.signature_valid for r in service.requests)
