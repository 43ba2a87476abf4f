"""`--output table` for the contents commands: models, listings, exports, transfer summaries.

Every value goes through `cell` (_render), so names from the service or the disk are
printed with their non-printable characters escaped.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from aidp_notebook_client.models import Content, ExportedContents
from aidp_notebook_client.types import Unset

from .._contents_codec import content_format
from .._transfer import TransferSummary
from ._render import MISSING, cell, relative_time


class Listing(list[Content]):
    """A directory's entries, so an empty one prints as an empty directory."""


def _rows(rows: Sequence[tuple[str, str]]) -> str:
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label:<{width}}  {value}".rstrip() for label, value in rows)


def _columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    table = [tuple(header), *(tuple(row) for row in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = ["  ".join(f"{v:<{widths[i]}}" for i, v in enumerate(row)) for row in table]
    return "\n".join(line.rstrip() for line in lines)


def _size(value: object) -> str:
    return MISSING if not isinstance(value, int) or isinstance(value, bool) else f"{value:,}"


def _content_length(value: object) -> str:
    if value is None or isinstance(value, Unset):
        return MISSING
    if isinstance(value, str):
        return f"{len(value):,} characters"
    if isinstance(value, list):
        return f"{len(value)} entries"
    return "a JSON object"


def render_content(model: Content, now: datetime.datetime | None) -> str:
    return _rows(
        [
            ("Name", cell(model.name)),
            ("Path", cell(model.path)),
            ("Type", cell(model.type_)),
            ("Size", _size(model.size)),
            ("Last modified", relative_time(model.last_modified, now)),
            ("Writable", cell(model.writable)),
            ("MIME type", cell(model.mimetype)),
            ("Format", cell(content_format(model))),
            ("Content", _content_length(model.content)),
        ]
    )


def render_listing(entries: Sequence[Content], now: datetime.datetime | None) -> str:
    if not entries:
        return "Empty directory."
    rows = [
        (cell(e.name), cell(e.type_), _size(e.size), relative_time(e.last_modified, now))
        for e in entries
    ]
    return _columns(("NAME", "TYPE", "SIZE", "LAST MODIFIED"), rows)


def render_summary(summary: TransferSummary) -> str:
    lines = [str(summary) + "."]
    for title, issues in (("Skipped", summary.skipped), ("Failed", summary.failed)):
        if issues:
            lines.append(f"{title}:")
            lines.extend(f"  {cell(issue.path)}: {cell(issue.reason)}" for issue in issues)
    return "\n".join(lines)


def render_export(exported: ExportedContents) -> str:
    return _rows(
        [
            ("Name", cell(exported.name)),
            ("Path", cell(exported.path)),
            ("Format", cell(exported.format_)),
            ("Content", _content_length(exported.content)),
        ]
    )


def contents_table(data: Any, now: datetime.datetime | None = None) -> str | None:
    """The table for a contents command's result; None when `data` is not one of theirs."""
    if isinstance(data, Content):
        return render_content(data, now)
    if isinstance(data, Listing):
        return render_listing(data, now)
    if isinstance(data, TransferSummary):
        return render_summary(data)
    if isinstance(data, ExportedContents):
        return render_export(data)
    if isinstance(data, Mapping):
        return _rows([(str(key).capitalize(), cell(value)) for key, value in data.items()])
    return None
