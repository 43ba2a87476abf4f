"""The contents helpers, sync and async, against the local service and a real disk.

Each helper test runs twice, once per client flavour (the `run` fixture), because the
two share one source (jobs driven by each client's loop) and both must keep its
promises: byte-exact round trips, refusals before anything is read or sent, and
nothing lost (no half-written remote file, no truncated local file).
"""

from __future__ import annotations

import asyncio
import base64
import filecmp
import itertools
import json
import os
import random
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from aidp_notebook import (
    AidpError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    InvalidResponseError,
    LocalFileError,
    NotFoundError,
    PreconditionFailedError,
    TransferProgress,
    TransferSummary,
    TransportError,
)
from aidp_notebook._contents_codec import content_format
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_NOTEBOOK_PATH,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)
from aidp_notebook_client.models import Content, ContentFormat, ContentType
from aidp_notebook_client.types import UNSET

P, W = SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY
_fresh = itertools.count()


class Runner:
    """Calls helpers on a sync or async client of the service, one client per option set.

    Making a client costs more than a call (it loads the API key), so a test reuses its
    clients; the async ones live on one event loop for the whole test.
    """

    def __init__(self, service: LocalNotebookService, flavour: str) -> None:
        self.service = service
        self.flavour = flavour
        self.loop = asyncio.new_event_loop() if flavour == "async" else None
        self.clients: dict[str, Any] = {}

    def _client(self, options: dict[str, Any]) -> Any:
        key = repr(sorted(options.items()))
        if key not in self.clients:
            make = self.service.client if self.loop is None else self.service.async_client
            self.clients[key] = make(**options)
        return self.clients[key]

    def __call__(self, method: str, *args: Any, client_options: Any = None, **kwargs: Any) -> Any:
        bound = getattr(self._client(dict(client_options or {})), method)
        if self.loop is None:
            return bound(*args, **kwargs)
        return self.loop.run_until_complete(bound(*args, **kwargs))

    def close(self) -> None:
        for client in self.clients.values():
            if self.loop is None:
                client.close()
            else:
                self.loop.run_until_complete(client.aclose())
        if self.loop is not None:
            self.loop.close()


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest, service: LocalNotebookService) -> Iterator[Runner]:
    runner = Runner(service, request.param)
    yield runner
    runner.close()


@pytest.fixture
def base(service: LocalNotebookService) -> str:
    path = f"h{next(_fresh)}"
    (service.contents_root / path).mkdir()
    return path


def on_disk(service: LocalNotebookService, path: str) -> Path:
    return service.contents_root / path


def sample_notebook() -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Title ✨\n\nSome *text* <b>bold</b>."),
        nbformat.v4.new_code_cell(
            "print('é 🎉')\nx = 1",
            execution_count=1,
            outputs=[
                nbformat.v4.new_output("stream", name="stdout", text="é 🎉\n"),
                nbformat.v4.new_output(
                    "execute_result",
                    data={"text/plain": "1", "image/png": "iVBORw0KGgo="},
                    execution_count=1,
                ),
            ],
        ),
    ]
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{number}"
    return notebook


def write_notebook_file(path: Path, notebook: nbformat.NotebookNode | None = None) -> bytes:
    nbformat.write(notebook or sample_notebook(), str(path))
    return path.read_bytes()


