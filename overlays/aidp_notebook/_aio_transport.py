"""AsyncNotebookClient's own sender: the request core's requests over aiohttp.

Why aiohttp and not httpx here: with many calls in flight, httpx's client layer and
httpcore's pool cost more than the HTTP itself, and httpcore's async pool keeps the
connections of cancelled requests until it runs dry (encode/httpcore#1093). aiohttp,
driven directly, does the same HTTP/1.1 for a fraction of the work and closes the
connection of a request that is cancelled at any point (`make bench`;
tests/resilience/test_cancellation.py).

Per attempt (`AiohttpSender.send`): sign, send, read the body through `_exchange`'s
`BodyReader` (the decoded-size cap, bounded gzip/deflate inflation, the minimum rate
and the call's deadline that every sender shares: aiohttp is told not to decompress),
translate a failure. A large request body goes out in pieces held to the minimum rate
(`AsyncPacedBody`, checked also while aiohttp waits on the kernel). What goes on the
wire is what httpx would send: the request's own headers (no
Accept-Encoding, no cookies), no redirects followed, no resend of a request aiohttp
thinks a stale connection lost (the core's retries, with a fresh signature each, are
the only ones), response heads up to httpx's size limit. aiohttp's errors become the
httpx exceptions the core already knows, with the original as `__cause__`.

The `oci` package's own signers sign in two threads of their own (`_signing_threads`)
while other calls are in flight: RSA signing releases the GIL, so the signatures use the
second core while the event loop keeps the first. A call alone signs on the loop.

Proxies come from the environment (`HTTP(S)_PROXY`, `ALL_PROXY`, `NO_PROXY`) once, at
construction, unless the endpoint is on this machine (`_transport.environment_proxy`);
an HTTP proxy is used through aiohttp, any other kind makes the client use httpx.
TLS uses the same CA bundle as httpx, loaded on the first https request.
"""

from __future__ import annotations

import asyncio
import base64
import socket
import ssl
import sys
from collections.abc import Awaitable, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

import aiohttp
import httpx
from aiohttp.http_exceptions import ContentEncodingError
from yarl import URL

from ._core import Outcome
from ._errors import SigningError
from ._exchange import (
    AsyncPacedBody,
    BodyReader,
    aread_body,
    attempt_deadline,
    aupload_body,
    rate_meter,
)
from ._signing import is_oci_signer, signed_headers
from ._signing_threads import SigningThreads

Timeout = Mapping[str, float | None]

# Two signing threads keep both cores of a small machine busy; more only queue on the GIL.
SIGNING_THREADS = SigningThreads(2)

# The most connections a client keeps open, as httpx's default pool; idle ones are closed
# after the same 5 s as httpx's (servers drop idle connections; a reused one they dropped
# costs an attempt).
MAX_CONNECTIONS = 100
_KEEPALIVE_SECONDS = 5.0
# The longest response head line httpx (h11 via httpcore) accepts; aiohttp's own is 8 KiB.
_MAX_HEAD_LINE = 100 * 1024
# Before these versions asyncio could leave a closed TLS connection open when the server
# does not answer the TLS shutdown (python/cpython#118960): aiohttp then aborts it itself.
_ABORT_CLOSED_TLS = sys.version_info < (3, 12, 8) or (3, 13) <= sys.version_info < (3, 13, 1)


def aiohttp_can_proxy(proxy: str | None) -> bool:
    """aiohttp speaks to plain-HTTP proxies (tunnelling https through them); httpx, also
    to https and SOCKS ones."""
    return proxy is None or urlsplit(proxy).scheme == "http"


def client_timeout(timeout: Timeout) -> aiohttp.ClientTimeout:
    """httpx's four timeouts (as the core cut them for this attempt) in aiohttp's terms.

    aiohttp's `connect` covers waiting for a pooled connection and opening one, so it
    is httpx's pool plus connect timeout; `sock_read` is the longest silence while the
    response arrives (httpx's read timeout). A body that goes out too slowly is ended by
    the minimum rate (`_watched`), not by these.
    """
    connect, pool = timeout.get("connect"), timeout.get("pool")
    return aiohttp.ClientTimeout(
        total=None,
        connect=None if connect is None or pool is None else connect + pool,
        sock_connect=connect,
        sock_read=timeout.get("read"),
    )


