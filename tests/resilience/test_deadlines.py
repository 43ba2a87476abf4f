"""Real deadlines: a wait ends at its timeout, a trickling attempt at the minimum rate.

These run on the real clock (a deadline is about time), with servers whose misbehaviour
is bounded, so that even a regression ends; the bounds asserted are generous multiples
of the deadline, far below what the misbehaviour would cost without one.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from typing import Any

import pytest
from aidp_notebook import (
    AsyncNotebookClient,
    InternalServerError,
    NotebookClient,
    RequestTimeoutError,
    RetryPolicy,
    WaitTimeoutError,
)
from aidp_notebook.testing import Fault, LocalNotebookService

from ._fault_servers import RawServer, head, read_request
from .conftest import IDS

CREATING = json.dumps({"id": IDS[2], "name": "n", "lifecycleState": "CREATING"}).encode()


def unsigned(endpoint: str, *, asynchronous: bool = False, **kwargs: Any) -> Any:
    cls = AsyncNotebookClient if asynchronous else NotebookClient
    return cls(signer=lambda request: None, service_endpoint=endpoint, **kwargs)


def timed(call: Any) -> tuple[Any, float]:
    started = time.monotonic()
    try:
        result = call()
    except Exception as exc:  # the caller asserts on it
        result = exc
    return result, time.monotonic() - started


def test_a_wait_during_an_outage_ends_at_its_timeout(service: LocalNotebookService) -> None:
    service.inject(Fault(status=503), count=4)
    with service.client() as client:  # the default RetryPolicy: 8 attempts, up to 30 s apart
        error, elapsed = timed(lambda: client.wait_for_session(*IDS, timeout=0.5))
    assert isinstance(error, WaitTimeoutError), error
    assert error.last_session is None
    assert isinstance(error.__cause__, InternalServerError)
    assert "no poll succeeded" in str(error)
    assert elapsed < 2.5
    # One poll, then a last retry at the deadline instead of the 1 s backoff.
    assert len(service.requests) == 2


def test_a_wait_ends_at_its_timeout_while_a_poll_hangs() -> None:
    polls = []

    def handle(conn: socket.socket, server: RawServer) -> None:
        if read_request(conn) is None:
            return
        polls.append(1)
        if len(polls) == 1:
            conn.sendall(head(200, {"content-length": str(len(CREATING))}) + CREATING)
        server.sleep(20)  # later polls get no answer at all

    with RawServer(handle) as server:
        client = unsigned(server.endpoint, timeout=(2, 2), retry=RetryPolicy(max_attempts=2))
        with client:
            error, elapsed = timed(
                lambda: client.wait_for_session(*IDS, timeout=1.0, poll_interval=0.2)
            )
    assert isinstance(error, WaitTimeoutError), error
    assert error.last_session is not None
    assert error.last_session.lifecycle_state == "CREATING"
    assert isinstance(error.__cause__, RequestTimeoutError)
    assert elapsed < 2.5


def trickle(conn: socket.socket, server: RawServer) -> None:
    """Headers at once, then one byte of the body every 0.2 s (for at most 40 s)."""
    if read_request(conn) is None:
        return
    body = b" " * 198 + b"{}"
    conn.sendall(head(200, {"content-length": str(len(body))}))
    for byte in body:
        if not server.sleep(0.2):
            return
        conn.sendall(bytes([byte]))


@pytest.mark.parametrize("asynchronous", [False, True])
def test_a_trickling_body_ends_the_attempt_at_the_minimum_rate(asynchronous: bool) -> None:
    with RawServer(trickle) as server:
        client = unsigned(
            server.endpoint, asynchronous=asynchronous, timeout=(0.5, 0.5), retry=None
        )
        if asynchronous:

            async def call() -> Any:
                async with client:
                    return await client.get_session(*IDS)

            error, elapsed = timed(lambda: asyncio.run(call()))
        else:
            with client:
                error, elapsed = timed(lambda: client.get_session(*IDS))
    assert isinstance(error, RequestTimeoutError), error
    assert "too slowly" in str(error)
    # 5 bytes/s against 1024 bytes/s over the 0.5 s read timeout: over within about a second.
    assert elapsed < 2.5


def test_max_elapsed_seconds_bounds_the_whole_call_not_just_the_backoff() -> None:
    def silent(conn: socket.socket, server: RawServer) -> None:
        if read_request(conn) is not None:
            server.sleep(20)

    with RawServer(silent) as server:
        policy = RetryPolicy(max_elapsed_seconds=1.0)
        with unsigned(server.endpoint, timeout=(5, 5), retry=policy) as client:
            error, elapsed = timed(lambda: client.get_session(*IDS))
    assert isinstance(error, RequestTimeoutError), error
    assert elapsed < 2.5
