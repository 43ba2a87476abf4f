"""RetryPolicy: which failures are retried, and how long to wait in between.

Defaults follow the `oci` SDK's default strategy: up to 8 attempts within 600 s,
exponential backoff from 1 s with jitter capped at 30 s; retried are connection
errors, timeouts, 429, 5xx except 501, and 409 with code IncorrectState or
LockConflict. Other 4xx never are.
"""

from __future__ import annotations

import email.utils
import math
import random
import re
import time
from dataclasses import dataclass

_RETRYABLE_CONFLICT_CODES = frozenset({"IncorrectState", "LockConflict"})
# Retry-After as delta-seconds: ASCII digits only (str.isdigit also takes "²" and "٣").
_DELTA_SECONDS = re.compile(r"[0-9]+")
# A Retry-After further out than this is taken as this; the policy's max_delay caps it again.
MAX_RETRY_AFTER = 24 * 3600.0


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How a call is retried. `retry=None` on a client means a single attempt."""

    max_attempts: int = 8
    max_elapsed_seconds: float = 600.0
    base_delay: float = 1.0
    max_delay: float = 30.0

    def __post_init__(self) -> None:
        if isinstance(self.max_attempts, bool) or not isinstance(self.max_attempts, int):
            raise TypeError("max_attempts must be an int")
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1 (use retry=None for no retries)")
        for name in ("max_elapsed_seconds", "base_delay", "max_delay"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError(f"{name} must be a number of seconds, got {type(value).__name__}")
            # No limit on the elapsed time is meaningful (inf); an endless delay is not.
            finite = math.isfinite(value) or (name == "max_elapsed_seconds" and value > 0)
            if math.isnan(value) or value < 0 or not finite:
                raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
        if self.base_delay > self.max_delay:
            raise ValueError("base_delay must not exceed max_delay")

    @property
    def retries_enabled(self) -> bool:
        return self.max_attempts > 1

    @staticmethod
    def is_retryable_status(status: int, code: str | None) -> bool:
        if status == 429:
            return True
        if status >= 500:
            return status != 501
        return status == 409 and code in _RETRYABLE_CONFLICT_CODES

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based)."""
        if retry_after is not None:
            # The service said when; honour it, within the policy's cap.
            return min(max(retry_after, 0.0), self.max_delay)
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** (attempt - 1))
        # Equal jitter: never less than half the backoff, so retries do not hammer.
        return ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311 (not crypto)


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP date; None if absent or unusable.

    Never raises: nonsense is ignored (None), huge values are capped at MAX_RETRY_AFTER,
    and a date in the past means now (0).
    """
    if not value:
        return None
    value = value.strip()
    if _DELTA_SECONDS.fullmatch(value):
        # Compared as text first: int() of a very long digit string is slow or refused.
        return MAX_RETRY_AFTER if len(value) > 10 else min(float(int(value)), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
        if when.tzinfo is None:
            return None
        wait = when.timestamp() - (time.time() if now is None else now)
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        return None
    return min(max(0.0, wait), MAX_RETRY_AFTER)
