"""pyinstrument profiles of the floor and of our sync and async get_session paths.

`python scripts/bench.py --profile` prints, for each path, the call tree (library
frames folded) and the flat list of functions by their own time, so that where our
time goes beyond the floor's can be read side by side.
"""

from __future__ import annotations

from collections.abc import Callable

from pyinstrument import Profiler

from .fanout import AsyncOurs
from .sync_contenders import FloorClient, our_call, our_client

# 0.2 ms: a sync call takes ~0.8 ms, so several samples land in each.
_INTERVAL = 0.0002


def _profile(run: Callable[[], object], title: str, flat_rows: int = 25) -> str:
    profiler = Profiler(interval=_INTERVAL, async_mode="disabled")
    profiler.start()
    run()
    profiler.stop()
    tree = profiler.output_text(unicode=True, color=False, time="percent_of_total")
    flat = profiler.output_text(
        unicode=True, color=False, flat=True, time="percent_of_total"
    ).splitlines()
    # Drop the flat view's banner (the tree above has it): keep what follows "Profile at".
    start = next(i for i, line in enumerate(flat) if line.startswith("Profile at")) + 2
    rule = "=" * len(title)
    own = flat[start : start + flat_rows]
    return "\n".join([rule, title, rule, tree, "-- by own time --", *own])


def _repeat(call: Callable[[], object], calls: int) -> Callable[[], None]:
    def run() -> None:
        for _ in range(calls):
            call()

    return run


def profile_all(config: dict[str, str], endpoint: str, calls: int, concurrency: int) -> str:
    floor = FloorClient(config, endpoint)
    ours = our_client(config, endpoint, retry=True)
    fan = AsyncOurs(config, endpoint)
    try:
        for call in (floor.get_session, our_call(ours)):
            _repeat(call, 50)()  # warm: connections and caches
        fan.throughput(4 * concurrency, concurrency)
        return "\n\n".join(
            [
                _profile(_repeat(floor.get_session, calls), f"floor, {calls} sync calls"),
                _profile(_repeat(our_call(ours), calls), f"NotebookClient, {calls} sync calls"),
                _profile(
                    lambda: fan.throughput(calls, concurrency),
                    f"AsyncNotebookClient, {calls} calls at concurrency {concurrency}",
                ),
            ]
        )
    finally:
        floor.close()
        ours.close()
        fan.close()
