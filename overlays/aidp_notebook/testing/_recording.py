"""The log of requests a local service received, in arrival order."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RecordedRequest:
    """One request as received, with the verdict on its signature and the status answered.

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


class RequestLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []

    def append(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def snapshot(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def clear(self) -> None:
        with self._lock:
            self._requests.clear()
