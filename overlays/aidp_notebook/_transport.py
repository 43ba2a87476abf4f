"""Sending through httpx: a caller's own httpx client, and the environment's proxy.

`HttpxSender` / `AsyncHttpxSender` send each attempt through an httpx client (a
caller's `http_client=`, or AsyncNotebookClient's fallback when the environment names
a proxy aiohttp cannot use), signed by `OCIAuth` and read within bounds by `_exchange`.
(The clients' own senders: `_pool_transport` over httpcore, `_aio_transport` over aiohttp.)

The fallback's transport spreads requests over several small pools:

httpcore's connection pool does work proportional to (connections x idle
connections) every time a request enters or leaves it. With 64 requests in flight
on one pool, that bookkeeping cost more than the HTTP itself (`make bench`,
`--profile`). Here requests are spread over `shards` pools of a few connections
each, which share the client's connection limit and one SSL context. A request
goes to the shard with the fewest requests in flight (the first on a tie), so
sequential calls keep using one connection.
"""

from __future__ import annotations

import urllib.request
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import httpx

from ._core import Outcome
from ._exchange import async_exchange, exchange
from ._signing import OCIAuth

DEFAULT_SHARDS = 8


class _CountedStream(httpx.AsyncByteStream):
    """A response body that gives its shard's slot back when the response is closed."""

    def __init__(self, stream: httpx.AsyncByteStream, busy: list[int], shard: int) -> None:
        self._stream = stream
        self._busy = busy
        self._shard = shard

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            if self._shard >= 0:  # once, however often the response is closed
                self._busy[self._shard] -= 1
                self._shard = -1


class ShardedAsyncTransport(httpx.AsyncBaseTransport):
    """`shards` httpx.AsyncHTTPTransport pools sharing `max_connections`."""

    def __init__(
        self,
        *,
        shards: int = DEFAULT_SHARDS,
        max_connections: int = 100,
        trust_env: bool = True,
    ) -> None:
        if shards < 1:
            raise ValueError("shards must be at least 1")
        per_shard = -(-max_connections // shards)  # ceiling division
        limits = httpx.Limits(max_connections=per_shard, max_keepalive_connections=per_shard)
        # One SSL context for all shards: building one loads the CA bundle (~30 ms, ~1 MB).
        context = httpx.create_ssl_context(trust_env=trust_env)
        self._shards = [
            httpx.AsyncHTTPTransport(verify=context, trust_env=trust_env, limits=limits)
            for _ in range(shards)
        ]
        self._busy = [0] * shards

    @property
    def in_flight(self) -> int:
        """Requests whose responses are not closed yet, over all shards."""
        return sum(self._busy)

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


def environment_proxy(base_url: str) -> str | None:
    """The proxy URL the environment names for `base_url`, or None for a direct connection.

    The variables httpx reads (lower case first, as urllib does): `https_proxy` or
    `http_proxy` by scheme, else `all_proxy`; `no_proxy` exempts hosts and domains.
    Read once, when a client is built.
    """
    parts = urlsplit(base_url)
    proxies = urllib.request.getproxies_environment()
    # proxy_bypass_environment is public but missing from typeshed.
    bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
    if bypass(parts.netloc, proxies):
        return None
    return proxies.get(parts.scheme) or proxies.get("all") or None


def tls_options(base_url: str, *, trust_env: bool) -> dict[str, Any]:
    """httpx options that skip loading the CA bundle (~30 ms) when no TLS can happen.

    That is a plain-http endpoint reached without a proxy (the clients ignore proxy
    variables for loopback endpoints, the only case `trust_env` is off): a context with
    no CA certificates stands in, and would refuse any TLS peer if one ever came up.
    """
    if urlsplit(base_url).scheme == "http" and not trust_env:
        import ssl  # noqa: PLC0415 (httpcore has imported it already; no cost)

        return {"verify": ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)}
    return {}


class HttpxSender:
    """Signs and sends each attempt through an `httpx.Client`."""

    def __init__(self, http: httpx.Client, signer: Any) -> None:
        self.http = http
        self._auth = OCIAuth(signer)

    @property
    def is_closed(self) -> bool:
        return self.http.is_closed

    def send(self, request: httpx.Request, max_bytes: int) -> Outcome:
        return exchange(self.http, request, self._auth, max_bytes)

    def close(self) -> None:
        self.http.close()


class AsyncHttpxSender:
    """Signs and sends each attempt through an `httpx.AsyncClient`."""

    def __init__(self, http: httpx.AsyncClient, signer: Any) -> None:
        self.http = http
        self._auth = OCIAuth(signer)

    @property
    def is_closed(self) -> bool:
        return self.http.is_closed

    async def send(self, request: httpx.Request, max_bytes: int) -> Outcome:
        return await async_exchange(self.http, request, self._auth, max_bytes)

    async def aclose(self) -> None:
        await self.http.aclose()
