"""A raw HTTP/1.1 server on loopback that answers, or stalls at a chosen point of a response.

It runs on the event loop of the test that starts it. The first word of a request's
opc-request-id (up to the first `-`) says what the server does with that request:

- `ok`: answer 200 with a session at once (keep-alive).
- `silent`: read the request, never answer.
- `unread`: read the request head, then the body at a trickle (64 KiB per 20 ms), never
  answer: a large body fills the socket buffers, and the client stalls while sending.
- `head`: send part of the status line and headers, then nothing more.
- `body`: send the headers (announcing 4,096 bytes) and 9 bytes of body, then nothing more.
- `busy`: answer 503 with `retry-after: 30` (the client then sleeps between attempts).
- `drop`: the first attempt under an id: close the connection without a byte; later ones: `ok`.

A stalled connection waits until the client closes it. The server counts connections:
accepted, open now, the most open at once, and how many are stalled now; it verifies
nothing, so any signer will do.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import Counter

SESSION_ID = "s-raw-1"
SESSION = json.dumps(
    {"id": SESSION_ID, "name": "raw.ipynb", "path": "/raw.ipynb", "lifecycleState": "ACTIVE"}
).encode()


def _answer(status: bytes, body: bytes, *extra: bytes) -> bytes:
    head = [
        b"HTTP/1.1 " + status,
        b"content-type: application/json",
        b"content-length: " + str(len(body)).encode(),
        b"opc-request-id: raw-server",
        *extra,
    ]
    return b"\r\n".join(head) + b"\r\n\r\n" + body


OK = _answer(b"200 OK", SESSION)
BUSY = _answer(b"503 Service Unavailable", b'{"code":"Busy","message":"later"}', b"retry-after: 30")
PARTIAL_HEAD = b"HTTP/1.1 200 OK\r\ncontent-type: applic"
PARTIAL_BODY = (
    b'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 4096\r\n\r\n{"id": "'
)


class StallingServer:
    """Start with `await server.start()` (returns the endpoint); stop with `await server.close()`."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.accepted = 0
        self.open = 0
        self.peak_open = 0
        self.stalled = 0
        self.requests: Counter[str] = Counter()
        self._seen: Counter[str] = Counter()
        self._server: asyncio.Server | None = None
        self._handlers: set[asyncio.Task[None]] = set()

    async def start(self) -> str:
        self._server = await asyncio.start_server(self._serve, self.host, 0, backlog=1024)
        port = self._server.sockets[0].getsockname()[1]
        return f"http://{self.host}:{port}"

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            for task in list(self._handlers):
                task.cancel()
            await asyncio.gather(*self._handlers, return_exceptions=True)
            await self._server.wait_closed()

    async def settle(self, *, stalled: int = 0, seconds: float = 5.0) -> None:
        """Wait (at most `seconds`) until no more than `stalled` connections are stalled."""
        for _ in range(int(seconds / 0.01)):
            if self.stalled <= stalled:
                return
            await asyncio.sleep(0.01)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        self.accepted += 1
        self.open += 1
        self.peak_open = max(self.peak_open, self.open)
        try:
            while await self._exchange(reader, writer):
                pass
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass  # the client went away
        finally:
            self.open -= 1
            self._handlers.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _exchange(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Serve one request; False once the connection is done with."""
        head = await reader.readuntil(b"\r\n\r\n")
        headers = dict(
            line.split(": ", 1) for line in head.decode("latin-1").split("\r\n")[1:] if ": " in line
        )
        headers = {name.lower(): value for name, value in headers.items()}
        request_id = headers.get("opc-request-id", "ok")
        phase = request_id.split("-", 1)[0]
        self.requests[phase] += 1
        self._seen[request_id] += 1
        if phase != "unread" and "content-length" in headers:
            await reader.readexactly(int(headers["content-length"]))
        if phase == "drop" and self._seen[request_id] == 1:
            return False
        if phase in ("ok", "drop"):
            writer.write(OK)
        elif phase == "busy":
            writer.write(BUSY)
        else:
            writer.write({"head": PARTIAL_HEAD, "body": PARTIAL_BODY}.get(phase, b""))
            await self._stall(reader, pause=0.02 if phase == "unread" else 0.0)
            return False
        await writer.drain()
        return True

    async def _stall(self, reader: asyncio.StreamReader, pause: float) -> None:
        """Hold the connection until the client closes it (or the server stops)."""
        self.stalled += 1
        try:
            while await reader.read(65536):
                await asyncio.sleep(pause)
        finally:
            self.stalled -= 1