def leftovers(folder: Path) -> list[str]:
    """Temporary files a write may have left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~aidp-"))


# -- upload_file / download_file: byte-exact ---------------------------------------------------

TEXTS = {
    "crlf.txt": "one\r\ntwo\r\n",
    "bom.csv": "\ufeffa,b\n1,2\n",
    "unicode.md": "ünïcødé 🎉 \u2028 名前\n",
    "no-newline.py": "print('x')",
    "empty.txt": "",
}


def test_text_files_round_trip_byte_exact(
    run: Runner, service: LocalNotebookService, base: str, tmp_path: Path
) -> None:
    for name, text in TEXTS.items():
        local = tmp_path / name
        local.write_bytes(text.encode("utf-8"))
        model = run("upload_file", P, W, local, f"{base}/{name}")
        assert isinstance(model, Content)
        assert (model.path, model.type_) == (f"{base}/{name}", ContentType.FILE)
        assert on_disk(service, f"{base}/{name}").read_bytes() == text.encode("utf-8")
        back = run("download_file", P, W, f"{base}/{name}", tmp_path / f"back-{name}")
        assert back == tmp_path / f"back-{name}"
        assert back.read_bytes() == text.encode("utf-8")
    bodies = [json.loads(r.body) for r in service.requests if r.method == "PUT"]
    assert {body["format"] for body in bodies} == {"text"}


def test_binary_files_round_trip_byte_exact(
    run: Runner,
    service: LocalNotebookService,
    base: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(service, "request_body_limit", None)  # the bodies are read below whole
    samples = {
        "all-bytes.bin": bytes(range(256)) * 3,
        "random.dat": random.Random(7).randbytes(200_000),
        "nul.txt": b"looks like text\x00but is not",
        "latin1.txt": "café".encode("latin-1"),
    }
    for name, data in samples.items():
        (tmp_path / name).write_bytes(data)
        run("upload_file", P, W, tmp_path / name, f"{base}/{name}")
        assert on_disk(service, f"{base}/{name}").read_bytes() == data
        assert run("download_file", P, W, f"{base}/{name}", tmp_path / "out").read_bytes() == data
    bodies = [json.loads(r.body) for r in service.requests if r.method == "PUT"]
    assert [body["format"] for body in bodies] == ["base64"] * len(samples)
    assert base64.b64decode(bodies[0]["content"]) == samples["all-bytes.bin"]


def test_notebook_round_trip_byte_exact(
    run: Runner, service: LocalNotebookService, base: str, tmp_path: Path
) -> None:
    original = write_notebook_file(tmp_path / "nb.ipynb")
    model = run("upload_file", P, W, tmp_path / "nb.ipynb", f"{base}/nb.ipynb")
    assert model.type_ == ContentType.NOTEBOOK
    (put,) = [r for r in service.requests if r.method == "PUT"]
    body = json.loads(put.body)
    assert (body["type"], body["format"]) == ("notebook", "json")
    assert isinstance(body["content"], dict)  # the notebook itself, not its text
    # A notebook nbformat wrote comes back as the same bytes, on the service and locally.
    assert on_disk(service, f"{base}/nb.ipynb").read_bytes() == original
    back = run("download_file", P, W, f"{base}/nb.ipynb", tmp_path / "back.ipynb")
    assert back.read_bytes() == original


def test_a_notebook_file_uploaded_to_another_name_is_a_plain_file(
    run: Runner, service: LocalNotebookService, base: str, tmp_path: Path
) -> None:
    # The remote path decides, as it does for the service: a .txt holds the bytes as text.
    original = write_notebook_file(tmp_path / "nb.ipynb")
    model = run("upload_file", P, W, tmp_path / "nb.ipynb", f"{base}/nb.txt")
    assert model.type_ == ContentType.FILE
    assert on_disk(service, f"{base}/nb.txt").read_bytes() == original


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\xff\xfe not utf-8", "is not UTF-8 text"),
        (b"{not json", "its JSON does not parse"),
        (b"[1, 2]", "its JSON is not an object"),
        (b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": NaN}', "does not parse"),
        (b'{"nbformat": 3, "nbformat_minor": 0, "worksheets": []}', "not an nbformat 4 notebook"),
        (b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}', "not a valid notebook"),
        (
            b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "x"}]}',
            "not a valid notebook",
        ),
    ],
)
def test_an_invalid_notebook_is_refused_before_anything_is_sent(
    service: LocalNotebookService, base: str, tmp_path: Path, data: bytes, problem: str
) -> None:
    (tmp_path / "bad.ipynb").write_bytes(data)
    with service.client() as client, pytest.raises(ValueError, match=problem) as caught:
        client.upload_file(P, W, tmp_path / "bad.ipynb", f"{base}/bad.ipynb")
    assert "local_path" in str(caught.value)
    assert service.requests == []
    assert not on_disk(service, f"{base}/bad.ipynb").exists()


def test_upload_refusals_happen_before_anything_is_read_or_sent(
    run: Runner, service: LocalNotebookService, base: str, tmp_path: Path
) -> None:
    (tmp_path / "ok.txt").write_text("ok")
    with pytest.raises(LocalFileError, match="cannot read") as missing:
        run("upload_file", P, W, tmp_path / "missing.txt", f"{base}/a.txt")
    assert isinstance(missing.value, OSError) and isinstance(missing.value, AidpError)
    assert missing.value.errno is not None
    with pytest.raises(LocalFileError, match="is a directory"):
        run("upload_file", P, W, tmp_path, f"{base}/a.txt")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(LocalFileError, match="not a regular file"):
        run("upload_file", P, W, fifo, f"{base}/a.txt")  # refused, not read (it would block)
    # A leading '/' is taken (issue 20 item 5); a doubled one is still refused unsent.
    with pytest.raises(ValueError, match=r"remote_path '/abs\.txt' has an empty segment"):
        run("upload_file", P, W, tmp_path / "missing.txt", "//abs.txt")
    with pytest.raises(TypeError, match=r"local_path must be a str or os\.PathLike"):
        run("upload_file", P, W, b"ok.txt", f"{base}/a.txt")
    with pytest.raises(ValueError, match="if_match may contain only visible ASCII"):
        run("upload_file", P, W, tmp_path / "ok.txt", f"{base}/a.txt", if_match="a b")
    with pytest.raises(ValueError, match="workspace_key must not be blank"):
        run("upload_file", P, " ", tmp_path / "ok.txt", f"{base}/a.txt")
    assert service.requests == []


def test_a_stale_if_match_is_412_and_the_file_stays(
    run: Runner, service: LocalNotebookService, base: str, tmp_path: Path
) -> None:
    local = tmp_path / "v.txt"
    local.write_text("version 1")
    run("upload_file", P, W, local, f"{base}/v.txt")
    with service.client() as client:
        etag = client.get_content_detailed(P, W, f"{base}/v.txt", content=0).etag
    local.write_text("version 2")
    with pytest.raises(PreconditionFailedError) as caught:
        run("upload_file", P, W, local, f"{base}/v.txt", if_match="0" * 32)
    assert caught.value.status == 412
    assert on_disk(service, f"{base}/v.txt").read_text() == "version 1"
    run("upload_file", P, W, local, f"{base}/v.txt", if_match=etag)
    assert on_disk(service, f"{base}/v.txt").read_text() == "version 2"


def test_a_download_into_a_directory_takes_the_remote_name(
    run: Runner, service: LocalNotebookService, tmp_path: Path
) -> None:
    written = run("download_file", P, W, SEED_NOTEBOOK_PATH, tmp_path)
    assert written == tmp_path / "sales-analysis.ipynb"
    assert written.read_bytes() == on_disk(service, SEED_NOTEBOOK_PATH).read_bytes()


def test_a_failed_download_leaves_the_local_file_as_it_was(
    run: Runner, service: LocalNotebookService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "keep.ipynb"
    target.write_text("old")
    service.inject(Fault(status=500))
    with pytest.raises(InternalServerError):
        run("download_file", P, W, SEED_NOTEBOOK_PATH, target, client_options={"retry": None})
    assert target.read_text() == "old"

    # The write itself fails half way: the temporary file goes, the target stays.
    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(LocalFileError, match="No space left on device"):
        run("download_file", P, W, SEED_NOTEBOOK_PATH, target)
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_downloading_a_directory_is_refused(
    run: Runner, service: LocalNotebookService, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="is a directory; use download_dir"):
        run("download_file", P, W, "Workspace/Shared", tmp_path / "x")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_remote_file_is_not_found_and_nothing_is_written(
    run: Runner, service: LocalNotebookService, tmp_path: Path
) -> None:
    with pytest.raises(NotFoundError):
        run("download_file", P, W, "Workspace/none.txt", tmp_path / "none.txt")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None), (UNSET, None), ("NULL", None), (ContentFormat.NULL, None),
        ("null", None), (ContentFormat.TEXT, "text"), ("base64", "base64"), ("json", "json"),
    ],
)  # fmt: skip
def test_null_and_the_string_null_both_mean_no_format(value: object, expected: str | None) -> None:
    model = Content.from_dict({"name": "a", "path": "a", "type": "file"})
    model.format_ = value  # type: ignore[assignment]
    assert content_format(model) == expected


def test_helpers_read_a_service_that_writes_null_as_the_string_null(tmp_path: Path) -> None:
    with LocalNotebookService(null_format="NULL") as service, service.client() as client:
        entries = client.list_directory(P, W, "Workspace/Shared")
        assert entries and all(entry.format_ == ContentFormat.NULL for entry in entries)
        assert all(content_format(entry) is None for entry in entries)
        summary = client.download_dir(P, W, "Workspace/Shared", tmp_path / "shared")
        assert summary.ok and summary.files == 3
        back = (tmp_path / "shared" / "data" / "sample.bin").read_bytes()
        assert back == bytes(range(256))


# -- notebooks ---------------------------------------------------------------------------------


def test_write_then_read_a_notebook(run: Runner, service: LocalNotebookService, base: str) -> None:
    notebook = sample_notebook()
    model = run("write_notebook", P, W, f"{base}/w.ipynb", notebook)
    assert model.type_ == ContentType.NOTEBOOK
    read = run("read_notebook", P, W, f"{base}/w.ipynb")
    assert isinstance(read, nbformat.NotebookNode)
    assert read == notebook
    assert read.cells[1].outputs[0].text == "é 🎉\n"  # attribute access of a NotebookNode
    nbformat.validate(read)


def test_write_notebook_checks_a_copy_and_sends_what_nbformat_writes(
    run: Runner, service: LocalNotebookService, base: str
) -> None:
    notebook = sample_notebook()
    for cell in notebook.cells:
        del cell["id"]  # nbformat 4.5 wants ids; its validator would add them in place
    notebook.nbformat_minor = 4
    before = json.dumps(notebook, sort_keys=True)
    run("write_notebook", P, W, f"{base}/old.ipynb", notebook)
    assert json.dumps(notebook, sort_keys=True) == before
    (put,) = [r for r in service.requests if r.method == "PUT"]
    # As nbformat.writes writes it (sources as lists of lines), issue 20 item 4.
    written = nbformat.writes(nbformat.from_dict(json.loads(before)))
    assert json.loads(put.body)["content"] == json.loads(written)


def test_write_notebook_refusals(run: Runner, service: LocalNotebookService, base: str) -> None:
    invalid = sample_notebook()
    invalid.cells[0]["cell_type"] = "spreadsheet"
    with pytest.raises(ValueError, match="notebook is not a valid notebook"):
        run("write_notebook", P, W, f"{base}/x.ipynb", invalid)
    with pytest.raises(TypeError, match="notebook must be an nbformat NotebookNode or a dict"):
        run("write_notebook", P, W, f"{base}/x.ipynb", "{}")
    nan = sample_notebook()
    nan.metadata["score"] = float("nan")
    with pytest.raises(ValueError, match="cannot be sent as JSON"):
        run("write_notebook", P, W, f"{base}/x.ipynb", nan)
    with pytest.raises(ValueError, match=r"path 'a/\.\./b.ipynb' has a '\.\.' segment"):
        run("write_notebook", P, W, "a/../b.ipynb", sample_notebook())
    assert service.requests == []


def test_write_notebook_honours_if_match(
    run: Runner, service: LocalNotebookService, base: str
) -> None:
    run("write_notebook", P, W, f"{base}/n.ipynb", sample_notebook())
    before = on_disk(service, f"{base}/n.ipynb").read_bytes()
    changed = sample_notebook()
    changed.cells.pop()
    with pytest.raises(PreconditionFailedError):
        run("write_notebook", P, W, f"{base}/n.ipynb", changed, if_match="stale")
    assert on_disk(service, f"{base}/n.ipynb").read_bytes() == before


def test_read_notebook_of_a_directory_is_a_bad_request(run: Runner) -> None:
    with pytest.raises(BadRequestError, match=r"bad type|directory"):
        run("read_notebook", P, W, "Workspace/Shared")


# -- rename, export, list ----------------------------------------------------------------------


def test_rename_content(run: Runner, service: LocalNotebookService, base: str) -> None:
    for name in ("a.txt", "b.txt"):
        on_disk(service, f"{base}/{name}").write_text(name)
    moved = run("rename_content", P, W, f"{base}/a.txt", f"{base}/c.txt")
    assert moved.path == f"{base}/c.txt"
    assert on_disk(service, f"{base}/c.txt").read_text() == "a.txt"
    with pytest.raises(ConflictError) as conflict:
        run("rename_content", P, W, f"{base}/c.txt", f"{base}/b.txt")
    assert conflict.value.status == 409
    with pytest.raises(PreconditionFailedError):
        run("rename_content", P, W, f"{base}/c.txt", f"{base}/d.txt", if_match="stale")
    assert sorted(p.name for p in on_disk(service, base).iterdir()) == ["b.txt", "c.txt"]
    service.clear_requests()
    with pytest.raises(ValueError, match="new_path 'x//y' has an empty segment"):
        run("rename_content", P, W, f"{base}/c.txt", "x//y")
    assert service.requests == []


def test_export_notebook(run: Runner, service: LocalNotebookService, tmp_path: Path) -> None:
    html = run("export_notebook", P, W, SEED_NOTEBOOK_PATH, to=tmp_path / "page.html")
    assert html.startswith("<!DOCTYPE html>")
    assert "Sales analysis" in html
    assert (tmp_path / "page.html").read_bytes() == html.encode("utf-8")
    ipynb = run("export_notebook", P, W, SEED_NOTEBOOK_PATH, "ipynb")
    assert ipynb.encode("utf-8") == on_disk(service, SEED_NOTEBOOK_PATH).read_bytes()
    service.clear_requests()
    with pytest.raises(ValueError, match="format must be 'html' or 'ipynb', got 'pdf'"):
        run("export_notebook", P, W, SEED_NOTEBOOK_PATH, "pdf")
    assert service.requests == []


def test_an_ipynb_export_sent_as_an_object_reads_the_same(tmp_path: Path) -> None:
    with LocalNotebookService(export_ipynb_as="object") as service, service.client() as client:
        text = client.export_notebook(P, W, SEED_NOTEBOOK_PATH, "ipynb", to=tmp_path / "x.ipynb")
        assert text.encode("utf-8") == on_disk(service, SEED_NOTEBOOK_PATH).read_bytes()
    assert (tmp_path / "x.ipynb").read_text(encoding="utf-8") == text


def test_list_directory(run: Runner, service: LocalNotebookService) -> None:
    entries = run("list_directory", P, W, "Workspace/Shared")
    assert [(e.name, str(e.type_)) for e in entries] == [
        ("data", "directory"), ("nightly-etl.py", "file"), ("sales-analysis.ipynb", "notebook"),
    ]  # fmt: skip
    assert all(isinstance(e, Content) and e.content is None for e in entries)
    with pytest.raises(NotFoundError):
        run("list_directory", P, W, "Workspace/none")


def test_a_service_that_does_not_list_directories_says_so() -> None:
    # Only when told to list through GetContent; "auto" lists through ListWorkspaceObjects
    # then (tests/test_workspace_objects.py).
    with (
        LocalNotebookService(list_directories=False) as service,
        service.client(directory_listing="contents") as client,
    ):
        with pytest.raises(BadRequestError, match="not supported"):
            client.list_directory(P, W, "Workspace/Shared")


def test_async_local_file_work_runs_off_the_event_loop(
    service: LocalNotebookService, base: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import aidp_notebook._contents_helpers as helpers

    threads: list[threading.Thread] = []
    real = helpers.read_regular_file

    def recording(path: Path) -> bytes:
        threads.append(threading.current_thread())
        return real(path)

    monkeypatch.setattr(helpers, "read_regular_file", recording)
    (tmp_path / "a.txt").write_text("a")
    for flavour, name in (("sync", "a.txt"), ("async", "b.txt")):
        runner = Runner(service, flavour)
        runner("upload_file", P, W, tmp_path / "a.txt", f"{base}/{name}")
        runner.close()
    assert threads[0] is threading.main_thread()
    assert threads[1] is not threading.main_thread()


# -- directories -------------------------------------------------------------------------------


def make_tree(root: Path, count: int) -> dict[str, bytes]:
    """`count` files over nested directories: text, binary and notebooks."""
    rng = random.Random(count)
    files: dict[str, bytes] = {}
    for number in range(count):
        folder = f"d{number % 7}/e{number % 3}" if number % 2 else f"d{number % 5}"
        kind = number % 4
        if kind == 0:
            name, data = f"f{number}.bin", rng.randbytes(rng.randrange(1, 3000))
        elif kind == 1:
            name, data = f"f{number} ü.txt", f"line {number}\r\nzweite Zeile ✓\n".encode()
        elif kind == 2:
            notebook = nbformat.v4.new_notebook()
            notebook.cells.append(nbformat.v4.new_code_cell(f"x = {number}", id=f"c{number}"))
            name, data = f"n{number}.ipynb", nbformat.writes(notebook).encode() + b"\n"
        else:
            name, data = f"empty{number}.txt", b""
        files[f"{folder}/{name}"] = data
    (root / "empty-dir" / "deeper").mkdir(parents=True)
    for relative, data in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(data)
    return files


def test_a_tree_of_250_files_round_trips_with_its_summary(
    run: Runner, service: LocalNotebookService, base: str, tmp_path: Path
) -> None:
    source = tmp_path / "source"
    files = make_tree(source, 250)
    events: list[TransferProgress] = []
    summary = run("upload_dir", P, W, source, f"{base}/tree", on_progress=events.append)
    assert isinstance(summary, TransferSummary)
    assert (summary.files, summary.bytes) == (250, sum(len(d) for d in files.values()))
    assert (summary.skipped, summary.failed) == ([], [])
    assert summary.ok
    assert str(summary).startswith("250 files (")
    assert len(events) == 250
    assert events[-1].files_done == events[-1].files_total == 250
    assert events[-1].bytes_done == events[-1].bytes_total == summary.bytes
    assert {e.outcome for e in events} == {"transferred"}
    for relative, data in files.items():
        assert on_disk(service, f"{base}/tree/{relative}").read_bytes() == data
    assert on_disk(service, f"{base}/tree/empty-dir/deeper").is_dir()

    # Again: everything is there, so the default policy skips it all.
    again = run("upload_dir", P, W, source, f"{base}/tree")
    assert (again.files, len(again.skipped), again.failed) == (0, 250, [])
    assert {issue.reason for issue in again.skipped} == {"already in the workspace"}

    target = tmp_path / "target"
    down = run("download_dir", P, W, f"{base}/tree", target)
    assert (down.files, down.bytes, down.skipped, down.failed) == (250, summary.bytes, [], [])
    compared = filecmp.dircmp(source, target)
    assert not compared.left_only and not compared.right_only and not compared.diff_files
    for relative, data in files.items():
        assert (target / relative).read_bytes() == data
    assert (target / "empty-dir" / "deeper").is_dir()

    (target / "d0" / "f0.bin").write_bytes(b"changed locally")
    kept = run("download_dir", P, W, f"{base}/tree", target)
    assert (kept.files, len(kept.skipped)) == (0, 250)
    assert (target / "d0" / "f0.bin").read_bytes() == b"changed locally"
    replaced = run("download_dir", P, W, f"{base}/tree", target, if_exists="overwrite")
    assert (replaced.files, replaced.skipped) == (250, [])
    assert (target / "d0" / "f0.bin").read_bytes() == files["d0/f0.bin"]
    assert leftovers(target / "d0") == []
    assert all(r.signature_valid for r in service.requests)


def test_upload_dir_overwrite_replaces_and_goes_on_past_failures(
    run: Runner, service: LocalNotebookService, base: str, tmp_path: Path
) -> None:
    source = tmp_path / "source"
    (source / "sub").mkdir(parents=True)
    (source / "a.txt").write_text("new a")
    (source / "sub" / "b.bin").write_bytes(b"\x00\x01")
    (source / "sub" / "bad.ipynb").write_text("{not a notebook")
    os.mkfifo(source / "pipe")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not to be uploaded")
    (source / "link").symlink_to(outside, target_is_directory=True)
    on_disk(service, f"{base}/up").mkdir()
    on_disk(service, f"{base}/up/a.txt").write_text("old a")
    summary = run("upload_dir", P, W, source, f"{base}/up", if_exists="overwrite")
    assert (summary.files, summary.bytes) == (2, len("new a") + 2)
    assert [(i.path, "not a notebook" in i.reason) for i in summary.failed] == [
        ("sub/bad.ipynb", True)
    ]
    assert sorted(i.path for i in summary.skipped) == ["link", "pipe"]
    assert not summary.ok
    assert on_disk(service, f"{base}/up/a.txt").read_text() == "new a"
    assert not on_disk(service, f"{base}/up/sub/bad.ipynb").exists()
    assert not on_disk(service, f"{base}/up/link").exists()


def test_one_failing_file_does_not_stop_the_others(
    run: Runner, service: LocalNotebookService, base: str, tmp_path: Path
) -> None:
    source = tmp_path / "flat"
    source.mkdir()
    for number in range(5):
        (source / f"f{number}.txt").write_text(str(number))
    # Requests: PUT of the directory, then a PUT per file (overwrite: no listing).
    service.inject(Fault(), count=3)
    service.inject(Fault(status=500))
    summary = run(
        "upload_dir", P, W, source, f"{base}/flat", if_exists="overwrite",
        client_options={"retry": None},
    )  # fmt: skip
    assert summary.files == 4
    assert [issue.path for issue in summary.failed] == ["f2.txt"]
    assert "500" in summary.failed[0].reason
    assert sorted(p.name for p in on_disk(service, f"{base}/flat").iterdir()) == [
        "f0.txt", "f1.txt", "f3.txt", "f4.txt",
    ]  # fmt: skip


def test_download_dir_refuses_names_that_would_leave_the_directory(
    run: Runner, service: LocalNotebookService, base: str, tmp_path: Path
) -> None:
    on_disk(service, f"{base}/ok.txt").write_text("fine")
    entry = {"type": "file", "format": None, "content": None}
    listing = {
        "name": base, "path": base, "type": "directory", "format": "json",
        "content": [
            {**entry, "name": "..", "path": f"{base}/.."},
            {**entry, "name": "../../escape.txt", "path": "escape.txt"},
            {**entry, "name": "a\\b.txt", "path": f"{base}/a\\b.txt"},
            {**entry, "name": "bell\x07.txt", "path": f"{base}/bell.txt"},
            {**entry, "name": "ok.txt", "path": f"{base}/ok.txt"},
            {**entry, "name": "ok.txt", "path": f"{base}/ok.txt"},
        ],
    }  # fmt: skip
    service.inject(Fault(status=200, body=listing))
    target = tmp_path / "inside" / "target"
    summary = run("download_dir", P, W, base, target)
    assert summary.files == 1
    assert (target / "ok.txt").read_text() == "fine"
    assert len(summary.failed) == 4
    assert sorted(os.listdir(tmp_path)) == ["inside"]
    assert sorted(os.listdir(tmp_path / "inside")) == ["target"]
    assert sorted(os.listdir(target)) == ["ok.txt"]


def test_download_dir_never_writes_through_a_symbolic_link(
    run: Runner, service: LocalNotebookService, base: str, tmp_path: Path
) -> None:
    on_disk(service, f"{base}/sub").mkdir()
    on_disk(service, f"{base}/sub/x.txt").write_text("x")
    on_disk(service, f"{base}/top.txt").write_text("top")
    outside = tmp_path / "outside"
    outside.mkdir()
    target = tmp_path / "target"
    target.mkdir()
    (target / "sub").symlink_to(outside, target_is_directory=True)
    summary = run("download_dir", P, W, base, target)
    assert summary.files == 1
    assert [issue.path for issue in summary.failed] == ["sub/", "sub/x.txt"]
    assert list(outside.iterdir()) == []
    assert (target / "top.txt").read_text() == "top"


def test_transfer_arguments_are_checked_first(
    run: Runner, service: LocalNotebookService, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="if_exists must be 'skip'"):
        run("upload_dir", P, W, tmp_path, "Workspace/x", if_exists="replace")
    with pytest.raises(TypeError, match="on_progress must be a callable"):
        run("download_dir", P, W, "Workspace", tmp_path, on_progress="print")
    with pytest.raises(ValueError, match="remote_dir"):
        run("download_dir", P, W, "Workspace/", tmp_path)
    with pytest.raises(LocalFileError, match="is not a directory"):
        run("upload_dir", P, W, tmp_path / "none", "Workspace/x")
    assert service.requests == []
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def dead_endpoint() -> str:
    """A loopback port nothing listens on (bound, then let go)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_a_service_that_cannot_be_reached_ends_a_transfer(
    service: LocalNotebookService, tmp_path: Path, dead_endpoint: str
) -> None:
    (tmp_path / "a.txt").write_text("a")
    from aidp_notebook import NotebookClient

    with NotebookClient(service.config, service_endpoint=dead_endpoint, retry=None) as client:
        with pytest.raises(TransportError):
            client.upload_dir(P, W, tmp_path, "Workspace/x")


