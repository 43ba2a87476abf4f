"""Bounded responses: no body, however large, compressed or endless, fills the memory.

The limit is the client's `max_response_bytes` (64 MiB unless given), counted on the
decoded body while it is read and inflated. Peak memory is measured with tracemalloc
around the call (the servers run in this process, but send the same buffers again).
"""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import pytest
from aidp_notebook import (
    AsyncNotebookClient,
    InternalServerError,
    InvalidConfigError,
    InvalidResponseError,
    NotebookClient,
    RetryPolicy,
)

from ..conftest import use_fake_clock
from ._fault_servers import RawServer, head, read_request, stream_forever
from .conftest import IDS

MIB = 1024 * 1024
SESSION = {"id": "s", "name": "n"}


def unsigned(endpoint: str, **kwargs: Any) -> NotebookClient:
    kwargs.setdefault("retry", None)
    return NotebookClient(signer=lambda request: None, service_endpoint=endpoint, **kwargs)


def peak_of(call: Callable[[], Any]) -> tuple[Any, int]:
    """What `call` returned or raised, and the peak of traced memory while it ran."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        try:
            result: Any = call()
        except Exception as exc:
            result = exc
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def endless_json(limit: int) -> Iterator[bytes]:
    """The start of a session whose `notes` never end, in 1 MiB pieces, up to `limit`."""
    yield b'{"id": "s", "name": "n", "notes": "'
    piece = b"n" * MIB
    for _ in range(limit // MIB):
        yield piece


@cache
def gzip_bomb() -> bytes:
    """About 254 KiB of gzip that inflates to a 256 MiB session."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [packer.compress(b'{"id": "s", "name": "n", "notes": "')]
    piece = b"A" * MIB
    parts += [packer.compress(piece) for _ in range(256)]
    parts.append(packer.compress(b'"}') + packer.flush())
    return b"".join(parts)


def answer(status: int, body: bytes, headers: dict[str, str] | None = None) -> Any:
    def handle(conn: socket.socket, server: RawServer) -> None:
        if read_request(conn) is None:
            return
        fields = {"content-length": str(len(body)), "connection": "close", **(headers or {})}
        conn.sendall(head(status, fields) + body)

    return handle


def test_an_endless_body_stops_at_the_default_limit() -> None:
    handler = stream_forever(200, {}, endless_json(300 * MIB))
    with RawServer(handler) as server, unsigned(server.endpoint) as client:
        error, peak = peak_of(lambda: client.get_session(*IDS))
    assert isinstance(error, InvalidResponseError), error
    assert "larger than max_response_bytes (67108864 bytes)" in str(error)
    assert peak < 100 * MIB


@pytest.mark.parametrize("asynchronous", [False, True])
def test_a_body_over_a_smaller_limit_is_refused_without_being_held(asynchronous: bool) -> None:
    handler = stream_forever(200, {}, endless_json(200 * MIB))
    with RawServer(handler) as server:
        if asynchronous:

            async def call() -> Any:
                async with AsyncNotebookClient(
                    signer=lambda request: None, service_endpoint=server.endpoint,
                    retry=None, max_response_bytes=MIB,
                ) as client:  # fmt: skip
                    return await client.get_session(*IDS)

            error, peak = peak_of(lambda: asyncio.run(call()))
        else:
            with unsigned(server.endpoint, max_response_bytes=MIB) as client:
                error, peak = peak_of(lambda: client.get_session(*IDS))
    assert isinstance(error, InvalidResponseError), error
    assert "max_response_bytes (1048576 bytes)" in str(error)
    assert error.status == 200
    assert peak < 16 * MIB


def test_a_gzip_bomb_is_not_inflated_past_the_limit() -> None:
    bomb = gzip_bomb()
    assert len(bomb) < 300 * 1024
    handler = answer(200, bomb, {"content-encoding": "gzip", "content-type": "application/json"})
    with RawServer(handler) as server, unsigned(server.endpoint) as client:
        error, peak = peak_of(lambda: client.get_session(*IDS))
    assert isinstance(error, InvalidResponseError), error
    assert "max_response_bytes" in str(error)
    assert peak < 100 * MIB
    with RawServer(handler) as server, unsigned(server.endpoint, max_response_bytes=MIB) as client:
        error, peak = peak_of(lambda: client.get_session(*IDS))
    assert isinstance(error, InvalidResponseError), error
    assert peak < 16 * MIB


@pytest.mark.parametrize(
    ("coding", "pack"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, no zlib header
        ("identity", lambda data: data),
        ("br", lambda data: data),  # not asked for, not understood: passed on as it came
    ],
)
def test_compressed_bodies_within_the_limit_still_parse(
    coding: str, pack: Callable[[bytes], bytes]
) -> None:
    body = json.dumps({**SESSION, "notes": "x" * 100_000}).encode()
    handler = answer(200, pack(body), {"content-encoding": coding})
    with RawServer(handler) as server, unsigned(server.endpoint) as client:
        session = client.get_session(*IDS)
    assert session["notes"] == "x" * 100_000


def test_a_body_exactly_at_the_limit_parses_and_one_byte_more_does_not() -> None:
    body = json.dumps(SESSION).encode()
    with RawServer(answer(200, body)) as server:
        with unsigned(server.endpoint, max_response_bytes=len(body)) as client:
            assert client.get_session(*IDS).id == "s"
        with unsigned(server.endpoint, max_response_bytes=len(body) - 1) as client:
            with pytest.raises(InvalidResponseError, match="max_response_bytes"):
                client.get_session(*IDS)


def test_a_declared_length_over_the_limit_fails_without_waiting_for_the_body() -> None:
    def handle(conn: socket.socket, server: RawServer) -> None:
        if read_request(conn) is None:
            return
        conn.sendall(head(200, {"content-length": str(10**12)}))
        server.sleep(30)  # sends nothing more; the client must not wait for it

    with RawServer(handle) as server, unsigned(server.endpoint, timeout=(5, 20)) as client:
        with pytest.raises(InvalidResponseError, match="max_response_bytes"):
            client.get_session(*IDS)


def test_a_huge_error_page_is_still_its_status_and_retried() -> None:
    calls = []

    def handle(conn: socket.socket, server: RawServer) -> None:
        calls.append(1)
        if len(calls) == 1:
            page = iter([b"<html>" + b"x" * MIB] * 100)
            stream_forever(503, {"content-type": "text/html"}, page)(conn, server)
            return
        answer(200, json.dumps(SESSION).encode())(conn, server)

    with RawServer(handle) as server:
        client = unsigned(server.endpoint, retry=RetryPolicy())
        use_fake_clock(client)
        with client:
            session, peak = peak_of(lambda: client.get_session(*IDS))
    assert session.id == "s"
    assert peak < 16 * MIB
    with RawServer(stream_forever(503, {}, iter([b"x" * MIB] * 100))) as server:
        with unsigned(server.endpoint) as client, pytest.raises(InternalServerError) as caught:
            client.get_session(*IDS)
    assert "1048576+ bytes" in caught.value.message


@pytest.mark.parametrize("value", [0, -1, True, 1.5, "64MB", None])
def test_max_response_bytes_must_be_a_positive_int(value: object) -> None:
    with pytest.raises(InvalidConfigError, match="max_response_bytes"):
        unsigned("http://127.0.0.1:9", max_response_bytes=value)
