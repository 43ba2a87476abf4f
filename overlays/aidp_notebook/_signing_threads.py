"""A few threads that sign requests beside an event loop.

RSA signing releases the GIL, so a signature made in one of these threads uses another
core while the loop serves other calls. Lighter than `run_in_executor` (which costs the
loop about twice as much per call): a queue in, and the outcome posted back to the
loop that asked. The threads are daemons, started on first use and shared by every
client of the process; a request's signer runs in exactly one of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable
from typing import Any

Job = tuple[asyncio.AbstractEventLoop, "asyncio.Future[None]", Callable[[Any], None], Any]


def _settle(future: asyncio.Future[None], error: BaseException | None) -> None:
    if future.cancelled():  # the call was cancelled meanwhile; nobody waits for this
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)


class SigningThreads:
    """`await threads.run(sign, request)` runs `sign(request)` in one of `count` threads."""

    def __init__(self, count: int) -> None:
        self._count = count
        self._jobs: queue.SimpleQueue[Job] = queue.SimpleQueue()
        self._started = False
        self._lock = threading.Lock()

    def run(self, work: Callable[[Any], None], argument: Any) -> asyncio.Future[None]:
        if not self._started:
            self._start()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        self._jobs.put((loop, future, work, argument))
        return future

    def _start(self) -> None:
        with self._lock:
            if self._started:
                return
            for n in range(self._count):
                thread = threading.Thread(target=self._serve, name=f"aidp-sign-{n}", daemon=True)
                thread.start()
            self._started = True

    def _serve(self) -> None:
        while True:
            loop, future, work, argument = self._jobs.get()
            error: BaseException | None = None
            try:
                work(argument)
            except BaseException as exc:  # handed to the caller, whatever it is
                error = exc
            # A loop closed meanwhile has no one left to tell.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_settle, future, error)