def test_a_download_dir_of_something_that_is_not_a_directory_fails_whole(
    run: Runner, tmp_path: Path
) -> None:
    with pytest.raises(BadRequestError):
        run("download_dir", P, W, SEED_NOTEBOOK_PATH, tmp_path / "x")
    with pytest.raises(NotFoundError):
        run("download_dir", P, W, "Workspace/none", tmp_path / "y")
    assert list(tmp_path.iterdir()) == []


def test_invalid_response_content_is_reported_with_its_request_id(
    service: LocalNotebookService, tmp_path: Path
) -> None:
    body = {"name": "x.bin", "path": "x.bin", "type": "file", "format": "base64", "content": "@@"}
    service.inject(Fault(status=200, body=body, headers={"opc-request-id": "REQ123"}))
    with service.client() as client, pytest.raises(InvalidResponseError) as caught:
        client.download_file(P, W, "Workspace/x.bin", tmp_path / "x.bin")
    assert caught.value.opc_request_id == "REQ123"
    assert "not valid base64" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_cancelled_async_download_leaves_only_whole_files(
    service: LocalNotebookService, base: str, tmp_path: Path
) -> None:
    files = {f"f{n:02}.bin": random.Random(n).randbytes(5000) for n in range(30)}
    for name, data in files.items():
        on_disk(service, f"{base}/{name}").write_bytes(data)
    target = tmp_path / "target"
    seen: list[str] = []

    async def scenario() -> None:
        async with service.async_client() as client:

            def on_progress(event: TransferProgress) -> None:
                seen.append(event.path)
                if len(seen) == 10:
                    task = asyncio.current_task()
                    assert task is not None
                    task.cancel()  # as a caller's timeout or Ctrl-C would

            with pytest.raises(asyncio.CancelledError):
                await client.download_dir(P, W, base, target, on_progress=on_progress)

    asyncio.run(scenario())
    written = sorted(p.name for p in target.iterdir())
    assert written == sorted(seen) == [f"f{n:02}.bin" for n in range(10)]
    for name in written:
        assert (target / name).read_bytes() == files[name]
    assert leftovers(target) == []
