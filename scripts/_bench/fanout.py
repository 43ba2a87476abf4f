"""Fan-out: many GETs with a fixed number in flight, on asyncio and on threads.

Three contenders: our AsyncNotebookClient, the oci SDK on a thread pool, and the
plain-aiohttp floor (what the same machine does with no SDK at all). All use the same
shape: `concurrency` workers pull from one shared iterator
of call numbers until it runs dry (`next` on a range iterator is atomic under the
GIL, so threads can share it too). Neither side pays for creating a task or a
future per call, and each worker keeps one request in flight.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import aiohttp
import httpx
from aidp_notebook import AsyncNotebookClient
from oci.ai_data_platform import AiDataPlatformClient

from .fixtures import PLATFORM_ID, SESSION_ID, WORKSPACE_KEY
from .sync_contenders import SignableRequest, api_key_signer, oci_client, session_path

AsyncCall = Callable[[], Awaitable[Any]]


async def fan_out(call: AsyncCall, total: int, concurrency: int) -> float:
    """Seconds for `total` awaited calls with `concurrency` in flight on this loop."""
    pending = iter(range(total))

    async def worker() -> None:
        for _ in pending:
            await call()

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - start


class AsyncOurs:
    """One AsyncNotebookClient on one event loop kept across rounds.

    The loop outlives each round because the client's pooled connections belong to it.
    With `transport`, the client gets `httpx.AsyncClient(transport=transport())`
    (built on the loop, closed with the client); otherwise its own default one.
    """

    def __init__(
        self,
        config: dict[str, str],
        endpoint: str,
        transport: Callable[[], httpx.AsyncBaseTransport] | None = None,
    ) -> None:
        self._runner = asyncio.Runner()
        self._config = config
        self._endpoint = endpoint
        self._transport = transport
        self._http: httpx.AsyncClient | None = None
        self._client: AsyncNotebookClient | None = None

    async def _make_client(self) -> AsyncNotebookClient:
        # httpx.AsyncClient is created inside the loop it will run on.
        if self._transport is not None:
            self._http = httpx.AsyncClient(transport=self._transport(), follow_redirects=False)
        return AsyncNotebookClient(
            self._config, service_endpoint=self._endpoint, http_client=self._http
        )

    @property
    def client(self) -> AsyncNotebookClient:
        if self._client is None:
            self._client = self._runner.run(self._make_client())
        return self._client

    def call(self) -> AsyncCall:
        client = self.client
        return lambda: client.get_session(PLATFORM_ID, WORKSPACE_KEY, SESSION_ID)

    def throughput(self, total: int, concurrency: int) -> float:
        """Calls per second for `total` calls at `concurrency`."""
        return total / self._runner.run(fan_out(self.call(), total, concurrency))

    def close(self) -> None:
        if self._client is not None:
            self._runner.run(self._client.aclose())
        if self._http is not None:
            self._runner.run(self._http.aclose())
        self._runner.close()


class AsyncFloor:
    """Plain aiohttp + the oci signer over a plain dict + json.loads, no SDK: the floor.

    It signs as our client does when calls overlap (in a two-thread pool, where the RSA
    work, which releases the GIL, runs beside the event loop), and reads the body whole.
    """

    def __init__(self, config: dict[str, str], endpoint: str, sign_threads: int = 2) -> None:
        self._runner = asyncio.Runner()
        self._signer = api_key_signer(config)
        self._path = session_path()
        self._url = endpoint + self._path
        self._pool = ThreadPoolExecutor(sign_threads, thread_name_prefix="floor-sign")
        self._session = self._runner.run(self._open())

    @staticmethod
    async def _open() -> aiohttp.ClientSession:
        return aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())

    async def get(self) -> Any:
        view = SignableRequest(self._url, self._path, {"accept": "application/json"})
        await asyncio.get_running_loop().run_in_executor(self._pool, self._signer, view)
        async with self._session.get(self._url, headers=view.headers) as response:
            if response.status != 200:
                raise RuntimeError(f"aiohttp floor: HTTP {response.status}")
            return json.loads(await response.read())

    def throughput(self, total: int, concurrency: int) -> float:
        return total / self._runner.run(fan_out(self.get, total, concurrency))

    def close(self) -> None:
        self._runner.run(self._session.close())
        self._runner.close()
        self._pool.shutdown()


class ThreadedOci:
    """The oci SDK on a thread pool: one AiDataPlatformClient per thread (oci's advice:
    its clients hold a requests.Session, which is not meant to be shared across threads).
    """

    def __init__(self, config: dict[str, str], endpoint: str, threads: int) -> None:
        self.threads = threads
        self._clients = [oci_client(config, endpoint, retry=True) for _ in range(threads)]
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="oci-bench")

    @staticmethod
    def _worker(client: AiDataPlatformClient, pending: Iterator[int]) -> None:
        for _ in pending:
            client.get_ai_data_platform(PLATFORM_ID)

    def throughput(self, total: int) -> float:
        """Calls per second for `total` calls spread over the pool's threads."""
        pending = iter(range(total))
        start = time.perf_counter()
        futures = [self._executor.submit(self._worker, c, pending) for c in self._clients]
        for future in futures:
            future.result()
        return total / (time.perf_counter() - start)

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        for client in self._clients:
            client.base_client.session.close()
