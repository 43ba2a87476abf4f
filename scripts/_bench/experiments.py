"""What-ifs behind the proposals in the bench report, measured in this process.

Each proposed change to overlays/ is applied here by monkeypatching for the length
of one block (never by editing files), or through the client's public arguments
(`http_client=`), and timed in interleaved rounds against the code as shipped.
Run with `python scripts/bench.py --experiments`.
"""

from __future__ import annotations

import asyncio
import base64
import email.utils
import hashlib
import importlib.util
import json
import sys
import types
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, ExitStack, contextmanager
from typing import Any

import httpx
import oci
from aidp_notebook import RetryPolicy, _core, _signing
from aidp_notebook._parsing import BodyError
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from .fanout import AsyncOurs, ThreadedOci, fan_out
from .sync_contenders import (
    FloorClient,
    api_key_signer,
    oci_call,
    oci_client,
    our_call,
    our_client,
    session_path,
)
from .timing import Block, Summary, interleave, per_call

Patch = Callable[[], AbstractContextManager[None]]

_SEED_IDS = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID)


# --- the proposals, as patches -------------------------------------------------------


def _current_async_library() -> str:
    # What sniffio 1.3 answers inside asyncio: a running task means asyncio.
    if asyncio.current_task() is None:
        raise RuntimeError("no async library detected")
    return "asyncio"


@contextmanager
def sniffio_installed() -> Iterator[None]:
    """As if `sniffio` were installed, for checkouts that do not depend on it yet.

    httpcore 1.0 runs `import sniffio` every time it creates an async lock or event,
    about a dozen times per request. anyio >= 4.11 no longer pulls sniffio in, and
    without it that import fails each time, after a full search of sys.path.
    """
    if importlib.util.find_spec("sniffio") is not None:
        yield  # really installed: nothing to simulate
        return
    stand_in = types.ModuleType("sniffio")
    stand_in.current_async_library = _current_async_library  # type: ignore[attr-defined]
    sys.modules["sniffio"] = stand_in
    try:
        yield
    finally:
        del sys.modules["sniffio"]


_SIGNED_GENERIC = "date (request-target) host"
_SIGNED_BODY = "content-length content-type x-content-sha256"


# The SDK's own sign_request, whatever this checkout's version of it does.
_SHIPPED_SIGN_REQUEST = _signing.sign_request


def sign_api_key_request(signer: Any, request: httpx.Request) -> None:
    """The proposed `_signing.sign_request`: an `oci.signer.Signer` signs natively.

    Byte for byte what oci's signer produces (same headers signed, same template);
    other signers (security tokens, principals) still go the shipped way, through oci.
    """
    if type(signer) is not oci.signer.Signer:
        _SHIPPED_SIGN_REQUEST(signer, request)
        return
    headers, url, method = request.headers, request.url, request.method
    host = url.netloc.decode("ascii")
    updates = {"date": headers.get("date") or email.utils.formatdate(usegmt=True)}
    lines = [
        f"date: {updates['date']}",
        f"(request-target): {method.lower()} {url.raw_path.decode('ascii')}",
        f"host: {host}",
    ]
    signed = _SIGNED_GENERIC
    if "content-type" not in headers:
        updates["content-type"] = "application/json"  # oci sets it on every request
    if method in _signing.BODY_METHODS:
        body = request.content
        digest = hashlib.sha256(body).digest()
        updates["content-length"] = headers.get("content-length") or str(len(body))
        updates["x-content-sha256"] = headers.get("x-content-sha256") or (
            base64.b64encode(digest).decode("ascii")
        )
        content_type = headers.get("content-type") or updates["content-type"]
        lines += [
            f"content-length: {updates['content-length']}",
            f"content-type: {content_type}",
            f"x-content-sha256: {updates['x-content-sha256']}",
        ]
        signed = f"{_SIGNED_GENERIC} {_SIGNED_BODY}"
    message = "\n".join(lines).encode("ascii")
    raw = signer.private_key.sign(message, padding.PKCS1v15(), hashes.SHA256())
    updates["authorization"] = (
        f'Signature algorithm="rsa-sha256",headers="{signed}",keyId="{signer.api_key}",'
        f'signature="{base64.b64encode(raw).decode("ascii")}",version="1"'
    )
    headers.update(updates)


@contextmanager
def native_api_key_signing() -> Iterator[None]:
    original = _signing.sign_request
    _signing.sign_request = sign_api_key_request
    try:
        yield
    finally:
        _signing.sign_request = original


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


_SIGNING_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sign")


