"""One attempt on the wire: send a request, read its response within bounds.

Every sender (a caller's httpx client here, aiohttp in `_aio_transport`, httpcore's
pool in `_pool_transport`) turns a request the core yields into status, headers and
raw body chunks, and reads those through `read_body` / `aread_body`: one `BodyReader`
holds the bounds for all of them. The core is sent what came of it: a `Reply`
(status, headers and the decoded body), or the exception that ended the attempt.

The body is read as a stream and never held beyond `max_bytes` decoded bytes:
- a larger body stops the reading and the Reply says `truncated` (the core fails a 2xx
  with InvalidResponseError); of an error response the first MAX_ERROR_BODY_BYTES are
  kept, enough for the core to report it by its status;
- gzip and deflate are inflated here, with zlib told how much output it may produce,
  so a small compressed body cannot inflate to gigabytes in one step;
- the attempt ends at its deadline (the request's ATTEMPT_SECONDS extension) even when
  the body trickles in just under the read timeout: that ends with httpx.ReadTimeout.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import AsyncIterable, Iterable
from dataclasses import dataclass

import httpx

from ._errors import SigningError

# Request extension: seconds this attempt may take in all (set by the request core).
ATTEMPT_SECONDS = "aidp_notebook.attempt_seconds"

# The largest decoded body a client reads unless told otherwise: far above any real
# answer of the API (a list of 10,000 sessions is about 4 MiB).
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
# Of an error response only the start is read: its JSON is small, and of anything else
# (a proxy's HTML page) the message reports just the size and type.
MAX_ERROR_BODY_BYTES = 1024 * 1024
# zlib is asked for at most this much output at a time (it holds a call's output twice).
_INFLATE_STEP = 256 * 1024


@dataclass(frozen=True, slots=True)
class Reply:
    """A response as the request core sees it, its body read (at most `max_bytes` of it)."""

    status_code: int
    reason_phrase: str
    headers: httpx.Headers
    content: bytes
    # The decoded body was longer than the limit: `content` is empty for a success, and
    # holds the start of an error response.
    truncated: bool = False


class _Inflater:
    """A bounded zlib decoder for one gzip or deflate body."""

    def __init__(self, encoding: str) -> None:
        self._gzip = encoding != "deflate"
        self._started = False
        self._decoder = zlib.decompressobj(16 + zlib.MAX_WBITS if self._gzip else zlib.MAX_WBITS)

    def inflate(self, data: bytes, limit: int) -> bytes:
        """Up to `limit` bytes of output for `data`; the rest stays in `unconsumed_tail`."""
        try:
            out = self._decoder.decompress(data, limit)
        except zlib.error as exc:
            if self._gzip or self._started:
                raise httpx.DecodingError(f"the body is not valid {self._name}: {exc}") from None
            # Some servers send raw deflate without the zlib header; accept it.
            self._decoder = zlib.decompressobj(-zlib.MAX_WBITS)
            self._started = True
            return self.inflate(data, limit)
        self._started = True
        return out

    @property
    def unconsumed_tail(self) -> bytes:
        return self._decoder.unconsumed_tail

    def flush(self) -> bytes:
        try:
            return self._decoder.flush()
        except zlib.error as exc:
            raise httpx.DecodingError(f"the body is not valid {self._name}: {exc}") from None

    @property
    def _name(self) -> str:
        return "gzip" if self._gzip else "deflate"


def _inflater_for(headers: httpx.Headers) -> _Inflater | None:
    """The decoder for the response's content-encoding; unknown codings pass as they are."""
    codings = [
        token
        for value in headers.get_list("content-encoding")
        for token in (part.strip().lower() for part in value.split(","))
        if token in ("gzip", "x-gzip", "deflate")
    ]
    if not codings:
        return None
    if len(codings) > 1:
        raise httpx.DecodingError(f"stacked content encodings ({', '.join(codings)})")
    return _Inflater("deflate" if codings[0] == "deflate" else "gzip")


