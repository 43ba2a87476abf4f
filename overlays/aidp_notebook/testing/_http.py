"""HTTP/1.1 plumbing: a threaded loopback server that hands each request to an application.

The server reads the request (framing only), asks the application for an Exchange (what to
answer and which fault to apply), then writes it: normally, truncated, or not at all.
It keeps track of its connections so that stop() can end keep-alive connections and join
their threads instead of leaving them blocked on a read.
"""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import socketserver
import struct
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol, cast

from ._errors import ApiError
from ._faults import Fault
from ._signature import ReceivedRequest

logger = logging.getLogger("aidp_notebook.testing")

MAX_BODY = 16 * 1024 * 1024
_MAX_LINE = 65536
_DIGITS = re.compile(r"[0-9]+")  # str.isdigit() would also accept "²"
# How long an idle keep-alive connection may wait for its next request.
IDLE_TIMEOUT = 30.0


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass(frozen=True)
class Exchange:
    response: Response
    fault: Fault | None = None


class Application(Protocol):
    def handle(self, request: ReceivedRequest) -> Exchange: ...

    def framing_error(self, error: ApiError, request_id: str | None) -> Response: ...

    def now(self) -> float: ...


class _FramingError(Exception):
    """The request cannot be read; answer `error` (if any) and close the connection."""

    def __init__(self, error: ApiError | None) -> None:
        super().__init__(error.message if error else "client went away")
        self.error = error


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT
    # Small responses must not wait for the client's delayed ACK (about 40 ms each).
    disable_nagle_algorithm = True

    @property
    def _server(self) -> LoopbackServer:
        return cast(LoopbackServer, self.server)

    def log_message(self, format: str, *args: Any) -> None:
        # Never print to stderr; request lines carry no secrets, headers are not logged.
        logger.debug("local service: " + format, *args)

    def handle_one_request(self) -> None:
        try:
            self.raw_requestline = self.rfile.readline(_MAX_LINE + 1)
        except OSError:  # idle timeout, reset, or stop() shutting the socket down
            self.close_connection = True
            return
        if not self.raw_requestline or self._server.stopping.is_set():
            self.close_connection = True
            return
        if len(self.raw_requestline) > _MAX_LINE:
            self.requestline, self.request_version, self.command = "", "HTTP/1.1", ""
            self.send_error(414)
            return
        if not self.parse_request():
            return  # parse_request has answered with send_error
        if self.request_version == "HTTP/0.9":
            self.close_connection = True
            return
        try:
            self._exchange()
        except OSError:  # the client disconnected while we were writing
            self.close_connection = True

    def _exchange(self) -> None:
        words = self.requestline.split()
        # self.path may have been normalised ("//x" -> "/x"); signatures cover the raw target.
        target = words[1] if len(words) > 1 else self.path
        try:
            body = self._read_body()
        except _FramingError as exc:
            self.close_connection = True
            if exc.error is not None:
                response = self._server.app.framing_error(
                    exc.error, self.headers.get("opc-request-id")
                )
                self._write(response)
            return
        headers: dict[str, list[str]] = {}
        for name, value in self.headers.items():
            headers.setdefault(name.lower(), []).append(value)
        exchange = self._server.app.handle(ReceivedRequest(self.command, target, headers, body))
        fault = exchange.fault
        if fault is not None and fault.delay > 0:
            # Wake up early when the service stops, so stop() never waits for a delay.
            self._server.stopping.wait(fault.delay)
        if fault is not None and fault.action == "drop":
            self.close_connection = True
            self._server.reset_on_close(self.connection)
            return
        truncate = fault is not None and fault.action == "truncate"
        self._write(exchange.response, truncate=truncate)
        if truncate:
            self.close_connection = True

    def _read_body(self) -> bytes:
        encoding = self.headers.get("transfer-encoding")
        lengths = self.headers.get_all("content-length") or []
        if encoding is not None:
            if encoding.strip().lower() != "chunked":
                raise _FramingError(ApiError(501, "only chunked transfer-encoding is supported"))
            if lengths:
                # Both framings at once is how requests get smuggled; serve it, then hang up.
                self.close_connection = True
            return self._read_chunked()
        if not lengths:
            return b""
        if len(set(lengths)) > 1 or not _DIGITS.fullmatch(lengths[0].strip()):
            raise _FramingError(ApiError(400, "invalid content-length header"))
        size = int(lengths[0])
        if size > MAX_BODY:
            raise _FramingError(ApiError(413, "request body too large"))
        return self._read_exactly(size)

    def _read_exactly(self, size: int) -> bytes:
        try:
            data = self.rfile.read(size)
        except OSError:
            raise _FramingError(None) from None
        if len(data) < size:
            raise _FramingError(None)  # the client disconnected mid-body
        return data

    def _read_chunked(self) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(_MAX_LINE + 1)
            if not line:
                raise _FramingError(None)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise _FramingError(ApiError(400, "malformed chunked body")) from None
            if size < 0 or total + size > MAX_BODY:
                raise _FramingError(ApiError(413, "request body too large"))
            if size == 0:
                break
            chunks.append(self._read_exactly(size))
            total += size
            if self._read_exactly(2) != b"\r\n":
                raise _FramingError(ApiError(400, "malformed chunked body"))
        while self.rfile.readline(_MAX_LINE + 1) not in (b"\r\n", b"\n", b""):
            pass  # trailer fields are not used
        return b"".join(chunks)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # parse_request reports malformed requests through here; answer with the JSON envelope.
        self.close_connection = True
        if self.request_version == "HTTP/0.9":
            # The request line was unreadable; answer in HTTP/1.1, not as a bare 0.9 body.
            self.request_version = "HTTP/1.1"
        headers = getattr(self, "headers", None)
        request_id = headers.get("opc-request-id") if headers is not None else None
        error = ApiError(code, message or "malformed request")
        self._write(self._server.app.framing_error(error, request_id))

    def _write(self, response: Response, *, truncate: bool = False) -> None:
        body = response.body
        declared = len(body)
        if truncate:
            # Announce more than is sent, then close: the client sees a short body.
            body = body[: len(body) // 2]
            declared = max(declared, len(body) + 1)
        self.send_response_only(response.status)
        names = {name.lower() for name in response.headers}
        for name, value in response.headers.items():
            self.send_header(name, value)
        if "date" not in names:
            # The service's own clock, skew included, so a client can see a skewed service.
            self.send_header("Date", self.date_time_string(self._server.app.now()))
        if truncate or response.status not in (204, 304):
            self.send_header("Content-Length", str(declared))
        if self.close_connection and not truncate:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)
            self.wfile.flush()
        path = getattr(self, "path", "")
        logger.debug("local service: %s %s -> %d", self.command, path, response.status)


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # stop() joins the connection threads itself
    # Port 0 or not, a second server must never share this port silently.
    allow_reuse_port = False

    app: Application

    def __init__(self, address: tuple[str, int]) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.stopping = threading.Event()
        self._connections_lock = threading.Lock()
        self._connections: dict[threading.Thread, socket.socket] = {}
        self._resets: set[socket.socket] = set()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host name (socket.getfqdn), which can take
        # seconds on some networks; a loopback server does not need it.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self._serve_connection,
            args=(request, client_address),
            name="aidp-local-service-connection",
            daemon=True,
        )
        with self._connections_lock:
            accepted = not self.stopping.is_set()
            if accepted:
                self._connections[thread] = request
        if accepted:
            thread.start()
        else:
            self.shutdown_request(request)

    def _serve_connection(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            with self._connections_lock:
                self._connections.pop(threading.current_thread(), None)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A broken connection must not print a traceback into the test output.
        logger.debug("local service: connection error", exc_info=True)

    def reset_on_close(self, connection: socket.socket) -> None:
        """Close `connection` with a TCP reset instead of an orderly shutdown."""
        try:
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            return
        with self._connections_lock:
            self._resets.add(connection)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            reset = request in self._resets
            self._resets.discard(request)
        if reset:
            self.close_request(request)  # no FIN first: closing with SO_LINGER 0 sends RST
        else:
            super().shutdown_request(request)

    def close_connections(self, timeout: float) -> None:
        """Wake every connection thread (blocked reads fail) and wait for them to end."""
        with self._connections_lock:
            connections = dict(self._connections)
        for connection in connections.values():
            with contextlib.suppress(OSError):  # already closed by its own thread
                connection.shutdown(socket.SHUT_RDWR)
        for thread in connections:
            thread.join(timeout)


def bind(host: str, port: int) -> LoopbackServer:
    """Bind the listening socket (port 0 picks a free one); nothing is served yet."""
    return LoopbackServer((host, port))


def serve(server: LoopbackServer, app: Application) -> threading.Thread:
    server.app = app
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.02},  # also the longest stop() waits for the loop
        name="aidp-local-service",
        daemon=True,
    )
    thread.start()
    return thread


def halt(server: LoopbackServer, thread: threading.Thread, timeout: float = 5.0) -> None:
    server.stopping.set()
    server.shutdown()  # returns once serve_forever has left its loop: no new connections
    thread.join(timeout)
    server.close_connections(timeout)
    server.server_close()
