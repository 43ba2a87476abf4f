"""Jobs: helpers made of several calls and local file work, written once for both clients.

A job is a generator that yields what it needs done and is sent back the result:

- a call generator (`_core.run_call`, or anything of that shape, such as
  `_waiter.wait_call`), which the client runs with its own `_execute` loop, so retries,
  signing, deadlines and error mapping are the request core's;
- a `LocalWork`: a function doing local file I/O, which the sync client calls in place
  and the async client runs in a worker thread, off the event loop.

A failure of either is thrown back into the job at its `yield`, so a job can record it
(a directory transfer notes the file as failed and goes on) or let it propagate. The
sync and async drivers below are the only code that differs between the two clients.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Generator
from dataclasses import dataclass
from typing import Any, Generic, TypeAlias, TypeVar

from ._core import Outcome, Step

R = TypeVar("R")
T = TypeVar("T")

Call: TypeAlias = Generator[Step, Outcome, Any]


@dataclass(frozen=True, slots=True)
class LocalWork(Generic[T]):
    """Local file I/O for a job: run by the sync client in place, by the async in a thread."""

    run: Callable[[], T]


Work: TypeAlias = Call | LocalWork[Any]
Job: TypeAlias = Generator[Work, Any, R]


def run_job(job: Job[R], execute: Callable[[Call], Any]) -> R:
    """Drive `job` to its end with a sync client's `_execute`."""
    try:
        value: Any = None
        error: Exception | None = None
        while True:
            try:
                work = job.send(value) if error is None else job.throw(error)
            except StopIteration as done:
                result: R = done.value
                return result
            value, error = None, None
            try:
                value = work.run() if isinstance(work, LocalWork) else execute(work)
            except Exception as exc:  # handed to the job, which decides what it means
                error = exc
    finally:
        job.close()


async def run_job_async(job: Job[R], execute: Callable[[Call], Awaitable[Any]]) -> R:
    """Drive `job` to its end with an async client's `_execute`."""
    try:
        value: Any = None
        error: Exception | None = None
        while True:
            try:
                work = job.send(value) if error is None else job.throw(error)
            except StopIteration as done:
                result: R = done.value
                return result
            value, error = None, None
            try:
                if isinstance(work, LocalWork):
                    value = await asyncio.to_thread(work.run)
                else:
                    value = await execute(work)
            except Exception as exc:  # handed to the job, which decides what it means
                error = exc
    finally:
        job.close()
