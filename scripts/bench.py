"""Benchmarks of aidp-notebook against the floor and against the oci SDK (`make bench`).

    python scripts/bench.py                  # full run, a few minutes on 2 cores
    python scripts/bench.py --quick          # tiny counts: checks the machinery, not speed
    python scripts/bench.py --rounds 15 --json bench/results.json --png bench/async-throughput.png
    python scripts/bench.py --profile        # pyinstrument: floor vs our sync and async paths
    python scripts/bench.py --experiments    # design variants, measured by monkeypatching

Everything runs in this one process against a static keep-alive HTTP server in a
child process (`_bench/server.py`), which answers at once and verifies nothing, so
the client is what is measured. Before timing, one round against
LocalNotebookService checks that the requests of our clients and of the floor
carry valid signatures. Contenders run in interleaved rounds and are reported by
their median. Import times and fan-out memory are measured in fresh interpreters.
One phase measures LocalNotebookService itself: a burst of calls at once against the
same calls in turn, with the static server as the control (`_bench/local_burst.py`).
Another, the largest event-loop stall while the async client uploads and downloads a
10 MB notebook (`_bench/loop_stall.py`).

Every contender signs with the same freshly generated 2048-bit RSA key through the
oci API-key signer. Ours runs with its default RetryPolicy (what users get) and,
for the sync measure, also with retry=None; the oci SDK likewise with its default
retry strategy and with NoneRetryStrategy. The floors: httpx + the oci signer over
a plain dict + json.loads (sync, list), and plain aiohttp + the oci signer in a
two-thread pool + json.loads (async).
"""

from __future__ import annotations

import argparse
import datetime
import math
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import context, fixtures, local_burst, loop_stall, report, signing
from _bench.context import phase
from _bench.correctness import check_local_service
from _bench.fanout import AsyncFloor, AsyncOurs, ThreadedOci
from _bench.server import StaticServer
from _bench.subprocesses import fan_out_memory, import_times, job_file
from _bench.sync_contenders import (
    FloorClient,
    api_key_signer,
    check_lists,
    check_results,
    list_path,
    oci_call,
    oci_client,
    our_call,
    our_client,
    our_list_call,
)
from _bench.timing import Summary, interleave, per_call

ROOT = Path(__file__).resolve().parent.parent
OURS_LABEL = "aidp_notebook AsyncNotebookClient (asyncio tasks)"
OCI_LABEL = "oci SDK AiDataPlatformClient (threads, one client each)"
FLOOR_LABEL = "floor: plain aiohttp + oci signer + json.loads, no SDK"


