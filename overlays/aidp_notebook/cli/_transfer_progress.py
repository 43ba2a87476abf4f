"""A progress bar on stderr for directory transfers, shown only on a terminal (rich).

The bar counts files (the total is known before the first one goes); the bytes moved
and the current file are shown beside it. File names come from the disk or the service:
they pass through `printable` first, so a name cannot drive the terminal, and through
rich's markup escaping, so it cannot restyle the line.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TextIO

from .._transfer import ProgressCallback, TransferProgress
from ._failures import printable
from ._progress import _is_tty

_MAX_NAME = 40


def _short(path: str) -> str:
    text = printable(path)
    return text if len(text) <= _MAX_NAME else "…" + text[-(_MAX_NAME - 1) :]


@contextlib.contextmanager
def transfer_progress(stream: TextIO, label: str) -> Iterator[ProgressCallback | None]:
    """An `on_progress` callback that draws a bar on `stream`; None when it is no terminal."""
    if not _is_tty(stream):
        yield None
        return
    # Imported here: rich costs more to import than a command that does not need it.
    from rich.console import Console  # noqa: PLC0415
    from rich.markup import escape  # noqa: PLC0415
    from rich.progress import (  # noqa: PLC0415
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.table import Column  # noqa: PLC0415

    def squeezed(width: int) -> Column:
        # Long labels and names give way first: the counts must stay readable.
        return Column(max_width=width, no_wrap=True, overflow="ellipsis")

    console = Console(file=stream, force_terminal=True, highlight=False)
    columns = (
        TextColumn("{task.description}", table_column=squeezed(30)),
        BarColumn(bar_width=20),
        MofNCompleteColumn(),
        TextColumn("files"),
        TextColumn("{task.fields[size]}"),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}", table_column=squeezed(_MAX_NAME)),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(escape(printable(label)), total=None, size="", current="")

        def on_progress(event: TransferProgress) -> None:
            progress.update(
                task,
                total=event.files_total,
                completed=event.files_done,
                size=_size(event.bytes_done),
                current=escape(_short(event.path)),
            )

        yield on_progress


def _size(count: int) -> str:
    size = float(count)
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")  # pragma: no cover