class BodyReader:
    """Collects decoded body chunks up to `max_bytes` and the attempt's deadline."""

    def __init__(
        self,
        status_code: int,
        reason_phrase: str,
        headers: httpx.Headers,
        max_bytes: int,
        deadline: float | None,
    ) -> None:
        self._status = status_code
        self._reason = reason_phrase
        self._headers = headers
        self._success = 200 <= status_code < 300
        self._room = max_bytes if self._success else min(max_bytes, MAX_ERROR_BODY_BYTES)
        self._deadline = deadline
        self._parts: list[bytes] = []
        self._inflater = _inflater_for(headers)
        self.truncated = False
        declared = headers.get("content-length", "")
        if self._inflater is None and declared.isascii() and declared.isdigit():
            # Known too long before a byte is read: read nothing of a success body.
            self.truncated = int(declared) > max_bytes and self._success

    def feed(self, raw: bytes) -> bool:
        """Take one raw chunk; True when reading should stop (the limit is reached)."""
        inflater = self._inflater
        if inflater is None:
            return self._keep(raw)
        while raw:
            out = inflater.inflate(raw, min(self._room + 1, _INFLATE_STEP))
            if self._keep(out):
                return True
            tail = inflater.unconsumed_tail
            if not out and len(tail) == len(raw):  # no progress: never loop on it
                raise httpx.DecodingError("the compressed body does not decode")
            raw = tail
        return False

    def _keep(self, data: bytes) -> bool:
        if len(data) > self._room:
            # A success body over the limit is refused whole; an error's start is kept.
            if not self._success:
                self._parts.append(data[: self._room])
            else:
                self._parts.clear()
            self._room = 0
            self.truncated = True
            return True
        self._parts.append(data)
        self._room -= len(data)
        return False

    def past_deadline(self) -> bool:
        return self._deadline is not None and time.monotonic() > self._deadline

    def timeout(self, request: httpx.Request) -> httpx.ReadTimeout:
        budget = request.extensions.get(ATTEMPT_SECONDS)
        return httpx.ReadTimeout(
            f"the body was still arriving when the attempt's {budget:g} s were up",
            request=request,
        )

    def reply(self) -> Reply:
        if self._inflater is not None and not self.truncated:
            self._keep(self._inflater.flush())
        return Reply(
            self._status, self._reason, self._headers, b"".join(self._parts), self.truncated
        )


def attempt_deadline(request: httpx.Request) -> float | None:
    """When the attempt of `request` must be over (time.monotonic), if it has a budget."""
    budget = request.extensions.get(ATTEMPT_SECONDS)
    return None if budget is None else time.monotonic() + float(budget)


def read_body(
    body: BodyReader, chunks: Iterable[bytes], request: httpx.Request
) -> Reply | httpx.ReadTimeout:
    """Feed raw `chunks` to `body` until they end, the limit or the deadline (sync)."""
    if not body.truncated:
        for chunk in chunks:
            if body.feed(chunk):
                break
            if body.past_deadline():
                return body.timeout(request)
    return body.reply()


async def aread_body(
    body: BodyReader, chunks: AsyncIterable[bytes], request: httpx.Request
) -> Reply | httpx.ReadTimeout:
    """`read_body` for chunks that arrive asynchronously."""
    if not body.truncated:
        async for chunk in chunks:
            if body.feed(chunk):
                break
            if body.past_deadline():
                return body.timeout(request)
    return body.reply()


def _reader(response: httpx.Response, max_bytes: int, deadline: float | None) -> BodyReader:
    return BodyReader(
        response.status_code, response.reason_phrase, response.headers, max_bytes, deadline
    )


def exchange(
    http: httpx.Client, request: httpx.Request, auth: httpx.Auth, max_bytes: int
) -> Reply | httpx.RequestError | SigningError:
    """Send `request` through an httpx client and read its response within bounds (sync)."""
    deadline = attempt_deadline(request)
    try:
        response = http.send(request, auth=auth, follow_redirects=False, stream=True)
    except (httpx.RequestError, SigningError) as exc:
        return exc
    try:
        return read_body(_reader(response, max_bytes, deadline), response.iter_raw(), request)
    except httpx.RequestError as exc:
        return exc
    finally:
        response.close()


async def async_exchange(
    http: httpx.AsyncClient, request: httpx.Request, auth: httpx.Auth, max_bytes: int
) -> Reply | httpx.RequestError | SigningError:
    """Send `request` through an httpx client and read its response within bounds (async)."""
    deadline = attempt_deadline(request)
    try:
        response = await http.send(request, auth=auth, follow_redirects=False, stream=True)
    except (httpx.RequestError, SigningError) as exc:
        return exc
    try:
        reader = _reader(response, max_bytes, deadline)
        return await aread_body(reader, response.aiter_raw(), request)
    except httpx.RequestError as exc:
        return exc
    finally:
        await response.aclose()
