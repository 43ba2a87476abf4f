"""Printing results: `--output json` (the API's own field names) or `--output table`.

JSON output is shaped as the OCI CLI prints it: `{"data": ..., "etag": ...}`, with
`opc-next-page` when the service has more; `--query` (JMESPath) selects from that
document, and `--raw-output` prints a string result without quotes.

Values come from the service, so before they reach a terminal every character that
is not printable (escape sequences, other control and format characters) is shown
escaped: a session name cannot move the cursor, clear the screen or fake output.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from typing import Any

from aidp_notebook_client.types import Unset

from .._response import ApiResponse
from .._timestamps import last_activity_time

OUTPUT_FORMATS = ("json", "table")
MISSING = "-"

_MINUTE, _HOUR, _DAY = 60, 3600, 86400
_UNITS = ((365 * _DAY, "year"), (30 * _DAY, "month"), (_DAY, "day"), (_HOUR, "hour"))


def render(
    result: object,
    output: str,
    *,
    now: datetime.datetime | None = None,
    query: Any = None,
    raw_output: bool = False,
    terminal: bool = True,
) -> str | None:
    """The text to print for `result` (None: print nothing).

    `query` is a compiled JMESPath expression, applied to the JSON document.
    """
    if result is None:
        return None
    if query is not None or output == "json":
        value = document(result)
        if query is not None:
            value = query.search(value)
            if value is None:
                return None
        if raw_output and isinstance(value, str):
            # Into a file or pipe the string as it is; on a terminal, controls escaped.
            return RawText(value) if not terminal else cell(value) if value else ""
        return render_json(value)
    data = result.data if isinstance(result, ApiResponse) else result
    from ._contents_render import contents_table  # noqa: PLC0415 - it imports this module

    table = contents_table(data, now)
    if table is not None:
        return table
    if isinstance(data, Sequence) and not isinstance(data, str | bytes):
        return render_list(data, now=now)
    return render_one(data, now=now)


class RawText(str):
    """A --raw-output string, to be written byte for byte (no newline added)."""


def document(result: object) -> dict[str, object]:
    """`{"data": ..., "etag": ..., "opc-next-page": ...}`, keys present when they have values."""
    if not isinstance(result, ApiResponse):
        return {"data": _jsonable(result)}
    doc: dict[str, object] = {"data": _jsonable(result.data)}
    for name in ("etag", "opc-next-page"):
        value = result.headers.get(name)
        if value:
            doc[name] = value
    return doc


def _jsonable(result: object) -> object:
    if isinstance(result, Sequence) and not isinstance(result, str | bytes):
        return [_jsonable(item) for item in result]
    to_dict = getattr(result, "to_dict", None)
    return to_dict() if callable(to_dict) else result


def render_json(result: object) -> str:
    text = json.dumps(_jsonable(result), indent=2, sort_keys=True, ensure_ascii=False)
    return _escape_json(text)


def _escape_json(text: str) -> str:
    # json.dumps escapes C0 controls but leaves DEL, C1 controls and format characters;
    # in a JSON string any character may be written as \uXXXX, so escape those too.
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char == "\n" or char.isprintable():
            out.append(char)
            continue
        code = ord(char)
        if code > 0xFFFF:  # outside the BMP: a UTF-16 surrogate pair, as JSON wants
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)


def cell(value: object) -> str:
    """A value for a table cell: UNSET and None as "-", everything else printable."""
    if value is None or isinstance(value, Unset):
        return MISSING
    text = str(value)
    if text.isprintable():
        return text or MISSING
    return "".join(char if char.isprintable() else _escape_char(char) for char in text)


def _escape_char(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def relative_time(when: object, now: datetime.datetime | None = None) -> str:
    """`3 minutes ago`, `in 2 hours`, `just now`; "-" when unset. Naive times count as UTC."""
    if not isinstance(when, datetime.datetime):
        return cell(when)
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    now = now or datetime.datetime.now(datetime.UTC)
    seconds = (now - when).total_seconds()
    phrase = _amount(abs(seconds))
    if phrase is None:
        return "just now"
    return f"{phrase} ago" if seconds > 0 else f"in {phrase}"


def _amount(seconds: float) -> str | None:
    if seconds < 1:
        return None
    for size, unit in _UNITS:
        if seconds >= size:
            return _plural(int(seconds // size), unit)
    if seconds >= _MINUTE:
        return _plural(int(seconds // _MINUTE), "minute")
    return _plural(int(seconds), "second")


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def _utc(when: object) -> str:
    if not isinstance(when, datetime.datetime):
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return when.astimezone(datetime.UTC).strftime(" (%Y-%m-%d %H:%M:%S UTC)")


def _last_activity(session: object) -> object:
    # A Session has a Kernel, a listed SessionSummary a KernelSummary: read both alike.
    # The text is kept as sent (a plain string in SDK 5.1.1); shown as a time where it is one.
    raw = getattr(getattr(session, "kernel", None), "last_activity", None)
    return last_activity_time(session) or raw


def _fields(session: object, now: datetime.datetime | None) -> list[tuple[str, str]]:
    kernel = getattr(session, "kernel", None)
    last = _last_activity(session)
    return [
        ("Name", cell(getattr(session, "name", None))),
        ("ID", cell(getattr(session, "id", None))),
        ("State", cell(getattr(session, "lifecycle_state", None))),
        ("Type", cell(getattr(session, "type_", None))),
        ("Path", cell(getattr(session, "path", None))),
        ("Kernel", cell(getattr(kernel, "name", None))),
        ("Kernel state", cell(getattr(kernel, "execution_state", None))),
        ("Last activity", relative_time(last, now) + _utc(last)),
    ]


def render_one(session: object, *, now: datetime.datetime | None = None) -> str:
    rows = _fields(session, now)
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label:<{width}}  {value}" for label, value in rows)


_LIST_COLUMNS = ("NAME", "ID", "STATE", "TYPE", "KERNEL STATE", "LAST ACTIVITY", "PATH")


def render_list(sessions: Sequence[object], *, now: datetime.datetime | None = None) -> str:
    if not sessions:
        return "No sessions."
    rows = [_LIST_COLUMNS]
    for session in sessions:
        fields = dict(_fields(session, now))
        last = relative_time(_last_activity(session), now)
        rows.append(
            (
                fields["Name"],
                fields["ID"],
                fields["State"],
                fields["Type"],
                fields["Kernel state"],
                last,
                fields["Path"],
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(_LIST_COLUMNS))]
    lines = ["  ".join(f"{value:<{widths[i]}}" for i, value in enumerate(row)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)