@contextmanager
def signing_in_a_thread() -> Iterator[None]:
    """Sign in a worker thread (cryptography releases the GIL while it signs)."""
    original = _signing.OCIAuth.async_auth_flow

    async def async_auth_flow(
        self: _signing.OCIAuth, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(_SIGNING_POOL, _signing.sign_request, self.signer, request)
        yield request

    _signing.OCIAuth.async_auth_flow = async_auth_flow
    try:
        yield
    finally:
        _signing.OCIAuth.async_auth_flow = original


class _CountedStream(httpx.AsyncByteStream):
    """A response body that tells its shard when the response is closed."""

    def __init__(self, stream: httpx.AsyncByteStream, busy: list[int], shard: int) -> None:
        self._stream, self._busy, self._shard = stream, busy, shard

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            if self._shard >= 0:  # once, however often it is closed
                self._busy[self._shard] -= 1
                self._shard = -1


class ShardedAsyncTransport(httpx.AsyncBaseTransport):
    """The proposed transport of AsyncNotebookClient: several small httpcore pools.

    httpcore's pool does work proportional to (connections x idle connections) each
    time a request enters or leaves it, so one pool of 64 busy connections spends more
    time on bookkeeping than on HTTP. Each request goes to the shard with the fewest
    requests in flight (the first on a tie), so sequential calls keep using a single
    connection; the shards share the client's connection limit.
    """

    def __init__(self, shards: int = 8, max_connections: int = 100) -> None:
        per_shard = -(-max_connections // shards)  # ceiling division
        limits = httpx.Limits(max_connections=per_shard, max_keepalive_connections=per_shard)
        self._shards = [httpx.AsyncHTTPTransport(limits=limits) for _ in range(shards)]
        self._busy = [0] * shards

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        busy = self._busy
        shard = busy.index(min(busy))
        busy[shard] += 1
        try:
            response = await self._shards[shard].handle_async_request(request)
        except BaseException:
            busy[shard] -= 1
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _CountedStream(response.stream, busy, shard)
        return response

    async def aclose(self) -> None:
        for shard in self._shards:
            await shard.aclose()


def default_transport() -> httpx.AsyncBaseTransport:
    """httpx's default pool: 100 connections, of which only 20 are kept alive when idle."""
    return httpx.AsyncHTTPTransport()


def keep_alive_transport() -> httpx.AsyncBaseTransport:
    """One pool keeping all 100 alive: no reconnects, but more idle connections to scan."""
    return httpx.AsyncHTTPTransport(
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=100)
    )


# --- running them ----------------------------------------------------------------------


def with_patches(block: Block, *patches: Patch) -> Block:
    def run() -> float:
        with ExitStack() as stack:
            for patch in patches:
                stack.enter_context(patch())
            return block()

    return run


class AsyncPlain:
    """A bare httpx.AsyncClient GET + json.loads, unsigned: the async transport's ceiling."""

    def __init__(
        self, endpoint: str, transport: Callable[[], httpx.AsyncBaseTransport] | None = None
    ) -> None:
        self._runner = asyncio.Runner()
        self._url = endpoint + session_path()
        self._http = self._runner.run(self._make(transport))

    @staticmethod
    async def _make(transport: Callable[[], httpx.AsyncBaseTransport] | None) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=transport() if transport else None)

    async def _get(self) -> Any:
        return json.loads((await self._http.get(self._url)).content)

    def throughput(self, total: int, concurrency: int) -> float:
        return total / self._runner.run(fan_out(self._get, total, concurrency))

    def close(self) -> None:
        self._runner.run(self._http.aclose())
        self._runner.close()


def sync_experiments(
    config: dict[str, str], endpoint: str, calls: int, rounds: int
) -> dict[str, Summary]:
    floor = FloorClient(config, endpoint)
    ours = our_client(config, endpoint, retry=True)
    call = our_call(ours)
    both = (native_api_key_signing, unchecked_models)
    blocks = {
        "floor": per_call(floor.get_session, calls),
        "ours, as shipped": per_call(call, calls),
        "ours + native API-key signing": with_patches(per_call(call, calls), both[0]),
        "ours without model checks": with_patches(per_call(call, calls), both[1]),
        "ours + both": with_patches(per_call(call, calls), *both),
        "oci SDK": per_call(oci_call(oci_client(config, endpoint, retry=True)), calls),
    }
    for block in blocks.values():
        block()  # warm-up, under each block's own patches
    try:
        return interleave(blocks, rounds, "s/call")
    finally:
        floor.close()
        ours.close()


def _fan_out_block(runner: AsyncOurs, total: int, concurrency: int) -> Block:
    return lambda: runner.throughput(total, concurrency)


