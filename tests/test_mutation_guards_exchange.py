"""Bounded body reading in _exchange.py, held at its limits (issue 25).

The limits (64 MiB by default, 1 MiB of an error), where a success ends and an error
begins, content-length known too long, and the bounded inflating of gzip and deflate.
The attempt's deadline is left to tests/resilience/test_deadlines.py: its rule is
being reworked.
"""

from __future__ import annotations

import asyncio
import gzip
import zlib
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from aidp_notebook._exchange import (
    DEFAULT_MAX_RESPONSE_BYTES,
    MAX_ERROR_BODY_BYTES,
    BodyReader,
    Reply,
    aread_body,
    async_exchange,
    exchange,
    read_body,
)

REQUEST = httpx.Request("GET", "http://127.0.0.1:9/x")


def _read(status: int, chunks: list[bytes], max_bytes: int, **headers: str) -> Reply:
    reader = BodyReader(status, "R", httpx.Headers(headers), max_bytes, None)
    reply = read_body(reader, chunks, REQUEST)
    assert isinstance(reply, Reply)
    return reply


def test_the_limits() -> None:
    assert DEFAULT_MAX_RESPONSE_BYTES == 64 * 1024 * 1024
    assert MAX_ERROR_BODY_BYTES == 1024 * 1024


@pytest.mark.parametrize("status", [200, 204, 299])
def test_a_success_body_of_the_limit_is_kept_and_one_byte_more_is_refused(status: int) -> None:
    reply = _read(status, [b"abcde", b"fghij"], 10)
    assert (reply.content, reply.truncated) == (b"abcdefghij", False)
    assert (reply.status_code, reply.reason_phrase) == (status, "R")
    reply = _read(status, [b"abcde", b"fghijk"], 10)
    assert (reply.content, reply.truncated) == (b"", True)


@pytest.mark.parametrize("status", [199, 300, 404, 500])
def test_of_an_error_body_the_start_is_kept(status: int) -> None:
    reply = _read(status, [b"abcde", b"fghijk", b"more"], 10)
    assert (reply.content, reply.truncated) == (b"abcdefghij", True)


def test_an_error_body_is_cut_at_1_mib_whatever_the_limit() -> None:
    body = b"e" * (MAX_ERROR_BODY_BYTES + 1)
    reply = _read(500, [body], DEFAULT_MAX_RESPONSE_BYTES)
    assert reply.truncated
    assert len(reply.content) == MAX_ERROR_BODY_BYTES
    reply = _read(500, [body[:-1]], DEFAULT_MAX_RESPONSE_BYTES)
    assert (len(reply.content), reply.truncated) == (MAX_ERROR_BODY_BYTES, False)


def test_a_declared_length_over_the_limit_reads_nothing() -> None:
    reader = BodyReader(200, "OK", httpx.Headers({"content-length": "11"}), 10, None)
    assert reader.truncated
    reply = reader.reply()
    assert (reply.content, reply.truncated) == (b"", True)
    assert not BodyReader(200, "OK", httpx.Headers({"content-length": "10"}), 10, None).truncated
    # Of an error the start is still read; a compressed body's length says nothing.
    assert not BodyReader(500, "E", httpx.Headers({"content-length": "11"}), 10, None).truncated
    gz = httpx.Headers({"content-length": "11", "content-encoding": "gzip"})
    assert not BodyReader(200, "OK", gz, 10, None).truncated


def test_a_truncated_reader_reads_no_chunk() -> None:
    reader = BodyReader(200, "OK", httpx.Headers({"content-length": "99"}), 10, None)

    def chunks() -> object:
        raise AssertionError("read")
        yield b""

    reply = read_body(reader, chunks(), REQUEST)  # type: ignore[arg-type]
    assert isinstance(reply, Reply)
    assert (reply.content, reply.truncated) == (b"", True)


@pytest.mark.parametrize("coding", ["gzip", "x-gzip", "GZIP", "identity, gzip"])
def test_gzip_is_inflated(coding: str) -> None:
    body = gzip.compress(b"x" * 1000)
    reply = _read(200, [body[:10], body[10:]], 1000, **{"content-encoding": coding})
    assert (reply.content, reply.truncated) == (b"x" * 1000, False)


def test_deflate_is_inflated_with_or_without_the_zlib_header() -> None:
    wrapped = zlib.compress(b"y" * 500)
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    bare = raw.compress(b"y" * 500) + raw.flush()
    for body in (wrapped, bare):
        reply = _read(200, [body], 500, **{"content-encoding": "deflate"})
        assert reply.content == b"y" * 500