# Closed before answering, a truncated or malformed body, or a response that does not parse.
_PROTOCOL_FAILURES = (
    aiohttp.ServerDisconnectedError,
    aiohttp.ClientPayloadError,
    aiohttp.ClientResponseError,
)


def _translate(exc: Exception) -> httpx.RequestError:
    """The httpx exception the core expects for an aiohttp (or socket) failure."""
    if isinstance(exc.__cause__, httpx.WriteTimeout):
        return exc.__cause__  # the body, sent by aiohttp, went out below the minimum rate
    kind: type[httpx.RequestError]
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        kind = httpx.ConnectTimeout
    elif isinstance(exc, asyncio.TimeoutError):  # aiohttp's read timeouts subclass it
        kind = httpx.ReadTimeout
    elif isinstance(exc, aiohttp.ClientHttpProxyError):
        kind = httpx.ProxyError
    elif isinstance(exc, aiohttp.ClientConnectorError):  # DNS, refused, TLS handshake
        kind = httpx.ConnectError
    elif isinstance(exc.__cause__, ContentEncodingError):  # gzip or deflate that is not
        kind = httpx.DecodingError
    elif isinstance(exc, _PROTOCOL_FAILURES):
        kind = httpx.RemoteProtocolError
    elif isinstance(exc, OSError):  # reset or broken connection (ClientOSError included)
        kind = httpx.ReadError
    elif isinstance(exc, aiohttp.InvalidURL):
        kind = httpx.UnsupportedProtocol
    else:
        kind = httpx.TransportError
    error = kind(str(exc) or type(exc).__name__)
    cause: BaseException = exc
    if isinstance(exc, aiohttp.ClientConnectorDNSError) and not _has_gaierror(exc):
        # The core tells a host that does not resolve by the socket.gaierror behind it.
        cause = socket.gaierror(socket.EAI_NONAME, str(exc))
        cause.__cause__ = exc
    error.__cause__ = cause
    return error


def _has_gaierror(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, socket.gaierror):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _proxy_settings(proxy: str | None) -> tuple[URL | None, dict[str, str] | None]:
    """The proxy's URL without credentials, and a Proxy-Authorization header for them."""
    if proxy is None:
        return None, None
    url = URL(proxy)
    if url.user is None:
        return url, None
    credentials = f"{unquote(url.raw_user or '')}:{unquote(url.raw_password or '')}"
    header = "Basic " + base64.b64encode(credentials.encode()).decode("ascii")
    return url.with_user(None), {"Proxy-Authorization": header}


async def _watched(
    sending: Awaitable[aiohttp.ClientResponse], upload: AsyncPacedBody
) -> aiohttp.ClientResponse | httpx.WriteTimeout:
    """The response, or the failure of a body that goes out below the minimum rate (the
    request is cancelled then: aiohttp closes its connection)."""
    task = asyncio.ensure_future(sending)
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=upload.check_every)
            if done:
                return task.result()
            too_slow = upload.too_slow()
            if too_slow is not None:
                task.cancel()
                await asyncio.wait({task})
                if not task.cancelled():
                    task.exception()  # retrieved: it is the slow body's consequence
                return too_slow
    except BaseException:
        task.cancel()
        raise