def async_experiments(
    config: dict[str, str], endpoint: str, total: int, concurrency: int, rounds: int
) -> dict[str, Summary]:
    """Fan-out variants. Every variant except the first runs as if sniffio were installed
    (a no-op once it is), so that each row shows its own change, not sniffio's."""
    sniffio, shards, native = sniffio_installed, ShardedAsyncTransport, native_api_key_signing

    def client(transport: Callable[[], httpx.AsyncBaseTransport] | None = None) -> AsyncOurs:
        return AsyncOurs(config, endpoint, transport)

    variants: dict[str, tuple[AsyncOurs, tuple[Patch, ...]]] = {
        "ours, as shipped": (client(), ()),
        "as shipped + sniffio": (client(), (sniffio,)),
        "one pool, httpx default limits (20 kept alive)": (client(default_transport), (sniffio,)),
        "one pool, 100 kept alive": (client(keep_alive_transport), (sniffio,)),
        "8 pool shards (least busy)": (client(shards), (sniffio,)),
        "8 shards + native signing": (client(shards), (sniffio, native)),
        "shipped pool + signing in a thread": (client(), (sniffio, signing_in_a_thread)),
        "8 shards + native signing in a thread": (
            client(shards),
            (sniffio, native, signing_in_a_thread),
        ),
    }
    plain, plain_best, pool = AsyncPlain(endpoint), AsyncPlain(endpoint, shards), None
    try:
        blocks: dict[str, Block] = {
            name: with_patches(_fan_out_block(runner, total, concurrency), *patches)
            for name, (runner, patches) in variants.items()
        }
        blocks["httpx.AsyncClient alone, unsigned"] = with_patches(
            lambda: plain.throughput(total, concurrency), sniffio
        )
        # The most any SDK on httpx could do here: no signing, no SDK, the best transport.
        blocks["httpx.AsyncClient alone, unsigned, 8 shards"] = with_patches(
            lambda: plain_best.throughput(total, concurrency), sniffio
        )
        pool = ThreadedOci(config, endpoint, 16)
        blocks["oci SDK, 16 threads"] = lambda: pool.throughput(total)
        for block in blocks.values():
            block()  # warm-up: connections open at this concurrency
        return interleave(blocks, rounds, "calls/s")
    finally:
        for runner, _ in variants.values():
            runner.close()
        for bare in (plain, plain_best):
            bare.close()
        if pool is not None:
            pool.close()


def check_native_signing(config: dict[str, str]) -> None:
    """The native signer's headers equal those of the shipped path through oci's signer,
    byte for byte (PKCS#1 v1.5 is deterministic and the date is fixed), for a GET and a
    POST with a body."""
    signer = api_key_signer(config)
    date = "Thu, 30 Apr 2026 09:15:27 GMT"
    url = "https://aidp.us-ashburn-1.oci.oraclecloud.com" + session_path()
    for method, body in (("GET", None), ("POST", b'{"name":"n"}')):
        ours, theirs = (
            httpx.Request(method, url, headers={"date": date}, content=body) for _ in range(2)
        )
        sign_api_key_request(signer, ours)
        _SHIPPED_SIGN_REQUEST(signer, theirs)
        for name in ("authorization", "date", "host", "content-type", "x-content-sha256"):
            if ours.headers.get(name) != theirs.headers.get(name):
                raise RuntimeError(f"native signing differs from oci's on {method} {name}")


async def _proposed_async_round(service: LocalNotebookService) -> list[int]:
    transport = ShardedAsyncTransport()
    http = httpx.AsyncClient(transport=transport, follow_redirects=False)
    retry = RetryPolicy(base_delay=0.01, max_delay=0.01)
    async with service.async_client(http_client=http, retry=retry) as client:
        service.inject(Fault.drop(), 2)  # two transport failures: the retry path
        sessions = await asyncio.gather(*(client.get_session(*_SEED_IDS) for _ in range(20)))
    await http.aclose()
    if any(session.id != SEED_SESSION_ID for session in sessions):
        raise RuntimeError("the proposed async client returned a wrong session")
    return transport._busy


def check_proposals(config: dict[str, str]) -> None:
    """All proposals together pass LocalNotebookService's signature checks, with retries."""
    check_native_signing(config)
    with LocalNotebookService() as service, sniffio_installed(), native_api_key_signing():
        with service.client() as client:
            client.get_session(*_SEED_IDS)
        busy = asyncio.run(_proposed_async_round(service))
        answered = [r for r in service.requests if r.status]
    if busy != [0] * len(busy):
        raise RuntimeError(f"the sharded transport lost count of requests in flight: {busy}")
    if len(answered) != 21 or not all(r.signature_valid and r.status == 200 for r in answered):
        raise RuntimeError("LocalNotebookService rejected a request of the proposals")