def test_a_body_that_inflates_past_the_limit_is_refused() -> None:
    bomb = gzip.compress(b"\0" * 10_000_000)
    reply = _read(200, [bomb], 1000, **{"content-encoding": "gzip"})
    assert (reply.content, reply.truncated) == (b"", True)
    reply = _read(200, [gzip.compress(b"z" * 1001)], 1000, **{"content-encoding": "gzip"})
    assert reply.truncated
    reply = _read(500, [bomb], 1000, **{"content-encoding": "gzip"})
    assert (reply.content, reply.truncated) == (b"\0" * 1000, True)


def test_an_error_body_inflating_past_the_inflate_step_is_read_whole() -> None:
    text = bytes(range(256)) * 2000  # 512,000 bytes: two steps of zlib output
    reply = _read(
        500, [gzip.compress(text)], DEFAULT_MAX_RESPONSE_BYTES, **{"content-encoding": "gzip"}
    )
    assert (reply.content, reply.truncated) == (text, False)


@pytest.mark.parametrize(
    ("coding", "body", "problem"),
    [
        ("gzip", b"not gzip at all", "the body is not valid gzip"),
        ("deflate", b"\xff\xff\xff\xff", "the body is not valid deflate"),
        ("gzip, deflate", b"", "stacked content encodings (gzip, deflate)"),
    ],
)
def test_undecodable_bodies_are_decoding_errors(coding: str, body: bytes, problem: str) -> None:
    with pytest.raises(httpx.DecodingError) as caught:
        _read(200, [body], 1000, **{"content-encoding": coding})
    assert problem in str(caught.value)


def test_an_unknown_coding_passes_as_it_is() -> None:
    reply = _read(200, [b"\x1b\x00br"], 10, **{"content-encoding": "br"})
    assert reply.content == b"\x1b\x00br"


def test_the_async_reader_keeps_the_same_limits() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for chunk in (b"abcde", b"fghijk", b"never"):
            yield chunk

    async def read(status: int) -> Reply | httpx.ReadTimeout:
        reader = BodyReader(status, "R", httpx.Headers(), 10, None)
        return await aread_body(reader, chunks(), REQUEST)

    assert asyncio.run(read(200)) == Reply(200, "R", httpx.Headers(), b"", True)
    error = asyncio.run(read(500))
    assert isinstance(error, Reply)
    assert (error.content, error.truncated) == (b"abcdefghij", True)


def _handler(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/down":
        raise httpx.ConnectError("refused", request=request)
    return httpx.Response(201, stream=httpx.ByteStream(b"created"), headers={"x-a": "1"})


def test_exchange_returns_the_reply_or_the_error() -> None:
    with httpx.Client(transport=httpx.MockTransport(_handler)) as http:
        reply = exchange(http, http.build_request("GET", "http://h.test/ok"), httpx.Auth(), 100)
        assert isinstance(reply, Reply)
        assert (reply.status_code, reply.content, reply.headers["x-a"]) == (201, b"created", "1")
        failed = exchange(http, http.build_request("GET", "http://h.test/down"), httpx.Auth(), 100)
        assert isinstance(failed, httpx.ConnectError)


def test_async_exchange_returns_the_reply_or_the_error() -> None:
    async def run() -> tuple[object, object]:
        async with httpx.AsyncClient(transport=httpx.MockTransport(_handler)) as http:
            ok = await async_exchange(
                http, http.build_request("GET", "http://h.test/ok"), httpx.Auth(), 5
            )
            down = await async_exchange(
                http, http.build_request("GET", "http://h.test/down"), httpx.Auth(), 5
            )
        return ok, down

    ok, down = asyncio.run(run())
    assert isinstance(ok, Reply)
    assert (ok.content, ok.truncated) == (b"", True)
    assert isinstance(down, httpx.ConnectError)


def test_reading_stops_at_the_chunk_that_inflates_past_the_limit() -> None:
    pulled: list[int] = []
    bomb = gzip.compress(b"\0" * 2_000_000)

    def chunks() -> Iterator[bytes]:
        for number, chunk in enumerate((bomb[:-20], bomb[-20:], b"never")):
            pulled.append(number)
            yield chunk

    reader = BodyReader(200, "OK", httpx.Headers({"content-encoding": "gzip"}), 1000, None)
    reply = read_body(reader, chunks(), REQUEST)
    assert isinstance(reply, Reply)
    assert (reply.content, reply.truncated) == (b"", True)
    assert pulled == [0]


def test_exchange_never_follows_a_redirect() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/moved":
            return httpx.Response(
                302, headers={"location": "http://h.test/ok"}, stream=httpx.ByteStream(b"")
            )
        return _handler(request)

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        reply = exchange(http, http.build_request("GET", "http://h.test/moved"), httpx.Auth(), 100)
    assert isinstance(reply, Reply)
    assert reply.status_code == 302
