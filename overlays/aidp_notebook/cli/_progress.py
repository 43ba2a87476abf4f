"""A one-line progress indicator on stderr, for `session wait`, shown only on a terminal."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TextIO

from aidp_notebook_client.models import Session

from .._waiter import PollCallback
from ._render import cell


def _state(session: Session) -> str:
    kernel = getattr(session.kernel, "execution_state", None)
    state = cell(session.lifecycle_state)
    return state if kernel is None else f"{state}, kernel {cell(kernel)}"


@contextlib.contextmanager
def progress_line(stream: TextIO, label: str) -> Iterator[PollCallback | None]:
    """An `on_poll` callback that rewrites one line of `stream`; None when it is no TTY."""
    if not _is_tty(stream):
        yield None
        return
    shown = False

    def on_poll(session: Session, elapsed: float) -> None:
        nonlocal shown
        # \r and "erase to end of line": each poll replaces the previous text.
        stream.write(f"\r\x1b[K{label}: {_state(session)} ({elapsed:.0f} s)")
        stream.flush()
        shown = True

    try:
        yield on_poll
    finally:
        if shown:
            stream.write("\n")
            stream.flush()


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real file
        return False