class AiohttpSender:
    """Signs and sends each attempt over one aiohttp session, opened on first use.

    The session and its connections belong to the event loop of the first call (the
    client refuses calls from another loop before they get here).
    """

    def __init__(
        self,
        signer: Any,
        *,
        base_url: str,
        proxy: str | None,
        trust_env: bool,
        max_connections: int = MAX_CONNECTIONS,
    ) -> None:
        if not aiohttp_can_proxy(proxy):
            raise ValueError(f"aiohttp cannot use the proxy {proxy!r}")
        self._signer = signer
        self._oci_signer = is_oci_signer(signer)
        self._proxy, self._proxy_headers = _proxy_settings(proxy)
        self._https = urlsplit(base_url).scheme == "https"
        self._trust_env = trust_env
        self._max_connections = max_connections
        self._ssl: ssl.SSLContext | None = None
        self._session: aiohttp.ClientSession | None = None
        self._closed = False
        self._in_flight = 0

    @property
    def is_closed(self) -> bool:
        return self._closed

    def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            limit=self._max_connections,
            limit_per_host=0,
            keepalive_timeout=_KEEPALIVE_SECONDS,
            enable_cleanup_closed=self._https and _ABORT_CLOSED_TLS,
        )
        session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            # The body is inflated by _exchange, within the size limit.
            auto_decompress=False,
            # httpx sends no Accept-Encoding on these requests; neither do we.
            skip_auto_headers=("Accept-Encoding",),
            trust_env=False,  # proxies were worked out once; netrc must not add auth
            max_line_size=_MAX_HEAD_LINE,
            max_field_size=_MAX_HEAD_LINE,
        )
        # Not a constructor option: aiohttp would resend a GET or DELETE, with the same
        # signature, when a kept-alive connection turns out closed. The core's retry
        # policy decides about every attempt instead.
        session._retry_connection = False
        if self._https:
            # The CA bundle httpx would use (certifi, or SSL_CERT_FILE/SSL_CERT_DIR).
            self._ssl = httpx.create_ssl_context(trust_env=self._trust_env)
        self._session = session
        return session

    async def send(self, request: httpx.Request, max_bytes: int) -> Outcome:
        session = self._session or self._open()
        self._in_flight += 1
        try:
            try:
                headers = await self._sign(request)
            except SigningError as exc:  # never taken for a network failure
                return exc
            try:
                return await self._exchange(session, request, headers, max_bytes)
            except httpx.RequestError as exc:  # a body that does not decode
                return exc
            except (aiohttp.ClientError, OSError) as exc:  # TimeoutError is an OSError
                return _translate(exc)
        finally:
            self._in_flight -= 1

    async def _sign(self, request: httpx.Request) -> dict[str, str]:
        if self._oci_signer and self._in_flight > 1:
            # Another call has work for the loop meanwhile: sign on a spare core.
            result: list[dict[str, str]] = []
            await SIGNING_THREADS.run(lambda r: result.append(self._sign_now(r)), request)
            return result[0]
        return self._sign_now(request)

    def _sign_now(self, request: httpx.Request) -> dict[str, str]:
        return signed_headers(self._signer, request, oci_signer=self._oci_signer)

    async def _exchange(
        self,
        session: aiohttp.ClientSession,
        request: httpx.Request,
        headers: dict[str, str],
        max_bytes: int,
    ) -> Outcome:
        deadline = attempt_deadline(request)
        upload = aupload_body(request)
        sending = session.request(
            request.method,
            URL(str(request.url), encoded=True),  # already encoded and signed: sent as is
            headers=headers,
            data=upload or None,
            allow_redirects=False,
            proxy=self._proxy,
            proxy_headers=self._proxy_headers,
            ssl=self._ssl if self._ssl is not None else True,
            timeout=client_timeout(request.extensions["timeout"]),
        )
        if isinstance(upload, AsyncPacedBody):
            sent = await _watched(sending, upload)
            if isinstance(sent, httpx.WriteTimeout):
                return sent
            response = sent
        else:
            response = await sending
        try:
            body = BodyReader(
                response.status,
                response.reason or "",
                httpx.Headers(response.raw_headers),
                max_bytes,
                deadline,
                meter=rate_meter(request),
            )
            outcome = await aread_body(body, response.content.iter_any(), request)
        except BaseException:
            # Cancelled or failed mid-body: the connection holds the rest, so drop it.
            response.close()
            raise
        if response.content.is_eof():
            response.release()
        else:  # stopped at the limit or the deadline: the rest is never read
            response.close()
        return outcome

    async def aclose(self) -> None:
        self._closed = True
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()
