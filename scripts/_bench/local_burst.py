"""A burst of get_session calls against LocalNotebookService, against the same calls in turn.

The local service is what users point their own tests at, so it must hold the burst their
code makes: `asyncio.gather` of many calls on `service.async_client()`. The service runs
in this process, as it does in a user's test, and each round uses a fresh client, so every
round opens its connections again. A burst that waited on the listen queue (SYN
retransmissions, a second or more each) would take far longer than the calls in turn.

The control runs the same client, burst and sequence against the static server (a child
process that answers at once): the share of the ratio that belongs to the client.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping

from aidp_notebook import AsyncNotebookClient
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    LocalNotebookService,
)

from . import fixtures
from .timing import Block, Summary, interleave

_LOCAL_IDS = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID)
_STATIC_IDS = (fixtures.PLATFORM_ID, fixtures.WORKSPACE_KEY, fixtures.SESSION_ID)


def _client(config: Mapping[str, str], endpoint: str) -> AsyncNotebookClient:
    # No retries: a call that needed a second attempt would fail the run, not hide in it.
    return AsyncNotebookClient(config, service_endpoint=endpoint, retry=None)


async def _concurrent(
    config: Mapping[str, str], endpoint: str, ids: tuple[str, ...], calls: int
) -> float:
    async with _client(config, endpoint) as client:
        start = time.perf_counter()
        sessions = await asyncio.gather(*(client.get_session(*ids) for _ in range(calls)))
        elapsed = time.perf_counter() - start
    if any(session.id != ids[2] for session in sessions):
        raise RuntimeError("a burst was answered with the wrong session")
    return elapsed


async def _sequential(
    config: Mapping[str, str], endpoint: str, ids: tuple[str, ...], calls: int
) -> float:
    async with _client(config, endpoint) as client:
        start = time.perf_counter()
        for _ in range(calls):
            if (await client.get_session(*ids)).id != ids[2]:
                raise RuntimeError("a call was answered with the wrong session")
        return time.perf_counter() - start


def _pair(
    prefix: str, config: Mapping[str, str], endpoint: str, ids: tuple[str, ...], calls: int
) -> dict[str, Block]:
    return {
        f"{prefix}_concurrent": lambda: asyncio.run(_concurrent(config, endpoint, ids, calls)),
        f"{prefix}_sequential": lambda: asyncio.run(_sequential(config, endpoint, ids, calls)),
    }


def measure(
    calls: int, rounds: int, static_config: Mapping[str, str], static_endpoint: str
) -> dict[str, Summary]:
    """Seconds for `calls` calls at once and in turn, interleaved over `rounds` rounds."""
    with LocalNotebookService() as service:
        blocks = _pair("local_service", service.config, service.endpoint, _LOCAL_IDS, calls)
        blocks |= _pair("static_server", static_config, static_endpoint, _STATIC_IDS, calls)
        for block in blocks.values():  # warm: imports, caches, worker threads
            block()
        measures = interleave(blocks, rounds, "s")
        rejected = [r for r in service.requests if not (r.signature_valid and r.status == 200)]
    if rejected:
        raise RuntimeError(f"the local service rejected {len(rejected)} calls")
    return measures
