"""`make demo` (scripts/demo.py): it runs end to end offline and leaves nothing behind."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "scripts" / "demo.py"


def child_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCI_CLI_")}
    # Any attempt to leave the machine would fail (and so would the demo).
    env.update(HTTP_PROXY="http://192.0.2.1:9", HTTPS_PROXY="http://192.0.2.1:9")
    return env


def processes_mentioning(text: str) -> list[int]:
    """Pids of live processes whose command line contains `text`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in cmdline:
            found.append(int(entry.name))
    return found


def test_demo_runs_end_to_end_and_leaves_nothing_behind() -> None:
    done = subprocess.run(
        [sys.executable, str(DEMO)],
        capture_output=True,
        text=True,
        timeout=120,
        env=child_environment(),
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert done.stderr == ""
    # Each step is shown with the command that did it, in order.
    steps = [
        "$ aidp-notebook local-service --write-config", "contents upload", "session create",
        "session wait", "session rename", "contents export", "contents download",
        "contents delete", "session delete", "contents ls",
    ]  # fmt: skip
    positions = [out.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "$ export AIDP_NOTEBOOK_WORKSPACE_KEY=local-workspace" in out
    # The upload printed the API's JSON for the saved notebook.
    start = out.index("   {\n")
    end = out.index("\n   }\n", start) + 5
    saved = json.loads(textwrap.dedent(out[start:end]))["data"]
    assert (saved["path"], saved["type"]) == ("Workspace/Shared/demo-analysis.ipynb", "notebook")
    # The session was waited for until ACTIVE (the service kept it CREATING for a second).
    assert re.search(r"^   State +ACTIVE$", out, re.MULTILINE)
    assert re.search(r"^   Kernel state +idle$", out, re.MULTILINE)
    assert re.search(r"^   demo-analysis \(renamed\)$", out, re.MULTILINE)
    assert re.search(r"^   Format +html$", out, re.MULTILINE)
    assert "analysis.html: <!DOCTYPE html>" in out
    assert re.search(
        r"analysis-back\.ipynb: [\d,]+ bytes, byte for byte the notebook uploaded", out
    )
    # After the deletion the listing shows the seeded files only.
    listing = out[out.index("contents ls") :]
    assert "sales-analysis.ipynb" in listing and "demo-analysis" not in listing
    assert "verified" in out and "signature" in out
    assert "Stopped." in out
    # The service it started is gone, and so are its files.
    pid = int(re.search(r"Service pid (\d+)", out).group(1))  # type: ignore[union-attr]
    folder = re.search(r"--write-config (\S+)", out).group(1)  # type: ignore[union-attr]
    assert not Path(folder).exists()
    assert processes_mentioning(folder) == []
    assert pid not in processes_mentioning("local-service")


@pytest.fixture
def demo_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("demo_under_test", DEMO)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_service_that_never_gets_ready_fails_the_demo_and_is_killed(
    demo_module: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A stand-in for the command that ignores Ctrl-C and never prints `ready`.
    marker = f"stubborn-{os.getpid()}-{tmp_path.name}"
    stub = tmp_path / "aidp-notebook"
    stub.write_text(
        f"#!{sys.executable}\n"
        "import signal, sys, time\n"
        "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
        f"print('starting {marker}', flush=True)\n"
        "time.sleep(60)\n"
    )
    stub.chmod(0o755)
    monkeypatch.setattr(demo_module, "COMMAND", stub)
    monkeypatch.setattr(demo_module, "READY_TIMEOUT", 1.0)
    monkeypatch.setattr(demo_module, "STOP_TIMEOUT", 0.5)
    created = record_temporary_folders(demo_module, tmp_path, monkeypatch)
    assert demo_module.main() == 1
    err = capsys.readouterr().err
    assert "demo failed: the local service printed no `ready` line within 1 s" in err
    assert processes_mentioning(marker) == []  # killed, since it ignored Ctrl-C
    (folder,) = created
    assert not folder.exists()


def record_temporary_folders(
    demo_module: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> list[Path]:
    """Make the demo create its temporary folder under tmp_path, and note which."""
    created: list[Path] = []
    real_mkdtemp = demo_module.tempfile.mkdtemp

    def mkdtemp(**kwargs: str) -> str:
        folder = real_mkdtemp(dir=tmp_path, **kwargs)
        created.append(Path(folder))
        return folder

    monkeypatch.setattr(demo_module.tempfile, "mkdtemp", mkdtemp)
    return created


def test_a_failing_command_fails_the_demo_with_its_message(
    demo_module: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The real local service, but the commands pointed at a workspace that does not exist.
    monkeypatch.setattr(demo_module, "SEED_WORKSPACE_KEY", "no-such-workspace")
    created = record_temporary_folders(demo_module, tmp_path, monkeypatch)
    assert demo_module.main() == 1
    out, err = capsys.readouterr()
    assert "demo failed: the command exited with 4" in err
    assert "404 NotAuthorizedOrNotFound" in err
    (folder,) = created
    assert not folder.exists()
    assert processes_mentioning(str(folder)) == []
    assert "Service pid" in out
