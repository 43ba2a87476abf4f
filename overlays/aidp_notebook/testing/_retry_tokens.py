"""opc-retry-token on the local service: a create sent again under the same token gets the
first answer again (and nothing new is created); the same token on a different request is
a 409. Shared by both session backends and the contents store.

Tokens are kept as OCI keeps them, for 24 hours, and no more than a set number of them
(the oldest forgotten first), so a long-running service does not grow with every create.
A forgotten token is a new token: the create it comes with is made again.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from ._errors import ApiError

DEFAULT_LIFETIME = 24 * 60 * 60.0  # seconds; OCI forgets a retry token after 24 hours
DEFAULT_MAX_TOKENS = 10_000

T = TypeVar("T")


@dataclass
class RetryTokenLimits:
    """How long a token is remembered (seconds) and how many are kept; shared and settable."""

    lifetime: float = DEFAULT_LIFETIME
    max_tokens: int = DEFAULT_MAX_TOKENS

    def __post_init__(self) -> None:
        check_lifetime(self.lifetime)
        check_max_tokens(self.max_tokens)


def check_lifetime(seconds: float) -> float:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not seconds > 0:
        raise ValueError("retry_token_lifetime must be a number of seconds above 0")
    return float(seconds)


def check_max_tokens(count: int) -> int:
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError("retry_token_limit must be an integer of 1 or more")
    return count


@dataclass(frozen=True)
class _Entry(Generic[T]):
    request: str  # what the first request asked for; a different request is a conflict
    outcome: T = field(repr=False)
    at: float  # when it was remembered, on the store's clock


class RetryTokens(Generic[T]):
    """The creates made under a retry token; callers hold their own lock around use."""

    def __init__(
        self,
        limits: RetryTokenLimits | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limits = limits if limits is not None else RetryTokenLimits()
        self._clock = clock
        # Insertion order is age order: a token is added once and never refreshed.
        self._entries: OrderedDict[str, _Entry[T]] = OrderedDict()

    def __len__(self) -> int:
        self._forget_old()
        return len(self._entries)

    def replay(self, token: str | None, request: str) -> T | None:
        """The first answer for `token`; None when the token is new (or forgotten)."""
        if token is None:
            return None
        self._forget_old()
        entry = self._entries.get(token)
        if entry is None:
            return None
        if entry.request != request:
            raise ApiError(409, "opc-retry-token was already used for a different request")
        return entry.outcome

    def remember(self, token: str | None, request: str, outcome: T) -> None:
        if token is None:
            return
        self._entries.pop(token, None)
        self._entries[token] = _Entry(request, outcome, self._clock())
        self._forget_old()

    def clear(self) -> None:
        self._entries.clear()

    def _forget_old(self) -> None:
        oldest_kept = self._clock() - self._limits.lifetime
        while self._entries:
            token, entry = next(iter(self._entries.items()))
            if entry.at > oldest_kept:
                break
            del self._entries[token]
        while len(self._entries) > self._limits.max_tokens:
            self._entries.popitem(last=False)