@dataclass(frozen=True)
class Plan:
    """How much of everything to run; `--quick` shrinks it to a smoke test."""

    quick: bool
    rounds: int
    sync_rounds: int
    sync_calls: int
    list_calls: int
    sign_count: int
    fanout_total: int
    fanout_concurrency: int
    fanout_high_concurrency: int
    oci_threads: int
    chart_concurrency: tuple[int, ...]
    chart_calls: int
    chart_rounds: int
    import_rounds: int
    memory_rounds: int
    memory_total: int
    local_calls: int
    local_rounds: int
    stall_megabytes: int

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Plan:
        rounds = args.rounds or (1 if args.quick else 9)
        if args.quick:
            return cls(
                quick=True, rounds=rounds, sync_rounds=rounds, sync_calls=10, list_calls=1,
                sign_count=20, fanout_total=64, fanout_concurrency=16,
                fanout_high_concurrency=32, oci_threads=4, chart_concurrency=(1, 4),
                chart_calls=16, chart_rounds=1, import_rounds=1, memory_rounds=1,
                memory_total=32, local_calls=40, local_rounds=1, stall_megabytes=2,
            )  # fmt: skip
        return cls(
            quick=False,
            rounds=rounds,
            # A sync block takes a fraction of a second: more, shorter rounds spread
            # the noise of a shared machine more evenly over the contenders.
            sync_rounds=3 * rounds,
            sync_calls=300,
            list_calls=3,
            sign_count=800,
            fanout_total=2000,
            fanout_concurrency=64,
            fanout_high_concurrency=256,
            oci_threads=16,
            chart_concurrency=(1, 4, 16, 64, 128, 256),
            chart_calls=1000,
            chart_rounds=math.ceil(rounds / 3),
            import_rounds=math.ceil(rounds / 2),
            # Memory barely varies between runs, and a traced fan-out is slow.
            memory_rounds=math.ceil(rounds / 5),
            memory_total=2000,
            # The burst: 500 get_session calls at once on service.async_client().
            local_calls=500,
            local_rounds=math.ceil(rounds / 3),
            # The notebook: about 10 MB, uploaded and downloaded once per round.
            stall_megabytes=10,
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny counts (for the smoke test)")
    parser.add_argument("--rounds", type=int, default=0, help="interleaved rounds (default 9)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--png", type=Path, default=ROOT / "bench" / "async-throughput.png")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--profile", action="store_true", help="print profiles, write nothing")
    mode.add_argument(
        "--experiments", action="store_true", help="measure design variants, write nothing"
    )
    args = parser.parse_args(argv)
    if args.rounds < 0:
        parser.error("--rounds must be positive")
    return args


def run_sync(plan: Plan, config: dict[str, str], endpoint: str) -> dict[str, Summary]:
    floor = FloorClient(config, endpoint)
    ours, ours_no_retry = (our_client(config, endpoint, retry=r) for r in (True, False))
    theirs, theirs_no_retry = (oci_client(config, endpoint, retry=r) for r in (True, False))
    calls = {
        "floor_sync": floor.get_session,
        "ours_sync": our_call(ours),
        "ours_sync_no_retry": our_call(ours_no_retry),
        "oci_sync": oci_call(theirs),
        "oci_sync_no_retry": oci_call(theirs_no_retry),
    }
    check_results(calls["floor_sync"], calls["ours_sync"], calls["oci_sync"])
    for call in calls.values():  # warm: connections open, lazy imports and caches done
        for _ in range(max(5, plan.sync_calls // 10)):
            call()
    try:
        blocks = {name: per_call(call, plan.sync_calls) for name, call in calls.items()}
        return interleave(blocks, plan.sync_rounds, "s/call")
    finally:
        floor.close()
        ours.close()
        ours_no_retry.close()


def run_list(plan: Plan, config: dict[str, str], endpoint: str) -> dict[str, Summary]:
    """list_sessions of LIST_ITEMS summaries against the floor's GET + json.loads."""
    floor = FloorClient(config, endpoint, list_path())
    ours = our_client(config, endpoint, retry=True)
    calls = {"floor_list": floor.get, "ours_list": our_list_call(ours)}
    try:
        check_lists(calls["floor_list"], calls["ours_list"], fixtures.LIST_ITEMS)
        blocks = {name: per_call(call, plan.list_calls) for name, call in calls.items()}
        return interleave(blocks, plan.rounds, "s/call")
    finally:
        floor.close()
        ours.close()


def run_signing(plan: Plan, key: fixtures.BenchKey) -> dict[str, Summary]:
    signer = api_key_signer(key.config)
    blocks = {
        "sign_raw": lambda: signing.raw_rate(key.private_key, plan.sign_count),
        "sign_oci": lambda: signing.oci_signer_rate(signer, plan.sign_count),
        "sign_raw_2_threads": lambda: signing.threaded_raw_rate(
            key.private_key, plan.sign_count, 2
        ),
    }
    return interleave(blocks, plan.rounds, "signs/s")


def _chart_calls(plan: Plan, concurrency: int) -> int:
    # Every worker makes several calls even at the highest concurrency.
    return max(plan.chart_calls, 8 * concurrency)


def run_fan_out(
    plan: Plan, config: dict[str, str], endpoint: str
) -> tuple[dict[str, Summary], dict[str, dict[int, Summary]]]:
    """The headline fan-out, then the chart's sweep over concurrency.

    Each concurrency level gets its own client (ours, the floor) or pool of clients
    (oci), so a point never inherits the connections another level left in a pool.
    """
    high, c64 = plan.fanout_high_concurrency, plan.fanout_concurrency
    chart = plan.chart_concurrency
    ours = {c: AsyncOurs(config, endpoint) for c in sorted({c64, high, *chart})}
    floors = {c: AsyncFloor(config, endpoint) for c in sorted({c64, *chart})}
    pools = {t: ThreadedOci(config, endpoint, t) for t in sorted({plan.oci_threads, *chart})}
    try:
        for c, runner in ours.items():
            runner.throughput(4 * c, c)
        for c, floor in floors.items():
            floor.throughput(4 * c, c)
        for t, pool in pools.items():
            pool.throughput(4 * t)
        headline = interleave(
            {
                "ours_async": lambda: ours[c64].throughput(plan.fanout_total, c64),
                "ours_async_high": lambda: ours[high].throughput(plan.fanout_total, high),
                "oci_threads": lambda: pools[plan.oci_threads].throughput(plan.fanout_total),
                "aiohttp_floor": lambda: floors[c64].throughput(plan.fanout_total, c64),
            },
            plan.rounds,
            "calls/s",
        )
        blocks = {}
        for c in chart:
            n = _chart_calls(plan, c)
            blocks[f"ours_c{c}"] = lambda c=c, n=n: ours[c].throughput(n, c)
            blocks[f"oci_c{c}"] = lambda c=c, n=n: pools[c].throughput(n)
            blocks[f"floor_c{c}"] = lambda c=c, n=n: floors[c].throughput(n, c)
        sweep = interleave(blocks, plan.chart_rounds, "calls/s")
    finally:
        for runner in ours.values():
            runner.close()
        for floor in floors.values():
            floor.close()
        for pool in pools.values():
            pool.close()
    series = {
        OURS_LABEL: {c: sweep[f"ours_c{c}"] for c in chart},
        OCI_LABEL: {c: sweep[f"oci_c{c}"] for c in chart},
        FLOOR_LABEL: {c: sweep[f"floor_c{c}"] for c in chart},
    }
    return headline, series


def run_subprocesses(
    plan: Plan, config: dict[str, str], endpoint: str, threads: int
) -> dict[str, Summary]:
    job = {
        "config": config,
        "endpoint": endpoint,
        "ids": [fixtures.PLATFORM_ID, fixtures.WORKSPACE_KEY, fixtures.SESSION_ID],
        "total": plan.memory_total,
        "concurrency": plan.fanout_concurrency,
        "threads": threads,
    }
    with job_file(job) as path:
        measures = import_times(path, plan.import_rounds)
        measures |= fan_out_memory(path, plan.memory_rounds)
    return measures


def run_probes(args: argparse.Namespace, plan: Plan) -> int:
    """`--profile` or `--experiments`: against the static server, printed only."""
    # Imported here: pyinstrument is only needed for these modes.
    from _bench import experiments, profiles  # noqa: PLC0415

    key = fixtures.new_key()
    with StaticServer(fixtures.server_routes()) as server:
        if args.profile:
            print(profiles.profile_all(key.config, server.endpoint, 2 * plan.sync_calls, 64))
            return 0
        sync = experiments.sync_experiments(
            key.config, server.endpoint, plan.sync_calls, plan.rounds
        )
        print(report.measures_table(sync), flush=True)
        fan = experiments.async_experiments(
            key.config, server.endpoint, plan.fanout_total, plan.fanout_concurrency, plan.rounds
        )
        print(report.measures_table(fan))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = Plan.from_args(args)
    if args.profile or args.experiments:
        return run_probes(args, plan)
    started = datetime.datetime.now(datetime.UTC)
    machine = context.machine_info()
    code = context.code_under_test(ROOT)  # at the start: others may commit meanwhile
    print(
        f"aidp-notebook bench: {machine['cpu']}, {machine['cpu_count']} CPUs, {machine['python']}"
    )
    print("checking signatures against LocalNotebookService ...", flush=True)
    phases: dict[str, float] = {}
    with phase(phases, "correctness"):
        correctness = check_local_service()
    key = fixtures.new_key()
    with StaticServer(fixtures.server_routes()) as server:
        print("LocalNotebookService: a burst of calls against the same calls in turn ...")
        with phase(phases, "local_service"):
            measures = local_burst.measure(
                plan.local_calls, plan.local_rounds, key.config, server.endpoint
            )
        print("event-loop stall during a large async upload and download ...", flush=True)
        with phase(phases, "loop_stall"):
            measures |= loop_stall.measure(plan.stall_megabytes, plan.local_rounds)
        print("sync get_session ...", flush=True)
        with phase(phases, "sync"):
            measures |= run_sync(plan, key.config, server.endpoint)
        print(f"list_sessions of {fixtures.LIST_ITEMS:,} items ...", flush=True)
        with phase(phases, "list"):
            measures |= run_list(plan, key.config, server.endpoint)
        print("signing floor ...", flush=True)
        with phase(phases, "signing"):
            measures |= run_signing(plan, key)
        print("async fan-out and concurrency sweep ...", flush=True)
        with phase(phases, "fan_out"):
            headline, chart = run_fan_out(plan, key.config, server.endpoint)
        measures |= headline
        print("imports and fan-out memory (fresh interpreters) ...", flush=True)
        with phase(phases, "subprocesses"):
            measures |= run_subprocesses(plan, key.config, server.endpoint, plan.oci_threads)
        server_stats = httpx.get(f"{server.endpoint}/__stats").json()
    machine["load_average_at_end"] = context.load_average()
    goals = report.targets(
        plan.fanout_concurrency, plan.fanout_high_concurrency, plan.oci_threads,
        fixtures.LIST_ITEMS, plan.local_calls, plan.stall_megabytes,
    )  # fmt: skip
    results = report.evaluate(measures, goals)
    ceiling = measures["sign_raw_2_threads"].median
    floors = {
        "RSA-SHA256 signing ceiling, 2 threads": ceiling,
        "0.4 x signing ceiling (target at c=64)": 0.4 * ceiling,
    }
    title = (
        f"get_session fan-out, static loopback server\n{machine['cpu']}, "
        f"{machine['cpu_count']} CPUs, {machine['python']}"
    )
    report.write_chart(args.png, list(plan.chart_concurrency), chart, floors, title)
    document = {
        "schema": 1,
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "versions": context.versions(),
        "code": code,
        "plan": asdict(plan),
        "setup": {
            "key": "one fresh 2048-bit RSA key per run, config dict with key_content",
            "signer": "oci.signer.Signer (API key) for every contender",
            "ours_retry": "ours_*: RetryPolicy() (the default); ours_sync_no_retry: retry=None",
            "oci_retry": "oci_*: the client default (DEFAULT_RETRY_STRATEGY); "
            "oci_sync_no_retry: NoneRetryStrategy",
            "oci_operation": "AiDataPlatformClient.get_ai_data_platform",
            "floors": "sync and list: httpx.Client + oci signer over a plain dict + json.loads; "
            "async: aiohttp + oci signer in a 2-thread pool + json.loads",
            "server": "static asyncio HTTP/1.1 keep-alive server in a child process",
            "body_bytes": {marker: len(body) for marker, body in fixtures.server_routes()},
            "list_items": fixtures.LIST_ITEMS,
        },
        "phase_seconds": phases,
        "correctness": correctness,
        "server": server_stats,
        "measures": {name: summary.as_json() for name, summary in measures.items()},
        "targets": results,
        "chart": {
            "concurrency": list(plan.chart_concurrency),
            "series": {
                label: {str(c): s.as_json() for c, s in points.items()}
                for label, points in chart.items()
            },
            "floors": floors,
        },
    }
    report.write_json(args.json, document)
    table = report.targets_table(measures, goals, results)
    # Beside the JSON: the README's bench block is rendered from it (scripts/readme_figures.py).
    machine = document["machine"]
    args.json.with_suffix(".md").write_text(
        f"Commit {str(document['code']['commit'])[:7]}, {machine['cpu']}, "
        f"{machine['cpu_count']} vCPUs, {machine['python']}:\n\n{table}\n",
        encoding="utf-8",
    )
    print()
    print(table)
    print()
    print(report.measures_table(measures))
    print(f"\nserver: {server_stats}")
    print(f"wrote {args.json}, {args.json.with_suffix('.md')} and {args.png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
