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
- the body must keep moving at the attempt's minimum rate (the request's MIN_RATE
  extension, `MinimumRate`): a server that sends a byte now and then, just often enough
  to beat the read timeout, ends the attempt once fewer than N bytes a second arrived
  over the last T seconds; a large body on a slow but working link is never cut off,
  however long it takes;
- the attempt ends at what the call has left (the request's ATTEMPT_SECONDS extension,
  from RetryPolicy.max_elapsed_seconds or a waiter's timeout), when it has a limit.
Either ends with httpx.ReadTimeout, which the core reports as RequestTimeoutError.
"""

from __future__ import annotations

import math
import time
import zlib
from collections import deque
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass

import httpx

from ._errors import SigningError

# Request extension: seconds this attempt may take in all (set by the request core).
ATTEMPT_SECONDS = "aidp_notebook.attempt_seconds"
# Request extension: the attempt's (bytes per second, seconds) minimum rate, or absent.
MIN_RATE = "aidp_notebook.min_rate"
# The window of the default minimum rate when the client has no read timeout.
NO_READ_TIMEOUT_WINDOW = 30.0

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


@dataclass(frozen=True, slots=True)
class MinimumRate:
    """The slowest transfer a call accepts: `bytes_per_second` over the last `seconds`.

    An attempt fails (RequestTimeoutError) once fewer than `bytes_per_second` bytes a
    second moved over the last `seconds` seconds while a body is read (or, for the
    client's own senders, sent), as curl's --speed-limit / --speed-time. A transfer that
    keeps that pace is never cut off, however long it takes. `seconds=None` means the
    client's read timeout (NO_READ_TIMEOUT_WINDOW when it has none). Between bytes the
    read timeout still applies.
    """

    bytes_per_second: int = 1024
    seconds: float | None = None

    def __post_init__(self) -> None:
        rate, seconds = self.bytes_per_second, self.seconds
        if isinstance(rate, bool) or not isinstance(rate, int):
            raise TypeError(f"bytes_per_second must be an int, got {type(rate).__name__}")
        if rate < 1:
            raise ValueError(f"bytes_per_second must be at least 1, got {rate!r}")
        if seconds is None:
            return
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise TypeError(f"seconds must be a number or None, got {type(seconds).__name__}")
        if not (math.isfinite(seconds) and seconds > 0):
            raise ValueError(f"seconds must be a finite number > 0 (or None), got {seconds!r}")

    def window(self, read_timeout: float | None) -> float:
        """The seconds over which the rate is measured, for a client's read timeout."""
        if self.seconds is not None:
            return float(self.seconds)
        return NO_READ_TIMEOUT_WINDOW if read_timeout is None else read_timeout


# 1 KiB/s over the read timeout: far below any working link (a 56k modem moves 7 KiB/s),
# so no real transfer is cut off, while a sender that drips bytes to beat the read
# timeout is stopped within about one read timeout of starting to drip.
DEFAULT_MIN_RATE = MinimumRate()


def check_min_rate(value: object) -> MinimumRate | None:
    """`min_rate=` as a client takes it: a MinimumRate, (bytes_per_second, seconds), or None."""
    if value is None or isinstance(value, MinimumRate):
        return value
    if isinstance(value, tuple):
        if len(value) != 2:
            raise ValueError("min_rate as a tuple must be (bytes_per_second, seconds)")
        return MinimumRate(*value)
    raise TypeError(
        "min_rate must be a MinimumRate, a (bytes_per_second, seconds) tuple or None, "
        f"got {type(value).__name__}"
    )


class RateMeter:
    """Tells when fewer than `bytes_per_second` bytes a second moved over `seconds`.

    The count is sampled at most every `seconds / 16` (so it holds at most 17 samples);
    the rate is measured from the newest sample at least `seconds` old, so a transfer
    that slows down fails between `seconds` and about 1.06 x `seconds` later.
    """

    def __init__(self, bytes_per_second: int, seconds: float) -> None:
        self._rate = bytes_per_second
        self._window = seconds
        self._step = seconds / 16
        self._moved = 0
        self._samples: deque[tuple[float, int]] = deque([(time.monotonic(), 0)])

    def moved(self, count: int) -> str | None:
        """Count `count` more bytes; a message naming the rule when the rate is too low."""
        self._moved += count
        now = time.monotonic()
        samples = self._samples
        if now - samples[-1][0] >= self._step:
            samples.append((now, self._moved))
        while len(samples) > 1 and now - samples[1][0] >= self._window:
            samples.popleft()
        since, moved_then = samples[0]
        elapsed = now - since
        if elapsed < self._window:
            return None
        rate = (self._moved - moved_then) / elapsed
        if rate >= self._rate:
            return None
        return (
            f"only {rate:.0f} bytes/s moved over the last {elapsed:.1f} s, below the minimum "
            f"rate of {self._rate} bytes/s over {self._window:g} s (the client's min_rate)"
        )


def rate_meter(request: httpx.Request) -> RateMeter | None:
    """A meter for the minimum rate of `request`'s attempt, started now."""
    rule = request.extensions.get(MIN_RATE)
    return None if rule is None else RateMeter(*rule)


# A request body longer than this goes out in pieces of this size, each one counted
# against the minimum rate once it is written.
UPLOAD_PIECE = 64 * 1024


def upload_body(request: httpx.Request) -> bytes | Iterator[bytes]:
    """The body to send for `request`: as it is, or in pieces held to the minimum rate."""
    content = request.content
    if len(content) <= UPLOAD_PIECE or MIN_RATE not in request.extensions:
        return content
    return _paced(request)


class AsyncPacedBody:
    """A request body in pieces for an async sender, with the state of its minimum rate.

    An async sender may ask for the next piece only when the kernel takes a good part of
    its send buffer (a third of up to 4 MB on Linux), so the sender also calls
    `too_slow` now and then (every `check_every` s) while the body goes out.
    """

    def __init__(self, request: httpx.Request) -> None:
        self._request = request
        self._meter: RateMeter | None = None
        self._sending = True
        rule = request.extensions[MIN_RATE]
        self.check_every = max(float(rule[1]) / 8, 0.05)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            for piece in _paced(self._request, self._started):
                yield piece
        finally:
            self._sending = False

    def _started(self) -> RateMeter | None:
        self._meter = rate_meter(self._request)
        return self._meter

    def too_slow(self) -> httpx.WriteTimeout | None:
        """The failure when the body is still going out, below the minimum rate."""
        if not self._sending or self._meter is None:
            return None
        too_slow = self._meter.moved(0)
        return None if too_slow is None else _write_timeout(self._request, too_slow)


def aupload_body(request: httpx.Request) -> bytes | AsyncPacedBody:
    """`upload_body` for a sender that takes an async iterable."""
    content = request.content
    if len(content) <= UPLOAD_PIECE or MIN_RATE not in request.extensions:
        return content
    return AsyncPacedBody(request)


def _write_timeout(request: httpx.Request, too_slow: str) -> httpx.WriteTimeout:
    return httpx.WriteTimeout(f"the request body went out too slowly: {too_slow}", request=request)


def _paced(
    request: httpx.Request, start_meter: Callable[[], RateMeter | None] | None = None
) -> Iterator[bytes]:
    # Resumed for the next piece once the last one is written; the meter starts with
    # the first piece, when the connection is open and the head is sent.
    content = request.content
    meter = (start_meter or (lambda: rate_meter(request)))()
    view = memoryview(content)
    for start in range(0, len(content), UPLOAD_PIECE):
        piece = bytes(view[start : start + UPLOAD_PIECE])
        yield piece
        too_slow = meter.moved(len(piece)) if meter is not None else None
        if too_slow is not None:
            raise _write_timeout(request, too_slow)


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
        *,
        meter: RateMeter | None = None,
    ) -> None:
        self._status = status_code
        self._reason = reason_phrase
        self._headers = headers
        self._success = 200 <= status_code < 300
        self._room = max_bytes if self._success else min(max_bytes, MAX_ERROR_BODY_BYTES)
        self._deadline = deadline
        self._meter = meter
        self._too_slow: str | None = None
        self._parts: list[bytes] = []
        self._inflater = _inflater_for(headers)
        self.truncated = False
        declared = headers.get("content-length", "")
        if self._inflater is None and declared.isascii() and declared.isdigit():
            # Known too long before a byte is read: read nothing of a success body.
            self.truncated = int(declared) > max_bytes and self._success

    def feed(self, raw: bytes) -> bool:
        """Take one raw chunk; True when reading should stop (the limit is reached)."""
        if self._meter is not None:
            self._too_slow = self._meter.moved(len(raw))
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

    def past_limits(self) -> bool:
        """The body arrives too slowly, or the attempt's time is up."""
        if self._too_slow is not None:
            return True
        return self._deadline is not None and time.monotonic() > self._deadline

    def timeout(self, request: httpx.Request) -> httpx.ReadTimeout:
        if self._too_slow is not None:
            message = f"the body arrived too slowly: {self._too_slow}"
        else:
            budget = request.extensions.get(ATTEMPT_SECONDS)
            message = (
                f"the body was still arriving when the {budget:g} s the call had left were up "
                "(RetryPolicy.max_elapsed_seconds, or the wait's timeout)"
            )
        return httpx.ReadTimeout(message, request=request)

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
            if body.past_limits():
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
            if body.past_limits():
                return body.timeout(request)
    return body.reply()


def _reader(
    response: httpx.Response, request: httpx.Request, max_bytes: int, deadline: float | None
) -> BodyReader:
    return BodyReader(
        response.status_code,
        response.reason_phrase,
        response.headers,
        max_bytes,
        deadline,
        meter=rate_meter(request),
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
        return read_body(
            _reader(response, request, max_bytes, deadline), response.iter_raw(), request
        )
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
        reader = _reader(response, request, max_bytes, deadline)
        return await aread_body(reader, response.aiter_raw(), request)
    except httpx.RequestError as exc:
        return exc
    finally:
        await response.aclose()
