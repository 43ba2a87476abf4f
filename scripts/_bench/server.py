"""A static HTTP/1.1 keep-alive server for the benchmarks, run in a process of its own.

It answers every request at once with a prebuilt response chosen by a marker in the
request line (the API version segment), and verifies nothing, so that what the
benchmarks measure is the client. It runs in a separate process so that its work
never competes with the client for the GIL. `GET /__stats` reports how many
connections and requests it has seen (connection churn shows up there) and its CPU
time (evidence that it is not the bottleneck).

The parent writes one JSON line to stdin: `{"routes": [[marker, body], ...]}` (the
first route is also the fallback; the longest marker in the request line wins); the
server answers with its port on stdout.
This module imports only the standard library: it is also run as a script.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from types import TracebackType
from typing import Self

_STATS_PATH = b" /__stats "


def _response(body: bytes, request_id: bytes = b"BENCHREQUESTID0000000000000000001") -> bytes:
    head = (
        b"HTTP/1.1 200 OK\r\n"
        b"content-type: application/json\r\n"
        b"content-length: " + str(len(body)).encode("ascii") + b"\r\n"
        b'etag: "bench-etag-1"\r\n'
        b"opc-request-id: " + request_id + b"\r\n"
        b"\r\n"
    )
    return head + body


class _Counters:
    def __init__(self) -> None:
        self.connections = 0
        self.requests = 0


class _StaticProtocol(asyncio.Protocol):
    """One connection: for every complete request head in the buffer, write one response.

    The benchmarks only send GETs, which have no body, so a request ends at its blank line.
    """

    def __init__(self, routes: Sequence[tuple[bytes, bytes]], counters: _Counters) -> None:
        self._fallback = routes[0][1]
        # The most specific marker first: ListSessions' path is inside every session's.
        self._routes = sorted(routes, key=lambda route: len(route[0]), reverse=True)
        self._counters = counters
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._counters.connections += 1

    def data_received(self, data: bytes) -> None:
        assert self._transport is not None
        buffer = self._buffer + data
        while (end := buffer.find(b"\r\n\r\n")) >= 0:
            request_line = buffer[: buffer.find(b"\r\n")]
            buffer = buffer[end + 4 :]
            self._counters.requests += 1
            self._transport.write(self._answer(request_line))
        self._buffer = buffer

    def _answer(self, request_line: bytes) -> bytes:
        if _STATS_PATH in request_line:
            counts = {
                "connections": self._counters.connections,
                "requests": self._counters.requests,
                "cpu_seconds": time.process_time(),
            }
            return _response(json.dumps(counts).encode("ascii"))
        for marker, response in self._routes:
            if marker in request_line:
                return response
        return self._fallback


async def _serve(routes: Sequence[tuple[bytes, bytes]]) -> None:
    loop = asyncio.get_running_loop()
    counters = _Counters()
    server = await loop.create_server(
        lambda: _StaticProtocol(routes, counters), "127.0.0.1", 0, backlog=4096
    )
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    await server.serve_forever()


def main() -> None:
    spec = json.loads(sys.stdin.readline())
    routes = [(marker.encode("ascii"), _response(body.encode())) for marker, body in spec["routes"]]
    asyncio.run(_serve(routes))


class StaticServer:
    """Runs this module as a child process; `endpoint` is its base URL while inside `with`."""

    def __init__(self, routes: Sequence[tuple[str, str]]) -> None:
        self._routes = [list(route) for route in routes]
        self._process: subprocess.Popen[str] | None = None
        self.endpoint = ""

    def __enter__(self) -> Self:
        self._process = subprocess.Popen(
            [sys.executable, __file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        self._process.stdin.write(json.dumps({"routes": self._routes}) + "\n")
        self._process.stdin.flush()
        port = int(self._process.stdout.readline())
        self.endpoint = f"http://127.0.0.1:{port}"
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._process is not None:
            self._process.terminate()  # only the child this object started
            self._process.wait(timeout=10)
            for pipe in (self._process.stdin, self._process.stdout):
                if pipe is not None:
                    pipe.close()
            self._process = None


if __name__ == "__main__":
    main()
