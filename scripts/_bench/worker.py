"""Measurements that need a fresh interpreter: `python worker.py MODE WHICH JOB_FILE`.

`import`: how long `import aidp_notebook` (or `import oci`) takes, and import plus
building a client plus the first GET. Nothing but the standard library is imported
before the clock starts, so neither side finds the other's dependencies loaded.

`memory`: one fan-out run (ours on asyncio, or oci on threads) on fresh clients,
after importing and warming up both SDKs so that the baseline is the same for
both; reports the tracemalloc peak, or the peak RSS during the run (VmHWM, reset
at the start; Linux) and its growth over the RSS before the run.

The job file (JSON) carries the config, the endpoint and the ids; one JSON line of
results goes to stdout.
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

_SCRIPTS = Path(__file__).resolve().parent.parent


def _import_and_first_call(which: str, job: dict[str, Any]) -> dict[str, float]:
    config, endpoint, (platform, workspace, session) = job["config"], job["endpoint"], job["ids"]
    # The imports below are the measurement, hence inside the function.
    start = time.perf_counter()
    if which == "ours":
        import aidp_notebook  # noqa: PLC0415

        imported = time.perf_counter()
        with aidp_notebook.NotebookClient(config, service_endpoint=endpoint) as client:
            client.get_session(platform, workspace, session)
    else:
        import oci  # noqa: PLC0415

        imported = time.perf_counter()
        client = oci.ai_data_platform.AiDataPlatformClient(config, service_endpoint=endpoint)
        client.get_ai_data_platform(platform)
    done = time.perf_counter()
    return {"import_s": imported - start, "first_call_s": done - start}


def _status_bytes(field: str) -> int:
    """VmRSS or VmHWM of this process. Not ru_maxrss: that survives exec, so a child
    of a large parent would report the parent's peak. Elsewhere than Linux, ru_maxrss
    is all there is (and then the growth is only a lower bound)."""
    try:
        with open("/proc/self/status", encoding="ascii") as stream:
            for line in stream:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) * 1024  # kB
    except OSError:
        pass
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss if sys.platform == "darwin" else maxrss * 1024  # bytes there, KiB here


def _reset_peak_rss() -> None:
    # "5" resets VmHWM to the current RSS (Linux >= 4.0), so the peak is the run's own.
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as stream:
            stream.write("5")
    except OSError:
        pass  # no /proc: the peak includes the imports (see _status_bytes)


def _warm_up(config: dict[str, Any], endpoint: str) -> None:
    """A few calls through both SDKs on throwaway clients, so that lazy imports and
    first-use caches are not counted as memory of the measured run."""
    from _bench.fanout import AsyncOurs, ThreadedOci  # noqa: PLC0415

    ours = AsyncOurs(config, endpoint)
    ours.throughput(4, 2)
    ours.close()
    pool = ThreadedOci(config, endpoint, 2)
    pool.throughput(4)
    pool.close()


def _memory(which: str, job: dict[str, Any], tracer: str) -> dict[str, float]:
    sys.path.insert(0, str(_SCRIPTS))
    # Imports both SDKs whatever `which` is: the same baseline for both runs.
    from _bench.fanout import AsyncOurs, ThreadedOci  # noqa: PLC0415

    config, endpoint = job["config"], job["endpoint"]
    _warm_up(config, endpoint)
    gc.collect()
    baseline_rss = _status_bytes("VmRSS")
    _reset_peak_rss()
    if tracer == "tracemalloc":
        tracemalloc.start()
    if which == "ours":
        ours = AsyncOurs(config, endpoint)
        ours.throughput(job["total"], job["concurrency"])
        ours.close()
    else:
        pool = ThreadedOci(config, endpoint, job["threads"])
        pool.throughput(job["total"])
        pool.close()
    peak_rss = _status_bytes("VmHWM")
    result = {"peak_rss_bytes": float(peak_rss), "rss_growth_bytes": float(peak_rss - baseline_rss)}
    if tracer == "tracemalloc":
        result["tracemalloc_peak_bytes"] = float(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return result


def main() -> None:
    mode, which, job_file = sys.argv[1:4]
    job = json.loads(Path(job_file).read_text(encoding="utf-8"))
    if mode == "import":
        result = _import_and_first_call(which, job)
    else:
        result = _memory(which, job, tracer=mode.removeprefix("memory-"))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
