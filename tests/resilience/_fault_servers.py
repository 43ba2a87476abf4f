"""Loopback servers that misbehave in ways LocalNotebookService cannot: raw sockets.

`RawServer` hands every accepted connection to a handler that reads and writes bytes as
it likes: a body that trickles, one that never ends, a gzip bomb, an answer that never
comes. `NullSessionsService` is a tiny sessions API that verifies OCI signatures (with
the local service's verifier) and answers with JSON null in every optional field.

Every loop here is bounded: by a byte or time budget, and by the server's stop event.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import oci
from aidp_notebook.testing._keys import KeyRing, generate_api_key
from aidp_notebook.testing._signature import ReceivedRequest, verify

Handler = Callable[[socket.socket, "RawServer"], None]


@dataclass
class RawRequest:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes


def read_request(conn: socket.socket, *, limit: int = 1 << 20) -> RawRequest | None:
    """One HTTP/1.1 request off `conn` (Content-Length bodies only), or None if it closed."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > limit:
            return None
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    return RawRequest(method, target, headers, body)


def head(status: int, headers: dict[str, str] | None = None, reason: str = "OK") -> bytes:
    lines = [f"HTTP/1.1 {status} {reason}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


class RawServer:
    """A loopback server whose handler gets each connection's socket (with a timeout)."""

    def __init__(self, handler: Handler, *, receive_buffer: int | None = None) -> None:
        """`receive_buffer`: SO_RCVBUF of the connections, as a slow link's small window."""
        self.handler = handler
        self.stopped = threading.Event()
        self.connections = 0
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        if receive_buffer is not None:  # set before accepting: connections inherit it
            self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> RawServer:
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self._listener.close()
        with self._lock:
            for conn in self._sockets:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
                conn.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            conn.settimeout(10)
            with self._lock:
                self.connections += 1
                self._sockets.append(conn)
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, conn: socket.socket) -> None:
        try:
            self.handler(conn, self)
        except OSError:
            pass  # the client went away, which is often the point
        finally:
            conn.close()

    def sleep(self, seconds: float) -> bool:
        """Sleep unless stopped; False once the server is stopping."""
        return not self.stopped.wait(seconds)


def stream_forever(status: int, headers: dict[str, str], pieces: Iterator[bytes]) -> Handler:
    """A handler that answers one request with a chunked body made of `pieces`."""

    def handle(conn: socket.socket, server: RawServer) -> None:
        if read_request(conn) is None:
            return
        conn.sendall(head(status, {**headers, "transfer-encoding": "chunked"}))
        for piece in pieces:
            if server.stopped.is_set():
                return
            conn.sendall(chunk(piece))
        conn.sendall(b"0\r\n\r\n")

    return handle


# -- a sessions API that sends null in every optional field ----------------------------------


@dataclass
class NullSessionsService:
    """Create, get, list, patch and delete, answered with null wherever the spec allows.

    Requests must carry a valid OCI signature. Bodies received are kept in `bodies`, and
    every JSON document sent in `sent`, so a test can compare what the SDK parsed with it.
    """

    bodies: list[Any] = field(default_factory=list)
    sent: list[Any] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._key = generate_api_key()
        self.tenancy = "ocid1.tenancy.oc1..nullservice"
        self.user = "ocid1.user.oc1..nullservice"
        key_id = f"{self.tenancy}/{self.user}/{self._key.fingerprint}"
        self._keyring = KeyRing(key_id, self._key.public_key)
        self._server = RawServer(self._handle)

    def __enter__(self) -> NullSessionsService:
        self._server.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.__exit__(*exc)

    @property
    def endpoint(self) -> str:
        return self._server.endpoint

    def signer(self) -> Any:
        return oci.signer.Signer(
            self.tenancy, self.user, self._key.fingerprint,
            private_key_file_location=None, private_key_content=self._key.private_key_pem,
        )  # fmt: skip

    def _handle(self, conn: socket.socket, server: RawServer) -> None:
        request = read_request(conn)
        if request is None:
            return
        status, document = self._answer(request)
        body = b"" if document is None else json.dumps(document).encode()
        if document is not None:
            self.sent.append(document)
        headers = {
            "content-type": "application/json",
            "content-length": str(len(body)),
            "opc-request-id": request.headers.get("opc-request-id", "none"),
            "connection": "close",
        }
        conn.sendall(head(status, headers) + body)

    def _answer(self, request: RawRequest) -> tuple[int, Any]:
        received = ReceivedRequest(
            request.method, request.target,
            {name: [value] for name, value in request.headers.items()}, request.body,
        )  # fmt: skip
        check = verify(
            received, keyring=self._keyring, allowed_hosts={f"127.0.0.1:{self._server.port}"},
            now=time.time(),
        )  # fmt: skip
        if not check.valid:
            self.problems.append(str(check.problem))
            return 401, {"code": "NotAuthenticated", "message": str(check.problem)}
        path = request.target.split("?", 1)[0]
        tail = path.rsplit("/sessions", 1)[1].strip("/")
        body = json.loads(request.body) if request.body else None
        if body is not None:
            self.bodies.append(body)
        if request.method == "POST":
            return self._create(body)
        if request.method == "GET" and not tail:
            return 200, {"items": [_summary(s) for s in self.sessions.values()]}
        if tail not in self.sessions:
            return 404, {"code": "NotAuthorizedOrNotFound", "message": "no such session"}
        if request.method == "GET":
            return 200, self.sessions[tail]
        if request.method == "PATCH":
            self.sessions[tail]["name"] = body.get("name", self.sessions[tail]["name"])
            return 200, self.sessions[tail]
        del self.sessions[tail]
        return 204, None

    def _create(self, body: Any) -> tuple[int, Any]:
        kernel = body.get("kernel")
        if kernel is not None and not isinstance(kernel.get("name"), str):
            return 400, {"code": "InvalidParameter", "message": "kernel.name must be a string"}
        if any(value is None for value in body.values()):
            return 400, {"code": "InvalidParameter", "message": "null in a request field"}
        session_id = str(uuid.uuid4())
        self.sessions[session_id] = {
            "id": session_id,
            "name": body.get("name", "untitled"),
            "agentFlowKey": None,
            "cluster_id": None,
            "kernel": {
                "id": str(uuid.uuid4()),
                "name": kernel["name"] if kernel else None,
                "connections": None,
                "execution_state": None,
                "last_activity": None,
            },
            "lifecycleState": None,
            "path": None,
            "type": None,
        }
        return 201, self.sessions[session_id]


def _summary(session: dict[str, Any]) -> dict[str, Any]:
    return {**dict.fromkeys(session), "id": session["id"], "kernel": None}


def http_date(offset: float = 0.0) -> str:
    return email.utils.formatdate(time.time() + offset, usegmt=True)
