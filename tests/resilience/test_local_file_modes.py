"""Local writes get the modes `cp` and `curl -o` give, and leave the process umask alone.

A file downloaded over an existing one keeps that file's permission bits (a private 0600
file must not come out 0644); a new file gets 0666 less the umask. The umask is never
read by setting it: for that moment every file another thread creates would be 0666.
Runs against the local service over loopback, with the sync and the async client.
"""

from __future__ import annotations

import asyncio
import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aidp_notebook.testing import LocalNotebookService

from .conftest import IDS

WS = IDS[:2]
FOLDER = "Workspace/Shared/modes"


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def new_file_mode(directory: Path) -> int:
    """The mode the kernel gives a new 0666 file here: 0666 less the umask, unread."""
    probe = directory / ".probe"
    os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        return mode_of(probe)
    finally:
        probe.unlink()


@pytest.fixture
def remote(service: LocalNotebookService) -> Path:
    """A remote folder with three files, written straight into the service's contents root."""
    folder = service.contents_root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("private.txt", "script.sh", "fresh.txt"):
        (folder / name).write_text(f"new {name}\n")
    return folder


Download = Callable[..., Any]


@pytest.fixture(params=["sync", "async"])
def call(request: pytest.FixtureRequest, service: LocalNotebookService) -> Iterator[Download]:
    """Calls a contents helper by name on a sync or an async client of the service."""
    if request.param == "sync":
        with service.client() as client:
            yield lambda method, *args, **kwargs: getattr(client, method)(*args, **kwargs)
        return
    loop = asyncio.new_event_loop()
    client = service.async_client()

    def run(method: str, *args: Any, **kwargs: Any) -> Any:
        return loop.run_until_complete(getattr(client, method)(*args, **kwargs))

    try:
        yield run
    finally:
        loop.run_until_complete(client.aclose())
        loop.close()


def test_a_downloaded_file_keeps_the_mode_of_the_file_it_replaces(
    call: Download, remote: Path, tmp_path: Path
) -> None:
    private, script, fresh = tmp_path / "private.txt", tmp_path / "script.sh", tmp_path / "new"
    for path, mode in ((private, 0o600), (script, 0o755)):
        path.write_text("old\n")
        path.chmod(mode)
    call("download_file", *WS, f"{FOLDER}/private.txt", private)
    call("download_file", *WS, f"{FOLDER}/script.sh", script)
    call("download_file", *WS, f"{FOLDER}/fresh.txt", fresh)
    assert (private.read_text(), mode_of(private)) == ("new private.txt\n", 0o600)
    assert (script.read_text(), mode_of(script)) == ("new script.sh\n", 0o755)
    assert mode_of(fresh) == new_file_mode(tmp_path)


def test_download_dir_overwrite_keeps_each_files_mode(
    call: Download, remote: Path, tmp_path: Path
) -> None:
    local = tmp_path / "mirror"
    local.mkdir()
    (local / "private.txt").write_text("old\n")
    (local / "private.txt").chmod(0o600)
    (local / "script.sh").write_text("old\n")
    (local / "script.sh").chmod(0o700)
    summary = call("download_dir", *WS, FOLDER, local, if_exists="overwrite")
    assert not summary.failed
    assert (local / "private.txt").read_text() == "new private.txt\n"
    assert mode_of(local / "private.txt") == 0o600
    assert mode_of(local / "script.sh") == 0o700
    assert mode_of(local / "fresh.txt") == new_file_mode(local)


def test_an_export_written_over_a_file_keeps_its_mode(
    call: Download, service: LocalNotebookService, tmp_path: Path
) -> None:
    target = tmp_path / "export.html"
    target.write_text("old")
    target.chmod(0o640)
    call("export_notebook", *WS, "Workspace/Shared/sales-analysis.ipynb", "html", to=target)
    assert "<html" in target.read_text().lower()
    assert mode_of(target) == 0o640


def test_set_id_bits_are_not_carried_over(call: Download, remote: Path, tmp_path: Path) -> None:
    target = tmp_path / "tool"
    target.write_text("old")
    target.chmod(0o4755)
    call("download_file", *WS, f"{FOLDER}/script.sh", target)
    assert mode_of(target) == 0o755


# -- the umask --------------------------------------------------------------------------------


def test_downloads_never_set_the_umask(
    service: LocalNotebookService, remote: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """os.umask is watched: while any call has it set, another thread creates a file."""
    expected = new_file_mode(tmp_path)
    real_umask = os.umask
    calls: list[int] = []
    created: list[int] = []

    def watched_umask(mask: int) -> int:
        previous = real_umask(mask)
        calls.append(mask)
        # What a thread of the caller's program would do at this very moment.
        path = tmp_path / f"other-{len(calls)}"
        worker = threading.Thread(
            target=lambda: os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o666))
        )
        worker.start()
        worker.join()
        created.append(mode_of(path))
        return previous

    monkeypatch.setattr(os, "umask", watched_umask)
    with service.client() as client:
        client.download_file(*WS, f"{FOLDER}/private.txt", tmp_path / "a.txt")
        client.download_dir(*WS, FOLDER, tmp_path / "tree")
    monkeypatch.undo()
    assert created == [expected] * len(created)  # before the fix: [0o666]
    assert calls == []


_UMASK_SCRIPT = """
import json, os, stat, sys, tempfile
from pathlib import Path
from aidp_notebook.testing import LocalNotebookService
modes = {}
with LocalNotebookService() as service, service.client() as client:
    folder = Path(tempfile.mkdtemp())
    for umask in (0o022, 0o077, 0o002, 0o027, 0o000):
        os.umask(umask)
        target = folder / f"download-{umask:o}"
        client.download_file("%s", "%s", "Workspace/Shared/nightly-etl.py", target)
        modes[umask] = stat.S_IMODE(target.stat().st_mode)
print(json.dumps(modes))
"""


def test_a_new_download_gets_0666_less_each_umask() -> None:
    script = _UMASK_SCRIPT % WS
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    modes = {int(umask): mode for umask, mode in json.loads(done.stdout).items()}
    assert modes == {umask: 0o666 & ~umask for umask in (0o022, 0o077, 0o002, 0o027, 0o000)}


def test_files_another_thread_creates_during_downloads_get_the_umasks_mode(
    service: LocalNotebookService, remote: Path, tmp_path: Path
) -> None:
    expected = new_file_mode(tmp_path)
    others = tmp_path / "others"
    others.mkdir()
    stop = threading.Event()
    wrong: list[tuple[str, int]] = []
    count = [0]

    def create_files() -> None:
        while not stop.is_set():
            path = others / f"f{count[0]}"
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o666))
            if mode_of(path) != expected:
                wrong.append((path.name, mode_of(path)))
            path.unlink()
            count[0] += 1

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, to meet any window
    creator = threading.Thread(target=create_files)
    creator.start()
    try:
        with service.client() as client:
            for index in range(50):
                client.download_file(*WS, f"{FOLDER}/private.txt", tmp_path / f"d{index}")
    finally:
        stop.set()
        creator.join()
        sys.setswitchinterval(interval)
    assert count[0] > 0
    assert wrong == []
    assert {mode_of(tmp_path / f"d{index}") for index in range(50)} == {expected}
