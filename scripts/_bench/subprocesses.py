"""Drive `worker.py` in fresh interpreters: import times and fan-out memory, interleaved."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .timing import Summary

_WORKER = Path(__file__).resolve().parent / "worker.py"


@contextmanager
def job_file(job: dict[str, Any]) -> Iterator[Path]:
    """The job as a private temporary JSON file (it holds the run's throwaway key)."""
    with tempfile.TemporaryDirectory(prefix="aidp-bench-") as directory:
        path = Path(directory) / "job.json"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump(job, stream)
        yield path


def _run_worker(mode: str, which: str, job: Path) -> dict[str, float]:
    completed = subprocess.run(
        [sys.executable, str(_WORKER), mode, which, str(job)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"worker {mode} {which} failed:\n{completed.stderr}")
    result: dict[str, float] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def import_times(job: Path, rounds: int) -> dict[str, Summary]:
    """`import X` alone, and import + client + first GET, for both SDKs, `rounds` times each."""
    samples: dict[str, list[float]] = {}
    for _ in range(rounds):
        for which in ("ours", "oci"):
            result = _run_worker("import", which, job)
            samples.setdefault(f"{which}_import", []).append(result["import_s"])
            samples.setdefault(f"{which}_first_call", []).append(result["first_call_s"])
    return {name: Summary("s", tuple(values)) for name, values in samples.items()}


def fan_out_memory(job: Path, rounds: int) -> dict[str, Summary]:
    """Peak memory of one fan-out run per SDK: tracemalloc peak, and peak RSS separately.

    Separate runs, because tracemalloc's own bookkeeping would inflate the RSS.
    """
    samples: dict[str, list[float]] = {}
    for _ in range(rounds):
        for which in ("ours", "oci"):
            traced = _run_worker("memory-tracemalloc", which, job)
            samples.setdefault(f"{which}_tracemalloc_peak", []).append(
                traced["tracemalloc_peak_bytes"]
            )
            plain = _run_worker("memory-rss", which, job)
            samples.setdefault(f"{which}_peak_rss", []).append(plain["peak_rss_bytes"])
            samples.setdefault(f"{which}_rss_growth", []).append(plain["rss_growth_bytes"])
    return {name: Summary("bytes", tuple(values)) for name, values in samples.items()}
