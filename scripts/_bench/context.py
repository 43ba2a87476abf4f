"""What a results.json must say about the run: machine, versions, code, and timing of phases."""

from __future__ import annotations

import os
import platform
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

import aidp_notebook

_DISTRIBUTIONS = (
    "aidp-notebook",
    "httpx",
    "httpcore",
    "h11",
    "anyio",
    "sniffio",  # whether it is installed changes httpx's async throughput
    "aiohttp",
    "yarl",
    "multidict",
    "oci",
    "cryptography",
    "attrs",
)
# What decides the code under test; uncommitted changes there are listed.
_CODE_PATHS = ("overlays", "generated", "pyproject.toml", "requirements")


@contextmanager
def phase(phases: dict[str, float], name: str) -> Iterator[None]:
    """Record how long a phase took (the whole run should stay within ~5 minutes)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        phases[name] = round(time.perf_counter() - start, 1)


def _git(root: Path, *args: str) -> str | None:
    """Read-only git queries: which code was measured (None outside a checkout)."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.rstrip()  # not strip(): porcelain lines start with a space


def code_under_test(root: Path) -> dict[str, Any]:
    changed = _git(root, "status", "--porcelain", "--", *_CODE_PATHS)
    return {
        "commit": _git(root, "rev-parse", "HEAD"),
        # Uncommitted changes to the SDK or its pins: the commit alone does not say what ran.
        "uncommitted": None if changed is None else changed.splitlines(),
        "aidp_notebook_path": str(Path(aidp_notebook.__file__).parent),
    }


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def versions() -> dict[str, str | None]:
    return {name: _version(name) for name in _DISTRIBUTIONS}


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as stream:
            for line in stream:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average() -> list[float]:
    """The shared machine's load: a high one at start or end explains noisy rounds."""
    return list(os.getloadavg())


def machine_info() -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "load_average_at_start": load_average(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
    }
