"""The job drivers (_jobs): one job, driven by the sync and the async loop alike.

Narrow unit tests: the "calls" here are stand-in generators and `execute` a function,
so what is tested is only the drivers' contract: results go back in, failures are
thrown in at the `yield`, local work runs in place (sync) or in a thread (async), and
an interruption closes the job, so its cleanup runs.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Generator
from typing import Any

import pytest
from aidp_notebook._jobs import Job, LocalWork, run_job, run_job_async


def fake_call(value: Any) -> Generator[Any, Any, Any]:
    """Stands in for a call generator; `execute` below reads `value` off it."""
    yield value


def execute(call: Generator[Any, Any, Any]) -> Any:
    value = next(call)
    if isinstance(value, BaseException):
        raise value
    return value


async def execute_async(call: Generator[Any, Any, Any]) -> Any:
    await asyncio.sleep(0)
    return execute(call)


def job_with_a_failure(log: list[str]) -> Job[list[Any]]:
    results: list[Any] = []
    results.append((yield fake_call(1)))
    try:
        yield fake_call(ValueError("second call"))
    except ValueError as exc:  # a failure comes back at the yield that asked for the call
        results.append(f"caught {exc}")
    results.append((yield LocalWork(lambda: threading.current_thread().name)))
    log.append("done")
    return results


def test_both_drivers_run_the_same_job_the_same_way() -> None:
    log: list[str] = []
    sync = run_job(job_with_a_failure(log), execute)
    asynchronous = asyncio.run(run_job_async(job_with_a_failure(log), execute_async))
    assert sync[:2] == asynchronous[:2] == [1, "caught second call"]
    # Local work: in place for the sync driver, in a worker thread for the async one.
    assert sync[2] == threading.main_thread().name
    assert asynchronous[2] != threading.main_thread().name
    assert log == ["done", "done"]


def test_an_uncaught_failure_propagates_from_the_job() -> None:
    def job() -> Job[None]:
        yield fake_call(LookupError("no such thing"))

    with pytest.raises(LookupError, match="no such thing"):
        run_job(job(), execute)
    with pytest.raises(LookupError, match="no such thing"):
        asyncio.run(run_job_async(job(), execute_async))


def job_with_cleanup(log: list[str]) -> Job[None]:
    try:
        yield fake_call("first")
        yield fake_call(KeyboardInterrupt())
        log.append("not reached")
    finally:
        log.append("cleaned up")


def test_an_interruption_is_not_handed_to_the_job_but_closes_it() -> None:
    log: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        run_job(job_with_cleanup(log), execute)
    assert log == ["cleaned up"]


def test_a_cancelled_async_job_is_closed() -> None:
    log: list[str] = []
    started = asyncio.Event()

    async def slow_execute(call: Generator[Any, Any, Any]) -> Any:
        started.set()
        await asyncio.sleep(60)
        return execute(call)

    async def scenario() -> None:
        task = asyncio.create_task(run_job_async(job_with_cleanup(log), slow_execute))
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(scenario())
    assert log == ["cleaned up"]


def test_cpu_work_leaves_the_event_loop_only_when_it_is_large() -> None:
    from aidp_notebook._jobs import OFFLOAD_BYTES, CpuWork

    def job() -> Job[list[str]]:
        where = threading.current_thread
        small = yield CpuWork(lambda: where().name, OFFLOAD_BYTES - 1)
        large = yield CpuWork(lambda: where().name, OFFLOAD_BYTES)
        return [small, large]

    main = threading.main_thread().name
    assert run_job(job(), execute) == [main, main]
    small, large = asyncio.run(run_job_async(job(), execute_async))
    assert small == main
    assert large != main
