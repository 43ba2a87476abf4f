"""What-ifs behind the design, measured in this process: `python scripts/bench.py --experiments`.

Each variant is applied by monkeypatching for the length of one block (never by editing
files), or through the client's public arguments (`http_client=`), and timed in
interleaved rounds against the code as shipped. The async variants show what each part
of AsyncNotebookClient's transport is worth: signing in the thread pool (against on the
event loop, and against one thread), and aiohttp against httpx under the same core.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from typing import Any

import httpx
from aidp_notebook import _aio_transport, _core
from aidp_notebook._parsing import BodyError
from aidp_notebook._signing_threads import SigningThreads

from .fanout import AsyncFloor, AsyncOurs, ThreadedOci
from .sync_contenders import FloorClient, oci_call, oci_client, our_call, our_client
from .timing import Block, Summary, interleave, per_call

Patch = Callable[[], AbstractContextManager[None]]


@contextmanager
def unchecked_models() -> Iterator[None]:
    """Build models without the field-type checks: what the checks cost, not a proposal."""
    original = _core.build_model

    def build_model(data: Any, from_dict: Callable[[Any], Any]) -> Any:
        if not isinstance(data, dict):
            raise BodyError("the body should be a JSON object")
        return from_dict(data)

    _core.build_model = build_model
    try:
        yield
    finally:
        _core.build_model = original


@contextmanager
def signing_on_the_loop() -> Iterator[None]:
    """Every signature on the event loop, as if no thread pool existed."""
    sender = _aio_transport.AiohttpSender
    original = sender._sign

    async def sign_inline(
        self: _aio_transport.AiohttpSender, request: httpx.Request
    ) -> dict[str, str]:
        return self._sign_now(request)

    sender._sign = sign_inline  # type: ignore[method-assign]
    try:
        yield
    finally:
        sender._sign = original  # type: ignore[method-assign]


def signing_threads(count: int) -> Patch:
    """The signing threads, `count` of them instead of the shipped number."""

    @contextmanager
    def patch() -> Iterator[None]:
        original = _aio_transport.SIGNING_THREADS
        _aio_transport.SIGNING_THREADS = SigningThreads(count)
        try:
            yield
        finally:
            _aio_transport.SIGNING_THREADS = original

    return patch


def with_patches(block: Block, *patches: Patch) -> Block:
    def run() -> float:
        with ExitStack() as stack:
            for patch in patches:
                stack.enter_context(patch())
            return block()

    return run


def sync_experiments(
    config: dict[str, str], endpoint: str, calls: int, rounds: int
) -> dict[str, Summary]:
    floor = FloorClient(config, endpoint)
    ours = our_client(config, endpoint, retry=True)
    call = our_call(ours)
    blocks = {
        "floor": per_call(floor.get, calls),
        "ours, as shipped": per_call(call, calls),
        "ours without model checks": with_patches(per_call(call, calls), unchecked_models),
        "oci SDK": per_call(oci_call(oci_client(config, endpoint, retry=True)), calls),
    }
    for block in blocks.values():
        block()  # warm-up, under each block's own patches
    try:
        return interleave(blocks, rounds, "s/call")
    finally:
        floor.close()
        ours.close()


def _httpx_transport() -> httpx.AsyncBaseTransport:
    return httpx.AsyncHTTPTransport()


def async_experiments(
    config: dict[str, str], endpoint: str, total: int, concurrency: int, rounds: int
) -> dict[str, Summary]:
    """Fan-out variants of AsyncNotebookClient next to the floor and the oci SDK."""
    variants: dict[str, tuple[AsyncOurs, tuple[Patch, ...]]] = {
        "ours, as shipped": (AsyncOurs(config, endpoint), ()),
        "ours, signing on the event loop": (AsyncOurs(config, endpoint), (signing_on_the_loop,)),
        "ours, one signing thread": (AsyncOurs(config, endpoint), (signing_threads(1),)),
        "ours on httpx (http_client=httpx.AsyncClient())": (
            AsyncOurs(config, endpoint, _httpx_transport),
            (),
        ),
    }
    floor, pool = AsyncFloor(config, endpoint), ThreadedOci(config, endpoint, 16)
    try:
        blocks: dict[str, Block] = {
            name: with_patches(lambda r=runner: r.throughput(total, concurrency), *patches)
            for name, (runner, patches) in variants.items()
        }
        blocks["floor: aiohttp + oci signer, no SDK"] = lambda: floor.throughput(total, concurrency)
        blocks["oci SDK, 16 threads"] = lambda: pool.throughput(total)
        for block in blocks.values():
            block()  # warm-up: connections open at this concurrency
        return interleave(blocks, rounds, "calls/s")
    finally:
        for runner, _ in variants.values():
            runner.close()
        floor.close()
        pool.close()
