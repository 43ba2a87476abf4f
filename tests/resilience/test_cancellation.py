"""Cancelled calls leave AsyncNotebookClient working and leak no connection.

Hundreds of calls are cancelled, with `asyncio.wait_for` and `task.cancel()`, at every
point of a call: while signing and connecting (a task cancelled after 0 to 39 turns of
the event loop, against `localhost`, so name resolution is one of the points), waiting
for a free connection, sending (a 4 MiB body the server takes in at a trickle), waiting
for the answer, reading the status line and headers, reading the body, and sleeping
between retries. A raw server on loopback (tests/stalling_server.py) stalls each call at
the point asked for. After every kind of cancellation:

- every connection a cancelled call had open is closed by the client (the server sees
  each one go), and the client never had more connections open than its limit;

and at the end, more calls than the client has connections all succeed at once. A
second test cancels thousands of calls against a server that answers at once, under pool
contention: httpx's pool (encode/httpcore#1093) lost a connection slot to each call
cancelled between being handed a new connection and opening it, until every call failed
with PoolTimeout, as the async client did before it drove aiohttp.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from aidp_notebook import AsyncNotebookClient, RetryPolicy, Session
from aidp_notebook.testing import LocalNotebookService

from ..stalling_server import SESSION_ID, StallingServer

# The client's connection limit (httpx's default too), and the most a test may see open.
MAX_CONNECTIONS = 100
PLATFORM, WORKSPACE = "ocid1.aidataplatform.oc1..raw", "raw-workspace"
LARGE_PATH = "/" + "a" * (4 * 1024 * 1024)


@pytest.fixture(scope="module")
def signing_config() -> dict[str, str]:
    """A key to sign with; the raw server verifies nothing."""
    return LocalNotebookService(seed=False).config


Scenario = Callable[[AsyncNotebookClient, StallingServer], Awaitable[Any]]


def run(config: dict[str, str], scenario: Scenario, *, max_delay: float = 30) -> Any:
    """Run `scenario` with a client of the default transport against a fresh raw server."""

    async def main() -> Any:
        server = StallingServer()
        endpoint = (await server.start()).replace("127.0.0.1", "localhost")
        client = AsyncNotebookClient(
            config,
            service_endpoint=endpoint,
            # Short connect/pool timeouts: a leaked pool fails in seconds, not minutes.
            timeout=(3, 30),
            retry=RetryPolicy(max_attempts=3, base_delay=0.05, max_delay=max_delay),
        )
        try:
            return await scenario(client, server)
        finally:
            await client.aclose()
            await server.close()

    return asyncio.run(main())


def get(client: AsyncNotebookClient, request_id: str) -> Awaitable[Session]:
    return client.get_session(PLATFORM, WORKSPACE, SESSION_ID, opc_request_id=request_id)


def ids(phase: str, count: int, start: int = 0) -> Iterator[str]:
    return (f"{phase}-{n}" for n in range(start, start + count))


async def cancelled_by_wait_for(calls: list[Awaitable[Any]], timeouts: list[float]) -> int:
    """Await each call under its own wait_for; every one must time out (be cancelled)."""
    results = await asyncio.gather(
        *(asyncio.wait_for(call, timeout) for call, timeout in zip(calls, timeouts, strict=True)),
        return_exceptions=True,
    )
    unexpected = [r for r in results if not isinstance(r, TimeoutError)]
    assert not unexpected, unexpected[:3]
    return len(results)


async def leaves_nothing_behind(server: StallingServer) -> None:
    """The client closed every connection of its cancelled calls, within its limit."""
    await server.settle(stalled=0)
    assert server.stalled == 0, f"{server.stalled} connections of cancelled calls left open"
    assert server.peak_open <= MAX_CONNECTIONS


async def all_succeed(client: AsyncNotebookClient, count: int, start: int = 0) -> None:
    calls = asyncio.gather(*(get(client, rid) for rid in ids("ok", count, start)))
    sessions = await asyncio.wait_for(calls, 30)
    assert {session.id for session in sessions} == {SESSION_ID}


@pytest.mark.timeout(120)
def test_hundreds_of_cancellations_at_every_point_leave_the_client_working(
    signing_config: dict[str, str],
) -> None:
    async def scenario(client: AsyncNotebookClient, server: StallingServer) -> int:
        cancelled = 0
        await all_succeed(client, 3)  # warm: a kept-alive connection exists
        # Waiting for the answer, in the status line or headers, in the body: 1..60 ms.
        for phase in ("silent", "head", "body"):
            for batch in range(2):
                calls = [get(client, rid) for rid in ids(phase, 30, 30 * batch)]
                cancelled += await cancelled_by_wait_for(calls, [0.002 * n for n in range(1, 31)])
            await leaves_nothing_behind(server)
        # Sleeping between retries: the 503 comes at once, the wait for the next attempt is long.
        calls = [get(client, rid) for rid in ids("busy", 40)]
        cancelled += await cancelled_by_wait_for(calls, [0.02 + 0.002 * n for n in range(40)])
        await leaves_nothing_behind(server)
        # Signing, resolving `localhost`, connecting, writing: cancelled after k loop turns.
        for turns in range(40):
            tasks = [asyncio.create_task(get(client, rid)) for rid in ids("silent", 3, 100)]
            for _ in range(turns):
                await asyncio.sleep(0)
            for task in tasks:
                task.cancel()
            results = await asyncio.gather(*tasks, return_exceptions=True)
            assert all(isinstance(r, asyncio.CancelledError) for r in results), results
            cancelled += len(tasks)
        await leaves_nothing_behind(server)
        # Sending: a 4 MiB body that the server reads at a trickle.
        details = {"name": "large", "path": LARGE_PATH}
        calls = [
            client.create_session(PLATFORM, WORKSPACE, details, opc_request_id=rid)
            for rid in ids("unread", 6)
        ]
        cancelled += await cancelled_by_wait_for(calls, [0.05 + 0.02 * n for n in range(6)])
        await leaves_nothing_behind(server)
        # The client still works: more calls at once than it has connections.
        await all_succeed(client, MAX_CONNECTIONS + 50, 1000)
        # Waiting for a free connection: more calls than connections, all stalled.
        calls = [get(client, rid) for rid in ids("silent", 2 * MAX_CONNECTIONS + 50, 200)]
        cancelled += await cancelled_by_wait_for(calls, [0.5] * len(calls))
        await leaves_nothing_behind(server)
        # And still: more calls at once than it has connections.
        await all_succeed(client, MAX_CONNECTIONS + 50, 10)
        assert server.open <= MAX_CONNECTIONS
        return cancelled

    cancelled = run(signing_config, scenario)
    assert cancelled >= 500


@pytest.mark.timeout(60)
def test_a_call_cancelled_mid_body_does_not_hand_its_connection_to_the_next(
    signing_config: dict[str, str],
) -> None:
    """A connection with half a body unread must not be reused: the next call on it would
    read the rest of the old body as its answer."""

    async def scenario(client: AsyncNotebookClient, server: StallingServer) -> None:
        await all_succeed(client, 1)
        for n in range(20):
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(get(client, f"body-{n}"), 0.05)
            session = await get(client, f"ok-{n}")
            assert session.id == SESSION_ID
        await leaves_nothing_behind(server)
        # One kept-alive connection serves every answered call; each stalled one was new.
        assert server.accepted == 1 + 20

    run(signing_config, scenario)


@pytest.mark.timeout(60)
def test_cancelled_sleeps_between_retries_send_no_further_attempt(
    signing_config: dict[str, str],
) -> None:
    async def scenario(client: AsyncNotebookClient, server: StallingServer) -> None:
        await all_succeed(client, 5)  # name resolved, connections open: attempts go at once
        # The 503s ask for 30 s; the policy caps the wait at 0.6 s. Cancelled at 0.3 s.
        calls = [get(client, rid) for rid in ids("busy", 50)]
        await cancelled_by_wait_for(calls, [0.3] * 50)
        attempts = server.requests["busy"]
        await asyncio.sleep(0.8)
        # Nothing carries on behind the caller's back: no second attempt ever comes.
        assert 0 < attempts <= 50
        assert server.requests["busy"] == attempts
        await all_succeed(client, 5, 5)

    run(signing_config, scenario, max_delay=0.6)


@pytest.mark.timeout(120)
def test_cancellations_under_pool_contention_leak_no_connection_slot(
    signing_config: dict[str, str],
) -> None:
    """More calls than connections against a server that answers at once, each under a
    timeout of 0 to 15 ms: calls are cancelled while they wait for a connection that is
    being handed to them, while it opens, and while they use it. httpcore's pool lost a
    slot each time a call was cancelled between being given a new connection and opening
    it, until every call failed with PoolTimeout (encode/httpcore#1093)."""

    async def scenario(client: AsyncNotebookClient, server: StallingServer) -> int:
        cancelled = 0
        for batch in range(12):
            calls = [get(client, rid) for rid in ids("ok", 250, 250 * batch)]
            timeouts = [0.0005 * (n % 31) for n in range(len(calls))]
            results = await asyncio.gather(
                *(asyncio.wait_for(c, t) for c, t in zip(calls, timeouts, strict=True)),
                return_exceptions=True,
            )
            unexpected = [r for r in results if not isinstance(r, Session | TimeoutError)]
            assert not unexpected, unexpected[:3]
            cancelled += sum(isinstance(r, TimeoutError) for r in results)
        await all_succeed(client, MAX_CONNECTIONS + 50, 5000)
        assert server.open <= MAX_CONNECTIONS
        assert server.peak_open <= MAX_CONNECTIONS
        return cancelled

    assert run(signing_config, scenario) >= 300
