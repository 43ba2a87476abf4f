"""HTTP/1.1 for the local service: aiohttp's low-level server, in a thread with its own loop.

aiohttp does the framing (request line, headers, content-length and chunked bodies,
keep-alive, pipelining). This module turns each request into a ReceivedRequest exactly as
it came off the wire, asks the application for an Exchange in a worker thread (so an
application may block, say on a Jupyter server), then writes it: normally, late, with a
body shorter than announced, or not at all (a TCP reset).

The listening socket is bound and listening before serving starts, with a backlog large
enough that a burst of connects never waits for a SYN retransmission.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import email.utils
import logging
import socket
import struct
import threading
from typing import Any

from aiohttp import web, web_protocol
from aiohttp.abc import AbstractStreamWriter
from aiohttp.http import HttpVersion11
from aiohttp.http_exceptions import LineTooLong
from aiohttp.http_parser import RawRequestMessage
from aiohttp.streams import StreamReader

from ._errors import ApiError
from ._faults import DROPPING
from ._http import Application, Response
from ._signature import ReceivedRequest

logger = logging.getLogger("aidp_notebook.testing")

# The kernel caps the accept queue at net.core.somaxconn (4096 on current Linux).
BACKLOG = 4096
MAX_BODY = 16 * 1024 * 1024
# Long enough for a request line of awkward percent-encoded ids, and for an Authorization
# header that carries a security token.
MAX_LINE = 65536
# How long an idle keep-alive connection may wait for its next request.
IDLE_TIMEOUT = 30.0
# Worker threads that run the application; it may block on I/O, the event loop never does.
WORKERS = 16
# How long stop() lets requests in progress finish before cancelling them.
SHUTDOWN_GRACE = 2.0


class _BodyError(Exception):
    """The body cannot be read; answer `error` (if any) and close the connection."""

    def __init__(self, error: ApiError | None) -> None:
        super().__init__(error.message if error else "client went away")
        self.error = error


def wire_text(text: str) -> str:
    """Text aiohttp decoded as UTF-8 (surrogateescape), as the latin-1 view of its bytes.

    The signature checks work on the exact bytes that were sent: latin-1 maps each byte
    to one character and back.
    """
    return text.encode("utf-8", "surrogateescape").decode("latin-1")


def _received_headers(request: web.BaseRequest) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    for name, value in request.raw_headers:
        headers.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))
    return headers


async def _read_body(request: web.BaseRequest) -> bytes:
    declared = request.content_length
    if declared is not None and declared > MAX_BODY:
        raise _BodyError(ApiError(413, "request body too large"))
    chunks: list[bytes] = []
    total = 0
    try:
        while chunk := await request.content.readany():
            total += len(chunk)
            if total > MAX_BODY:
                raise _BodyError(ApiError(413, "request body too large"))
            chunks.append(chunk)
    except ConnectionError:
        raise _BodyError(None) from None  # the client went away mid-body
    except _BodyError:
        raise
    except Exception:  # aiohttp's payload errors: a chunk size that is not hex, and so on
        raise _BodyError(ApiError(400, "malformed request body")) from None
    return b"".join(chunks)


def _reset(request: web.BaseRequest) -> None:
    """Close the connection with a TCP reset: SO_LINGER 0, then close without a FIN."""
    transport = request.transport
    if transport is None:
        return
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


class _Protocol(web.RequestHandler):
    """aiohttp's connection handler, answering unreadable requests with the JSON envelope."""

    def __init__(self, manager: web.Server, *, owner: LoopbackServer, **kwargs: Any) -> None:
        super().__init__(manager, **kwargs)
        self._owner = owner

    # asyncio.Protocol lets eof_received return True to keep writing; aiohttp's says None.
    def eof_received(self) -> bool:  # type: ignore[override]
        # A client may half-close once it has sent its request: answer, then close. Only an
        # idle connection (waiting for a request that can no longer come) closes at once.
        waiting = self._waiter is not None and not self._waiter.done()
        if waiting:
            self.force_close()
        else:
            self.close()
        return True  # keep the transport open for writing

    def handle_error(
        self,
        request: web.BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        if request.writer.output_size > 0:
            raise ConnectionError("part of a response was sent; nothing more can be said")
        # aiohttp's own message quotes the request bytes, which may hold credentials.
        if isinstance(exc, LineTooLong):
            error = ApiError(431, "request line or header field too long")
        elif status >= 500:
            logger.debug("local service: error handling a request", exc_info=exc)
            error = ApiError(status, "internal error in the local service")
        else:
            error = ApiError(status, "malformed request")
        logger.debug("local service: unreadable request answered %d", error.status)
        response = self._owner.to_web(self._owner.app.framing_error(error, None))
        response.force_close()
        return response


class _Server(web.Server):
    def __init__(self, owner: LoopbackServer, **kwargs: Any) -> None:
        super().__init__(owner.handle, request_factory=self._request, **kwargs)
        self._owner = owner

    def _request(
        self,
        message: RawRequestMessage,
        payload: StreamReader,
        protocol: web.RequestHandler,
        writer: AbstractStreamWriter,
        task: asyncio.Task[None],
    ) -> web.BaseRequest:
        if message is web_protocol.ERROR:
            # aiohttp stands an HTTP/1.0 request in for one it could not parse; answer in
            # HTTP/1.1 with `Connection: close`, as for any other request.
            message = message._replace(version=HttpVersion11)
        return web.BaseRequest(message, payload, protocol, writer, task, self._loop)

    def __call__(self) -> _Protocol:
        return _Protocol(self, owner=self._owner, loop=self._loop, **self._kwargs)


class LoopbackServer:
    """A bound, listening socket; `serve` answers on it from a thread with its own loop."""

    app: Application

    def __init__(self, host: str, port: int) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        # Port 0 or not, a second server must never share this port silently.
        self.socket = socket.create_server(
            (host, port), family=family, backlog=BACKLOG, reuse_port=False
        )
        self.address: tuple[str, int] = self.socket.getsockname()[:2]
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stop: asyncio.Event | None = None
        self._stopping: asyncio.Event | None = None

    # -- lifecycle (called from any thread) -------------------------------------------------

    def serve(self, app: Application) -> None:
        self.app = app
        ready: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._thread = threading.Thread(
            target=asyncio.run,
            args=(self._main(ready),),
            name="aidp-local-service",
            daemon=True,
        )
        self._thread.start()
        try:
            ready.result()
        except BaseException:
            self._thread.join()
            self.socket.close()
            raise

    def halt(self, timeout: float = 10.0) -> None:
        loop, stop, thread = self.loop, self._stop, self._thread
        if loop is not None and stop is not None and thread is not None and thread.is_alive():
            with contextlib.suppress(RuntimeError):  # the loop has already closed
                loop.call_soon_threadsafe(stop.set)
            thread.join(timeout)
        self.socket.close()

    async def _main(self, ready: concurrent.futures.Future[None]) -> None:
        loop = asyncio.get_running_loop()
        # asyncio.run shuts this executor down, joining its threads, when _main returns.
        loop.set_default_executor(
            concurrent.futures.ThreadPoolExecutor(
                WORKERS, thread_name_prefix="aidp-local-service-worker"
            )
        )
        self.loop, self._stop, self._stopping = loop, asyncio.Event(), asyncio.Event()
        server = _Server(
            self,
            keepalive_timeout=IDLE_TIMEOUT,
            access_log=None,
            max_line_size=MAX_LINE,
            max_field_size=MAX_LINE,
            # The signature covers the body as sent: never decompress it.
            auto_decompress=False,
            lingering_time=2.0,
        )
        runner = web.ServerRunner(server, shutdown_timeout=SHUTDOWN_GRACE)
        try:
            await runner.setup()
            await web.SockSite(runner, self.socket, backlog=BACKLOG).start()
        except BaseException as exc:
            await runner.cleanup()
            ready.set_exception(exc)
            return
        ready.set_result(None)
        await self._stop.wait()
        self._stopping.set()  # wakes requests waiting out a fault's delay
        await runner.cleanup()

    # -- one request (on the loop) ----------------------------------------------------------

    async def handle(self, request: web.BaseRequest) -> web.StreamResponse:
        if await self._refuse_expectation(request):
            return self._expectation_failed(request)
        try:
            body = await _read_body(request)
        except _BodyError as exc:
            if exc.error is None:
                _reset(request)
                return web.Response()  # never written: the connection is gone
            request_id = request.headers.get("opc-request-id")
            response = self.to_web(self.app.framing_error(exc.error, request_id))
            response.force_close()
            return response
        received = ReceivedRequest(
            request.method, wire_text(request.raw_path), _received_headers(request), body
        )
        loop = asyncio.get_running_loop()
        exchange = await loop.run_in_executor(None, self.app.handle, received)
        fault = exchange.fault
        if fault is not None and fault.delay > 0:
            await self._pause(fault.delay)
        logger.debug(
            "local service: %s %s -> %d", request.method, request.path, exchange.response.status
        )
        if fault is not None and fault.action in DROPPING:
            _reset(request)
            return web.Response()  # never written: the connection is gone
        if fault is not None and fault.action == "truncate":
            return await self._truncated(request, exchange.response)
        return self.to_web(exchange.response)

    async def _refuse_expectation(self, request: web.BaseRequest) -> bool:
        """Answer `Expect: 100-continue` (the client waits for it before the body); True for
        an expectation the service cannot meet."""
        expect = request.headers.get("expect")
        if expect is None or request.version < HttpVersion11:
            return False
        if expect.strip().lower() != "100-continue":
            return True
        await request.writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        request.writer.output_size = 0  # the response proper has not started
        return False

    def _expectation_failed(self, request: web.BaseRequest) -> web.Response:
        error = ApiError(417, "only the 100-continue expectation is supported")
        response = self.to_web(self.app.framing_error(error, request.headers.get("opc-request-id")))
        response.force_close()
        return response

    async def _pause(self, seconds: float) -> None:
        # Wake up early when the service stops, so stop() never waits for a delay.
        assert self._stopping is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    def _headers(self, response: Response) -> dict[str, str]:
        headers = dict(response.headers)
        if not any(name.lower() == "date" for name in headers):
            # The service's own clock, skew included, so a client can see a skewed service.
            headers["Date"] = email.utils.formatdate(self.app.now(), usegmt=True)
        return headers

    def to_web(self, response: Response) -> web.Response:
        return web.Response(
            status=response.status,
            headers=self._headers(response),
            body=response.body or None,
        )

    async def _truncated(self, request: web.BaseRequest, response: Response) -> web.StreamResponse:
        """Announce more than is sent, then close: the client sees a short body."""
        part = response.body[: len(response.body) // 2]
        streamed = web.StreamResponse(status=response.status, headers=self._headers(response))
        streamed.content_length = max(len(response.body), len(part) + 1)
        streamed.force_close()
        with contextlib.suppress(ConnectionError):
            await streamed.prepare(request)
            await streamed.write(part)  # also sends the headers when `part` is empty
        if request.transport is not None:
            request.transport.close()  # a FIN once the buffer is flushed
        return streamed
