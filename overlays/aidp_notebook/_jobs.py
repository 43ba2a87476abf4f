"""Jobs: helpers made of several calls and local file work, written once for both clients.

A job is a generator that yields what it needs done and is sent back the result:

- a call generator (`_core.run_call`, or anything of that shape, such as
  `_waiter.wait_call`), which the client runs with its own `_execute` loop, so retries,
  signing, deadlines and error mapping are the request core's;
- a `LocalWork`: a function doing local file I/O, which the sync client calls in place
  and the async client runs in a worker thread, off the event loop;
- a `CpuWork`: a function whose CPU cost grows with `size` bytes (parsing, validating or
  encoding a notebook), which the async client runs in a worker thread from
  OFFLOAD_BYTES on, so that a large notebook does not stall its event loop.

A call whose request body is large is yielded `primed` (built in a CpuWork): its first
request is then built and encoded off the loop too. The async client also decodes a
large response in a thread (`AsyncNotebookClient._execute`).

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

# From this many bytes on, CPU work on a body leaves an async client's event loop: a
# notebook of 1 MiB takes some 30 ms to parse and check, more than a loop should stall
# for, and a thread hop (a fraction of a millisecond) is small beside that.
OFFLOAD_BYTES = 1024 * 1024

Call: TypeAlias = Generator[Step, Outcome, Any]


@dataclass(frozen=True, slots=True)
class LocalWork(Generic[T]):
    """Local file I/O for a job: run by the sync client in place, by the async in a thread."""

    run: Callable[[], T]


@dataclass(frozen=True, slots=True)
class CpuWork(Generic[T]):
    """CPU work on `size` bytes: in place (sync, or small), in a thread (async, large)."""

    run: Callable[[], T]
    size: int

    @property
    def offloaded(self) -> bool:
        return self.size >= OFFLOAD_BYTES


def primed(call: Call) -> Call:
    """`call` with its first request already built (and its body encoded) here and now.

    Built inside a CpuWork, that work happens where the CpuWork runs.
    """
    first = next(call)

    def resumed() -> Call:
        step = first
        while True:
            outcome = yield step
            try:
                step = call.send(outcome)
            except StopIteration as done:
                return done.value

    return resumed()


Work: TypeAlias = Call | LocalWork[Any] | CpuWork[Any]
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
                value = work.run() if isinstance(work, LocalWork | CpuWork) else execute(work)
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
                if isinstance(work, LocalWork) or (isinstance(work, CpuWork) and work.offloaded):
                    value = await asyncio.to_thread(work.run)
                elif isinstance(work, CpuWork):
                    value = work.run()
                else:
                    value = await execute(work)
            except Exception as exc:  # handed to the job, which decides what it means
                error = exc
    finally:
        job.close()
