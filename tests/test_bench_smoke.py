"""`scripts/bench.py --quick` runs end to end and writes a well-formed results.json and PNG.

This checks the benchmark's machinery, never its timings: the numbers of a quick run on
a shared machine mean nothing, and no assertion here depends on them.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
TARGET_KEYS = {
    "sync_vs_floor",
    "sync_vs_oci",
    "async_vs_oci",
    "async_high_vs_async",
    "async_vs_signing",
    "list_vs_floor",
    "import",
    "import_first_call",
    "memory_tracemalloc",
    "memory_rss",
    "local_service_burst",
    "local_service_burst_control",
    "async_loop_stall",
}
# Every measure the targets and the README table read.
MEASURES = {
    "floor_sync",
    "ours_sync",
    "ours_sync_no_retry",
    "oci_sync",
    "oci_sync_no_retry",
    "sign_raw",
    "sign_oci",
    "sign_raw_2_threads",
    "ours_async",
    "ours_async_high",
    "oci_threads",
    "aiohttp_floor",
    "floor_list",
    "ours_list",
    "ours_import",
    "oci_import",
    "ours_first_call",
    "oci_first_call",
    "ours_tracemalloc_peak",
    "oci_tracemalloc_peak",
    "ours_peak_rss",
    "oci_peak_rss",
    "ours_rss_growth",
    "oci_rss_growth",
    "local_service_concurrent",
    "local_service_sequential",
    "static_server_concurrent",
    "static_server_sequential",
    "async_loop_stall",
    "loop_stall_bound",
}


QuickRun = tuple[dict[str, Any], bytes, str]  # results.json, the PNG, what was printed


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> QuickRun:
    pytest.importorskip("matplotlib", reason="the bench toolchain (requirements/bench.in)")
    out = tmp_path_factory.mktemp("bench")
    results, chart = out / "results.json", out / "chart.png"
    command = [sys.executable, str(ROOT / "scripts" / "bench.py"), "--quick"]
    completed = subprocess.run(
        [*command, "--json", str(results), "--png", str(chart)],
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return json.loads(results.read_text(encoding="utf-8")), chart.read_bytes(), completed.stdout


@pytest.mark.timeout(300)
def test_results_json_has_the_run_context(quick_run: QuickRun) -> None:
    document, _, _ = quick_run
    assert document["schema"] == 1
    assert document["plan"]["quick"] is True
    assert {"cpu", "cpu_count", "python", "platform"} <= set(document["machine"])
    for package in ("httpx", "oci", "cryptography", "aidp-notebook"):
        assert document["versions"][package], package
    assert document["correctness"] == {
        "NotebookClient": "ok",
        "AsyncNotebookClient": "ok",
        "floor": "ok",
    }
    assert document["server"]["requests"] > 0
    assert document["code"]["aidp_notebook_path"].endswith("aidp_notebook")


@pytest.mark.timeout(300)
def test_every_measure_is_summarised(quick_run: QuickRun) -> None:
    document, _, _ = quick_run
    measures = document["measures"]
    assert set(measures) >= MEASURES
    for name, summary in measures.items():
        assert summary["rounds"] == len(summary["samples"]) >= 1, name
        assert summary["min"] <= summary["median"] <= summary["max"], name
        assert summary["unit"], name


@pytest.mark.timeout(300)
def test_every_target_is_evaluated(quick_run: QuickRun) -> None:
    document, _, stdout = quick_run
    targets = {target["key"]: target for target in document["targets"]}
    assert set(targets) == TARGET_KEYS
    for key, target in targets.items():
        assert isinstance(target["met"], bool), key
        assert isinstance(target["ratio"], float), key
        assert target["ratio"] > 0, key
        assert target["ours"] in document["measures"], key
        assert target["baseline"] in document["measures"], key
    # The Markdown table the README shows is printed.
    assert "| measure | ours | baseline | ratio | target | met |" in stdout


@pytest.mark.timeout(300)
def test_chart_data_and_png(quick_run: QuickRun) -> None:
    document, png, _ = quick_run
    chart = document["chart"]
    # Ours, the oci SDK and the plain-aiohttp floor.
    assert len(chart["series"]) == 3
    for points in chart["series"].values():
        assert [int(c) for c in points] == chart["concurrency"]
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk comes first
    assert width > 100
    assert height > 100


def test_the_profile_and_experiment_modes_import_against_the_current_sdk() -> None:
    # `--profile` and `--experiments` reach into the SDK's private modules; a rename there
    # must fail here, not on the next person who asks for a profile.
    done = subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.insert(0, 'scripts'); "
         "from _bench import experiments, profiles; print('ok')"],
        cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr
