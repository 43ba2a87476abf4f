"""Targets, the printed tables, results.json and the throughput chart."""

from __future__ import annotations

import json
import operator
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .timing import Summary

_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
}


@dataclass(frozen=True)
class Target:
    """The median of `ours` against the median of `baseline`, compared with `threshold`.

    The ratio is ours / baseline, or baseline / ours for "x faster than" targets
    (`inverted`), so that it reads the way the issue states the target.
    """

    key: str
    label: str
    ours: str
    baseline: str
    baseline_label: str
    compare: str
    threshold: float
    ratio_label: str
    inverted: bool = False

    def _ratio(self, ours: float, baseline: float) -> float:
        return baseline / ours if self.inverted else ours / baseline

    def evaluate(self, measures: Mapping[str, Summary]) -> dict[str, Any]:
        ours, baseline = measures[self.ours], measures[self.baseline]
        ratio = self._ratio(ours.median, baseline.median)
        result: dict[str, Any] = {
            "key": self.key,
            "label": self.label,
            "ours": self.ours,
            "baseline": self.baseline,
            "ratio": ratio,
            "ratio_meaning": (
                f"{self.baseline} / {self.ours}"
                if self.inverted
                else f"{self.ours} / {self.baseline}"
            ),
            "target": f"{self.compare} {self.threshold:g}",
            "met": _COMPARE[self.compare](ratio, self.threshold),
        }
        if len(ours.samples) == len(baseline.samples):
            # Both ran in the same rounds: the ratio within each round is immune to load
            # that came and went between rounds. For context; `met` uses the medians.
            paired = [
                self._ratio(o, b) for o, b in zip(ours.samples, baseline.samples, strict=True)
            ]
            result["paired_ratios"] = {
                "median": statistics.median(paired),
                "min": min(paired),
                "max": max(paired),
            }
        return result


def targets(  # noqa: PLR0917 (one caller, the run's plan)
    concurrency: int, high: int, threads: int, list_items: int, local_calls: int, stall_mb: int
) -> tuple[Target, ...]:
    """The targets, labelled with this run's fan-out levels, threads, list size and burst."""
    fan_out = f"fan-out throughput (async, c={concurrency})"
    pool = f"oci SDK, {threads} threads"
    sync = "sync get_session, time per call"
    burst = f"LocalNotebookService, {local_calls} get_session at once (asyncio.gather)"
    return (
        Target("sync_vs_floor", sync, "ours_sync", "floor_sync",
               "floor (httpx + oci signer over a dict + json.loads)", "<=", 1.05,
               "x the floor's time"),
        Target("sync_vs_oci", sync, "ours_sync", "oci_sync", "oci SDK get_ai_data_platform",
               ">=", 1.4, "x faster than oci", inverted=True),
        Target("async_vs_oci", fan_out, "ours_async", "oci_threads", pool,
               ">=", 3.0, "x oci's throughput"),
        Target("async_high_vs_async", f"fan-out throughput (async, c={high})",
               "ours_async_high", "ours_async", f"ours at c={concurrency}", ">=", 0.95,
               f"of ours at c={concurrency}"),
        Target("async_vs_signing", fan_out, "ours_async", "sign_raw_2_threads",
               "RSA-SHA256 signs/s, 2 threads (the 2-core ceiling)", ">=", 0.4,
               "of the signing ceiling"),
        Target("list_vs_floor", f"list_sessions of {list_items:,} items, time per call",
               "ours_list", "floor_list", "floor (httpx + oci signer + json.loads)", "<=", 2.0,
               "x the floor's time"),
        Target("import", "import time", "ours_import", "oci_import", "import oci",
               "<=", 1.0, "x import oci"),
        Target("import_first_call", "import + client + first call", "ours_first_call",
               "oci_first_call", "oci: the same", "<=", 1.0, "x oci"),
        Target("memory_tracemalloc", "fan-out peak memory (tracemalloc)",
               "ours_tracemalloc_peak", "oci_tracemalloc_peak", pool, "<", 1.0, "x oci"),
        Target("memory_rss", "fan-out peak RSS growth", "ours_rss_growth", "oci_rss_growth",
               pool, "<", 1.0, "x oci"),
        Target("local_service_burst", burst, "local_service_concurrent",
               "local_service_sequential", "the same calls one after another", "<=", 1.0,
               "x the time in turn"),
        Target("local_service_burst_control", burst.replace("LocalNotebookService",
               "control: static server"), "static_server_concurrent", "static_server_sequential",
               "the same calls one after another", "<=", 1.0, "x the time in turn"),
        Target("async_loop_stall",
               f"largest event-loop stall during a {stall_mb} MB async upload+download",
               "async_loop_stall", "loop_stall_bound", "bound", "<=", 1.0, "x the bound"),
    )  # fmt: skip


