"""Interleaved rounds and their summary.

The machine is shared and noisy, so no contender gets a quiet stretch to itself:
every round runs every contender once, in the same order (A, B, C, A, B, C, ...),
and each is reported as the median over rounds.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Block = Callable[[], float]


@dataclass(frozen=True)
class Summary:
    """The rounds of one contender: median, spread and every sample (for results.json)."""

    unit: str
    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def as_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "median": self.median,
            "min": min(self.samples),
            "max": max(self.samples),
            "rounds": len(self.samples),
            "samples": list(self.samples),
        }


def interleave(blocks: Mapping[str, Block], rounds: int, unit: str) -> dict[str, Summary]:
    """Run every block once per round, in order; each block returns one sample."""
    samples: dict[str, list[float]] = {name: [] for name in blocks}
    for _ in range(rounds):
        for name, block in blocks.items():
            # Collect before, not during: garbage left by the previous contender is not ours.
            gc.collect()
            samples[name].append(block())
    return {name: Summary(unit, tuple(values)) for name, values in samples.items()}


def per_call(call: Callable[[], object], calls: int) -> Block:
    """A block that makes `calls` calls back to back and returns seconds per call."""

    def block() -> float:
        start = time.perf_counter()
        for _ in range(calls):
            call()
        return (time.perf_counter() - start) / calls

    return block
