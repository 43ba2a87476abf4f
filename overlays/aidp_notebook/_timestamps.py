"""A kernel's `last_activity`, read as a date-time where it is one.

Oracle's SDK 5.1.1 types `Kernel.last_activity` as a plain string, so the models keep
what the service sends; Jupyter sends ISO 8601 (`2026-12-07T10:00:00.000Z`).
"""

from __future__ import annotations

import datetime


def parse_timestamp(value: object) -> datetime.datetime | None:
    """`value` as an aware date-time (naive counts as UTC); None when it is not one."""
    if isinstance(value, datetime.datetime):
        parsed = value
    elif isinstance(value, str) and value.strip():
        try:
            parsed = datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=datetime.UTC)


def last_activity_time(item: object) -> datetime.datetime | None:
    """When a kernel was last active, as a date-time; None when unset or not a date-time.

    `item` is a Kernel or KernelSummary, or a Session or SessionSummary (its kernel's).
    The raw text stays in `kernel.last_activity`.
    """
    kernel = getattr(item, "kernel", item)
    return parse_timestamp(getattr(kernel, "last_activity", None))