def evaluate(measures: Mapping[str, Summary], goals: Sequence[Target]) -> list[dict[str, Any]]:
    return [goal.evaluate(measures) for goal in goals]


def format_value(summary: Summary) -> str:
    value = summary.median
    if summary.unit == "s/call":
        return f"{value * 1e3:.1f} ms" if value >= 0.01 else f"{value * 1e6:.0f} µs"
    if summary.unit == "s":
        return f"{value * 1e3:.0f} ms"
    if summary.unit == "bytes":
        return f"{value / 2**20:.1f} MiB"
    return f"{value:,.0f} /s"


def targets_table(
    measures: Mapping[str, Summary], goals: Sequence[Target], results: list[dict[str, Any]]
) -> str:
    """The headline table, in Markdown (it is pasted into the README as is)."""
    by_key = {goal.key: goal for goal in goals}
    lines = [
        "| measure | ours | baseline | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for result in results:
        target = by_key[result["key"]]
        lines.append(
            f"| {target.label} | {format_value(measures[target.ours])} "
            f"| {target.baseline_label}: {format_value(measures[target.baseline])} "
            f"| {result['ratio']:.2f} {target.ratio_label} "
            f"| {target.compare} {target.threshold:g} | {'yes' if result['met'] else '**no**'} |"
        )
    return "\n".join(lines)


def measures_table(measures: Mapping[str, Summary]) -> str:
    lines = ["| measure | median | min | max | rounds |", "| --- | --- | --- | --- | --- |"]
    for name, summary in measures.items():
        low = Summary(summary.unit, (min(summary.samples),))
        high = Summary(summary.unit, (max(summary.samples),))
        lines.append(
            f"| {name} | {format_value(summary)} | {format_value(low)} "
            f"| {format_value(high)} | {len(summary.samples)} |"
        )
    return "\n".join(lines)


def write_json(path: Path, document: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, sort_keys=False) + "\n", encoding="utf-8")


def write_chart(
    path: Path,
    concurrency: list[int],
    series: Mapping[str, Mapping[int, Summary]],
    floors: Mapping[str, float],
    title: str,
) -> None:
    """Throughput against concurrency: medians with min-max bars, floors as dashed lines."""
    import matplotlib  # noqa: PLC0415 (only `make bench` has it; the smoke test too)

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    figure, axes = plt.subplots(figsize=(8, 5), dpi=110)
    for (label, points), marker in zip(series.items(), "os^D", strict=False):
        medians = [points[c].median for c in concurrency]
        below = [points[c].median - min(points[c].samples) for c in concurrency]
        above = [max(points[c].samples) - points[c].median for c in concurrency]
        axes.errorbar(concurrency, medians, yerr=[below, above], marker=marker, capsize=3,
                      label=label)  # fmt: skip
    for (label, value), style in zip(floors.items(), ("--", ":"), strict=False):
        axes.axhline(value, linestyle=style, color="grey", linewidth=1, label=label)
    axes.set_xscale("log", base=2)
    axes.set_xticks(concurrency, [str(c) for c in concurrency])
    axes.set_xlabel("requests in flight (async tasks / threads)")
    axes.set_ylabel("get_session calls per second")
    axes.set_ylim(bottom=0)
    axes.grid(True, alpha=0.3)
    axes.legend(fontsize="small")
    axes.set_title(title, fontsize="medium")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
