"""The log of requests a local service received, in arrival order, bounded.

The log keeps the newest `request_log_limit` requests (a ring buffer: the oldest go first)
and of each body its first `request_body_limit` bytes, followed by a marker saying how many
bytes were cut and the whole body's length and sha256. So a service that runs for long,
or takes large uploads, holds at most about limit x (body limit + marker) bytes of bodies.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_REQUEST_LOG_LIMIT = 1000  # requests kept
DEFAULT_REQUEST_BODY_LIMIT = 64 * 1024  # bytes of each body kept


@dataclass(frozen=True)
class RecordedRequest:
    """One request as received, with the verdict on its signature and the status answered.

    `body` is the body as received, or, when it was longer than the log's body limit, its
    first bytes followed by a marker (`body_cut` says how many bytes were left out,
    `body_length` and `body_sha256` describe the whole body).

    repr leaves out headers, body, key_id and signature: the Authorization header and the
    signature are credentials of sorts, and a keyId can carry a security token.
    """

    method: str
    target: str
    headers: Mapping[str, str] = field(repr=False)
    body: bytes = field(repr=False)
    signature_valid: bool
    signature_problem: str | None
    status: int  # 0 when the connection was dropped without a response
    key_id: str | None = field(repr=False)
    signature: str | None = field(repr=False)
    body_length: int = 0  # of the whole body as received
    body_cut: int = 0  # bytes of the body not kept in `body`
    body_sha256: str | None = field(default=None, repr=False)  # of the whole body, when cut


def cut_marker(cut: int, length: int, sha256: str) -> bytes:
    return (
        f"[... {cut} bytes cut by the local service's request log; "
        f"the whole body was {length} bytes, sha256 {sha256}]"
    ).encode("ascii")


def _check_limit(name: str, value: int | None) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ValueError(f"{name} must be None (no limit) or an integer of 0 or more")
    return value


class RequestLog:
    """The newest requests, each body cut to a size; both limits settable while serving."""

    def __init__(
        self,
        *,
        request_log_limit: int | None = DEFAULT_REQUEST_LOG_LIMIT,
        request_body_limit: int | None = DEFAULT_REQUEST_BODY_LIMIT,
    ) -> None:
        self._lock = threading.Lock()
        limit = _check_limit("request_log_limit", request_log_limit)
        self._requests: deque[RecordedRequest] = deque(maxlen=limit)
        self._body_limit = _check_limit("request_body_limit", request_body_limit)

    @property
    def request_log_limit(self) -> int | None:
        return self._requests.maxlen

    @request_log_limit.setter
    def request_log_limit(self, limit: int | None) -> None:
        limit = _check_limit("request_log_limit", limit)
        with self._lock:
            self._requests = deque(self._requests, maxlen=limit)  # keeps the newest

    @property
    def request_body_limit(self) -> int | None:
        return self._body_limit

    @request_body_limit.setter
    def request_body_limit(self, limit: int | None) -> None:
        self._body_limit = _check_limit("request_body_limit", limit)  # for later requests

    def append(self, request: RecordedRequest) -> None:
        kept = self._cut(request)
        with self._lock:
            self._requests.append(kept)

    def _cut(self, request: RecordedRequest) -> RecordedRequest:
        limit, body = self._body_limit, request.body
        if limit is None or len(body) <= limit:
            return request
        digest = hashlib.sha256(body).hexdigest()
        cut = len(body) - limit
        return dataclasses.replace(
            request,
            body=body[:limit] + cut_marker(cut, len(body), digest),
            body_length=len(body),
            body_cut=cut,
            body_sha256=digest,
        )

    def snapshot(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def clear(self) -> None:
        with self._lock:
            self._requests.clear()
