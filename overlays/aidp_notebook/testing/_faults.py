"""Faults a test asks the local service to apply to its next requests."""

from __future__ import annotations

import collections
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

FaultAction = Literal["respond", "drop", "truncate"]
_ACTIONS = ("respond", "drop", "truncate")


@dataclass(frozen=True)
class Fault:
    """What to do to one request instead of (or before) answering it normally.

    status None answers normally after `delay`; a status without a body answers with the
    service's JSON Error envelope for that status. `drop` closes the connection without a
    byte of response; `truncate` announces a longer body than it sends, then closes.
    """

    status: int | None = None
    body: bytes | str | Mapping[str, Any] | None = None
    headers: Mapping[str, str] | None = None
    delay: float = 0.0
    action: FaultAction = "respond"

    def __post_init__(self) -> None:
        if self.action not in _ACTIONS:
            raise ValueError(f"action must be one of {', '.join(_ACTIONS)}")
        if self.status is not None and not 200 <= self.status <= 599:
            raise ValueError("status must be a final HTTP status code (200-599)")
        if self.delay < 0:
            raise ValueError("delay must not be negative")

    @classmethod
    def drop(cls, *, delay: float = 0.0) -> Fault:
        return cls(action="drop", delay=delay)

    @classmethod
    def truncate(cls, status: int | None = None, **kwargs: Any) -> Fault:
        return cls(status=status, action="truncate", **kwargs)

    @classmethod
    def status_only(cls, status: int, **kwargs: Any) -> Fault:
        return cls(status=status, **kwargs)

    @classmethod
    def slow(cls, delay: float) -> Fault:
        return cls(delay=delay)


class FaultQueue:
    """FIFO of pending faults, shared by all handler threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: collections.deque[Fault] = collections.deque()

    def inject(self, fault: Fault, count: int = 1) -> None:
        if count < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            self._pending.extend([fault] * count)

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()

    def next(self) -> Fault | None:
        with self._lock:
            return self._pending.popleft() if self._pending else None

    def __len__(self) -> int:
        with self._lock:
            return len(self._pending)
