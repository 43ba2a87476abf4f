"""Faults a test asks the local service to apply to its next requests, or to some of them."""

from __future__ import annotations

import fnmatch
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

FaultAction = Literal["respond", "drop", "drop-after-apply", "truncate"]
_ACTIONS = ("respond", "drop", "drop-after-apply", "truncate")
# The actions that close the connection without a byte of response.
DROPPING = ("drop", "drop-after-apply")


@dataclass(frozen=True)
class Fault:
    """What to do to one request instead of (or before) answering it normally.

    status None answers normally after `delay`; a status without a body answers with the
    service's JSON Error envelope for that status. `drop` closes the connection without a
    byte of response, before the request reaches the service's state; `drop-after-apply`
    carries the request out (a write is made) and then closes the connection without a
    byte of its answer: the answer is lost. `truncate` announces a longer body than it
    sends, then closes.
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
    def drop_after_apply(cls, *, delay: float = 0.0) -> Fault:
        """Apply the request, then lose its answer (after `delay`): a write that happened
        although the client saw only a reset connection, or a timeout if `delay` is long."""
        return cls(action="drop-after-apply", delay=delay)

    @classmethod
    def truncate(cls, status: int | None = None, **kwargs: Any) -> Fault:
        return cls(status=status, action="truncate", **kwargs)

    @classmethod
    def status_only(cls, status: int, **kwargs: Any) -> Fault:
        return cls(status=status, **kwargs)

    @classmethod
    def slow(cls, delay: float) -> Fault:
        return cls(delay=delay)


@dataclass(frozen=True)
class Call:
    """What a fault can be aimed at: the operation (None when the request names none),
    the method, and the path as sent (percent-encoded), without query or path prefix."""

    operation: str | None
    method: str
    path: str


@dataclass(frozen=True)
class Aim:
    """Which calls a fault is for; a field left None matches every call."""

    operation: str | None = None
    method: str | None = None
    path: str | None = None  # a shell-style pattern; `*` also crosses "/"

    def matches(self, call: Call) -> bool:
        if self.operation is not None and self.operation != call.operation:
            return False
        if self.method is not None and self.method != call.method:
            return False
        return self.path is None or fnmatch.fnmatchcase(call.path, self.path)


@dataclass
class _Pending:
    fault: Fault
    aim: Aim
    remaining: int


class FaultQueue:
    """Pending faults in the order they were injected, shared by all worker threads.

    A call takes the first pending fault aimed at it; faults aimed elsewhere keep waiting.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[_Pending] = []

    def inject(self, fault: Fault, count: int = 1, aim: Aim | None = None) -> None:
        if isinstance(count, bool) or not isinstance(count, int):
            raise TypeError("count must be an integer")
        if count < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            self._pending.append(_Pending(fault, aim or Aim(), count))

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()

    def next(self, call: Call) -> Fault | None:
        with self._lock:
            for index, pending in enumerate(self._pending):
                if pending.aim.matches(call):
                    pending.remaining -= 1
                    if not pending.remaining:
                        del self._pending[index]
                    return pending.fault
        return None

    def __len__(self) -> int:
        with self._lock:
            return sum(pending.remaining for pending in self._pending)
