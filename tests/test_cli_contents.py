"""`aidp-notebook contents ...`: the contents commands, in-process, against the local service.

The same habits as the session commands: `{"data": ..., "etag": ...}` JSON, --query,
tables, option values checked before anything runs (exit 2), one exit code per kind
of failure, and a progress bar on a terminal for directory transfers.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from aidp_notebook.cli import main
from aidp_notebook.cli._transfer_progress import transfer_progress
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_NOTEBOOK_PATH,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)
from aidp_notebook.testing._contents import notebook_bytes

WORKSPACE = [
    "--ai-data-platform-id",
    SEED_AI_DATA_PLATFORM_ID,
    "--workspace-key",
    SEED_WORKSPACE_KEY,
]
OCI_VARIABLES = ("OCI_CLI_CONFIG_FILE", "OCI_CLI_PROFILE", "OCI_CLI_AUTH", "OCI_CLI_REGION")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in OCI_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def module_service() -> Any:
    with LocalNotebookService() as service:
        yield service


class Run:
    """main(argv) in-process; the exit code and what it printed."""

    def __init__(self, capsys: pytest.CaptureFixture[str], config: Path, endpoint: str) -> None:
        self.capsys = capsys
        self.base = ["--config-file", str(config), "--endpoint", endpoint]

    def __call__(self, *argv: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main([*self.base, *argv])
        out, err = self.capsys.readouterr()
        return code, out, err

    def contents(self, action: str, *argv: str) -> tuple[int, str, str]:
        return self("contents", action, *WORKSPACE, *argv)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], service: LocalNotebookService, tmp_path: Path) -> Run:
    return Run(capsys, service.write_config_file(tmp_path / "oci"), service.endpoint)


_fresh = iter(range(10**6))


@pytest.fixture
def base(service: LocalNotebookService) -> str:
    path = f"cli{next(_fresh)}"
    (service.contents_root / path).mkdir()
    return path


def test_ls_as_json_and_as_a_table(run: Run) -> None:
    code, out, err = run.contents("ls", "--path", "Workspace/Shared")
    assert (code, err) == (0, "")
    names = [entry["name"] for entry in json.loads(out)["data"]]
    assert names == ["data", "nightly-etl.py", "sales-analysis.ipynb"]
    code, out, _ = run("--output", "table", "contents", "ls", *WORKSPACE, "--path", "Workspace")
    assert code == 0
    assert re.match(r"NAME +TYPE +SIZE +LAST MODIFIED\n", out)
    assert re.search(r"^Shared +directory +- +", out, re.MULTILINE)
    code, out, _ = run("--query", "data[?type=='notebook'].name", "contents", "ls",
                       *WORKSPACE, "--path", "Workspace/Shared")  # fmt: skip
    assert json.loads(out) == ["sales-analysis.ipynb"]


def test_an_empty_directory_is_said_to_be_empty(run: Run, base: str) -> None:
    code, out, _ = run("--output", "table", "contents", "ls", *WORKSPACE, "--path", base)
    assert (code, out) == (0, "Empty directory.\n")


def test_get_prints_the_model_and_its_etag(run: Run, service: LocalNotebookService) -> None:
    code, out, _ = run.contents("get", "--path", "Workspace/Shared/nightly-etl.py")
    assert code == 0
    document = json.loads(out)
    assert document["etag"]
    assert document["data"]["content"] == "# Nightly ETL\nprint('extract, transform, load')\n"
    code, out, _ = run("--query", "data.content", "--raw-output", "contents", "get", *WORKSPACE,
                       "--path", "Workspace/Shared/nightly-etl.py", "--format", "base64")  # fmt: skip
    assert out.strip() == "IyBOaWdodGx5IEVUTApwcmludCgnZXh0cmFjdCwgdHJhbnNmb3JtLCBsb2FkJykK"
    code, out, _ = run("--output", "table", "contents", "get", *WORKSPACE, "--path",
                       SEED_NOTEBOOK_PATH, "--no-content", "--hash")  # fmt: skip
    assert re.search(r"^Type +notebook$", out, re.MULTILINE)
    assert re.search(r"^Content +-$", out, re.MULTILINE)
    assert re.search(r"^Format +(\S+)$", out, re.MULTILINE).group(1) == "-"  # type: ignore[union-attr]


def test_upload_download_rename_export_delete(
    run: Run, service: LocalNotebookService, base: str, tmp_path: Path
) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell("print(1)", id="one"))
    local = tmp_path / "nb.ipynb"
    nbformat.write(notebook, str(local))
    code, out, _ = run.contents("upload", "--path", f"{base}/nb.ipynb", "--file", str(local))
    assert code == 0
    assert json.loads(out)["data"]["type"] == "notebook"
    code, out, _ = run.contents(
        "rename", "--path", f"{base}/nb.ipynb", "--new-path", f"{base}/b.ipynb"
    )
    assert (code, json.loads(out)["data"]["path"]) == (0, f"{base}/b.ipynb")
    assert json.loads(out)["etag"]
    page = tmp_path / "b.html"
    code, out, _ = run.contents("export", "--path", f"{base}/b.ipynb", "--file", str(page))
    assert code == 0
    assert json.loads(out)["data"] == {
        "path": f"{base}/b.ipynb", "format": "html", "file": str(page.resolve()),
        "size": page.stat().st_size,
    }  # fmt: skip
    assert page.read_text().startswith("<!DOCTYPE html>")
    code, out, _ = run.contents("export", "--path", f"{base}/b.ipynb", "--format", "ipynb")
    assert json.loads(json.loads(out)["data"]["content"]) == json.loads(local.read_text())
    back = tmp_path / "back"
    back.mkdir()
    code, out, _ = run.contents("download", "--path", f"{base}/b.ipynb", "--file", str(back))
    assert code == 0
    assert json.loads(out)["data"]["file"] == str((back / "b.ipynb").resolve())
    assert (back / "b.ipynb").read_bytes() == local.read_bytes()
    code, out, err = run.contents("delete", "--path", f"{base}/b.ipynb")
    assert (code, out, err) == (0, "", f"Deleted {base}/b.ipynb.\n")
    assert list((service.contents_root / base).iterdir()) == []


def test_option_values_are_checked_before_anything_runs(
    run: Run, service: LocalNotebookService, tmp_path: Path
) -> None:
    (tmp_path / "bad.ipynb").write_text("{")
    cases = [
        (("ls", "--path", "/Workspace"), "argument --path: --path '/Workspace' has an empty segment"),
        (("ls", "--path", "a/../b"), "'..' segment"),
        (("upload", "--path", "a.txt", "--file", str(tmp_path / "none")), "no such file"),
        (("upload", "--path", "a.txt", "--file", str(tmp_path)), "not a regular file"),
        (("upload-dir", "--path", "a", "--dir", str(tmp_path / "none")), "no such directory"),
        (("download", "--path", "a.txt", "--file", str(tmp_path / "x" / "y")), "does not exist"),
        (("rename", "--path", "a", "--new-path", "b//c"), "--new-path 'b//c' has an empty segment"),
        (("export", "--path", "a.ipynb", "--format", "pdf"), "invalid choice: 'pdf'"),
        (("ls", "--path", "a", "--content-path-encoding", "x"), "invalid choice: 'x'"),
        (("upload", "--path", "a.ipynb", "--file", str(tmp_path / "bad.ipynb")),
         "--file: local_path"),
    ]  # fmt: skip
    for argv, message in cases:
        code, out, err = run.contents(*argv)
        assert (code, out) == (2, ""), argv
        assert message in err, (argv, err)
    assert service.requests == []


def test_failures_have_their_exit_codes(
    run: Run, service: LocalNotebookService, base: str, tmp_path: Path
) -> None:
    code, _, err = run.contents("get", "--path", f"{base}/none.txt")
    assert code == 4
    assert "404" in err and "--path" in err  # the hint names the options that name the file
    (service.contents_root / base / "a.txt").write_text("a")
    (service.contents_root / base / "b.txt").write_text("b")
    code, _, err = run.contents("rename", "--path", f"{base}/a.txt", "--new-path", f"{base}/b.txt")
    assert code == 4 and "409" in err
    code, _, err = run.contents("delete", "--path", f"{base}/a.txt", "--if-match", "stale")
    assert code == 4 and "412" in err
    target = tmp_path / "locked"
    target.mkdir()
    code, _, err = run.contents(
        "download", "--path", f"{base}/a.txt", "--file", str(target / "a.txt" / "x")
    )
    assert code == 2  # its directory does not exist: an option value
    (target / "a.txt").mkdir()
    code, _, err = run.contents(
        "download", "--path", f"{base}/a.txt", "--file", str(target / "a.txt")
    )
    assert code == 0  # a directory: the file goes into it
    assert (target / "a.txt" / "a.txt").read_text() == "a"


def test_a_local_file_that_cannot_be_written_exits_8(
    run: Run,
    service: LocalNotebookService,
    base: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    (service.contents_root / base / "a.txt").write_text("a")

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    code, out, err = run.contents(
        "download", "--path", f"{base}/a.txt", "--file", str(tmp_path / "a.txt")
    )
    assert (code, out) == (8, "")
    assert "No space left on device" in err
    assert not (tmp_path / "a.txt").exists()


def test_directory_round_trip_with_summaries(
    run: Run, service: LocalNotebookService, base: str, tmp_path: Path
) -> None:
    source = tmp_path / "src"
    (source / "sub").mkdir(parents=True)
    for number in range(30):
        (source / ("sub" if number % 2 else "") / f"f{number}.txt").write_text(f"file {number}\n")
    (source / "n.ipynb").write_bytes(notebook_bytes(nbformat.v4.new_notebook()))
    code, out, err = run.contents("upload-dir", "--path", f"{base}/tree", "--dir", str(source))
    assert (code, err) == (0, "")  # no progress bar: stderr is not a terminal
    summary = json.loads(out)["data"]
    assert (summary["files"], summary["skipped"], summary["failed"]) == (31, [], [])
    code, out, _ = run("--output", "table", "contents", "upload-dir", *WORKSPACE, "--path",
                       f"{base}/tree", "--dir", str(source))  # fmt: skip
    assert out.startswith("0 files (0 bytes) transferred, 31 skipped, 0 failed.\nSkipped:\n")
    target = tmp_path / "dst"
    code, out, _ = run.contents("download-dir", "--path", f"{base}/tree", "--dir", str(target))
    assert (code, json.loads(out)["data"]["files"]) == (0, 31)
    for path in source.rglob("*"):
        if path.is_file():
            assert (target / path.relative_to(source)).read_bytes() == path.read_bytes()


def test_a_transfer_with_failures_exits_7_and_lists_them(
    run: Run, service: LocalNotebookService, base: str, tmp_path: Path
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "good.txt").write_text("good")
    (source / "bad.ipynb").write_text("not a notebook")
    code, out, err = run("--output", "table", "contents", "upload-dir", *WORKSPACE,
                         "--path", f"{base}/t", "--dir", str(source))  # fmt: skip
    assert code == 7
    assert err == ""
    assert "1 file (4 bytes) transferred, 0 skipped, 1 failed." in out
    assert re.search(r"^Failed:\n  bad\.ipynb: .*not a notebook", out, re.MULTILINE)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_directory_transfers_draw_a_progress_bar_on_a_terminal(
    run: Run,
    service: LocalNotebookService,
    base: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for number in range(12):
        (source / f"f{number}.txt").write_text("x" * 100)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code, out, _ = run.contents("upload-dir", "--path", f"{base}/p", "--dir", str(source))
    assert code == 0
    drawn = terminal.getvalue()
    assert "Uploading" in drawn
    assert "12/12" in drawn and "files" in drawn
    assert "1.2 kB" in drawn
    assert json.loads(out)["data"]["files"] == 12


def test_the_progress_bar_cannot_be_driven_by_file_names() -> None:
    from aidp_notebook import TransferProgress

    terminal = Terminal()
    with transfer_progress(terminal, "Down [bold]loading") as on_progress:
        assert on_progress is not None
        on_progress(TransferProgress("evil\x1b[2J[red]name", "transferred", 1, 1, 1, 1, 1))
    drawn = terminal.getvalue()
    assert "\x1b[2J" not in drawn  # the escape sequence of the name is shown escaped
    assert "\\x1b[2J[red]name" in drawn
    assert "[bold]loading" in drawn  # markup in the label is shown, not applied
    with transfer_progress(io.StringIO(), "x") as nothing:
        assert nothing is None


def test_local_service_serves_a_given_contents_root(tmp_path: Path) -> None:
    from aidp_notebook.cli._local import _service, banner
    from aidp_notebook.cli._main import build_parser

    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "hello.txt").write_text("hello")
    args = build_parser().parse_args(["local-service", "--contents-root", str(tmp_path / "root")])
    service = _service(args)
    try:
        assert service.contents_root == (tmp_path / "root").resolve()
        text = banner(service, service.write_config_file(tmp_path / "cfg"))
        assert f"contents root: {(tmp_path / 'root').resolve()}" in text
        assert "contents ls" in text
        with service.client() as client:
            got = client.get_content(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, "hello.txt")
            assert got.content == "hello"
    finally:
        service.stop()
    assert (tmp_path / "root" / "hello.txt").read_text() == "hello"  # kept
    args.contents_root = str(tmp_path / "none")
    with pytest.raises(Exception, match="--contents-root"):
        _service(args)


def test_the_encoding_option_reaches_the_wire(run: Run, service: LocalNotebookService) -> None:
    code, _, _ = run.contents("ls", "--path", "Workspace/Shared", "--content-path-encoding", "path")
    assert code == 0
    code, _, _ = run.contents("ls", "--path", "Workspace/Shared")
    assert code == 0
    literal, encoded = (r.target.split("?")[0] for r in service.requests)
    assert literal.endswith("/contents/Workspace/Shared")
    assert encoded.endswith("/contents/Workspace%2FShared")


def test_a_retried_transfer_file_is_counted_once(
    run: Run, service: LocalNotebookService, base: str, tmp_path: Path
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.txt").write_text("a")
    service.inject(Fault(), count=1)  # the directory
    service.inject(Fault(status=503))  # the file's first PUT: retried
    code, out, _ = run.contents(
        "upload-dir", "--path", f"{base}/r", "--dir", str(source), "--if-exists", "overwrite"
    )
    assert code == 0
    assert json.loads(out)["data"]["files"] == 1
    puts = [r.status for r in service.requests if r.method == "PUT"]
    assert puts == [201, 503, 201]


def test_create_makes_untitled_files_and_copies(
    run: Run, service: LocalNotebookService, base: str
) -> None:
    code, out, _ = run.contents("create", "--path", base, "--type", "notebook")
    assert code == 0
    document = json.loads(out)
    assert document["data"]["path"] == f"{base}/Untitled.ipynb" and document["etag"]
    code, out, _ = run.contents("create", "--path", base, "--copy-from", SEED_NOTEBOOK_PATH,
                                "--opc-retry-token", "copy-1")  # fmt: skip
    assert json.loads(out)["data"]["path"] == f"{base}/sales-analysis.ipynb"
    code, out, _ = run.contents("create", "--path", base, "--copy-from", SEED_NOTEBOOK_PATH,
                                "--opc-retry-token", "copy-1")  # fmt: skip
    assert json.loads(out)["data"]["path"] == f"{base}/sales-analysis.ipynb"  # replayed
    assert sorted(p.name for p in (service.contents_root / base).iterdir()) == [
        "Untitled.ipynb", "sales-analysis.ipynb",
    ]  # fmt: skip
    code, _, err = run.contents("create", "--path", base, "--ext", " ")
    assert code == 2 and "--ext" in err


# Every operation of the API, as (method, route) of the requests the service received.
ROUTES = {
    ("GET", "sessions"): "ListSessions",
    ("POST", "sessions"): "CreateSession",
    ("GET", "sessions/ID"): "GetSession",
    ("PATCH", "sessions/ID"): "PatchSession",
    ("DELETE", "sessions/ID"): "DeleteSession",
    ("GET", "contents"): "GetContent",
    ("POST", "contents"): "CreateContent",
    ("PUT", "contents"): "UpdateContent",
    ("PATCH", "contents"): "ModifyContent",
    ("DELETE", "contents"): "DeleteContent",
    ("POST", "export"): "ExportContents",
}


def _route(target: str) -> str:
    tail = target.split("/notebook/api/", 1)[1].split("?", 1)[0]
    if tail.startswith("actions/export/contents/"):
        return "export"
    if tail.startswith("contents/"):
        return "contents"
    return "sessions/ID" if tail.startswith("sessions/") else "sessions"


def test_the_command_line_runs_all_eleven_operations_signed(
    run: Run, service: LocalNotebookService, base: str, tmp_path: Path
) -> None:
    local = tmp_path / "nb.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), str(local))
    nb = f"{base}/nb.ipynb"
    assert run.contents("upload", "--path", nb, "--file", str(local))[0] == 0
    assert run.contents("create", "--path", base, "--type", "directory")[0] == 0
    assert run.contents("get", "--path", nb, "--no-content")[0] == 0
    assert run.contents("rename", "--path", nb, "--new-path", f"{base}/n2.ipynb")[0] == 0
    assert run.contents("export", "--path", f"{base}/n2.ipynb")[0] == 0
    code, out, _ = run("--query", "data.id", "--raw-output", "session", "create", *WORKSPACE,
                       "--name", "all", "--path", f"{base}/n2.ipynb")  # fmt: skip
    assert code == 0
    session = ["--session-id", out.strip()]
    assert run("session", "get", *WORKSPACE, *session)[0] == 0
    assert run("session", "list", *WORKSPACE)[0] == 0
    assert run("session", "rename", *WORKSPACE, *session, "--name", "all2")[0] == 0
    assert run("session", "delete", *WORKSPACE, *session)[0] == 0
    assert run.contents("delete", "--path", f"{base}/n2.ipynb")[0] == 0
    seen = {ROUTES[(r.method, _route(r.target))] for r in service.requests}
    assert seen == set(ROUTES.values())
    assert all(r.signature_valid and r.status < 400 for r in service.requests)
