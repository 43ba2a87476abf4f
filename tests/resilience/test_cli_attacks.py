"""The command line as an attacker would drive it, or a hostile service answer it.

Against LocalNotebookService over loopback: --raw-output keeps a file's bytes, --debug
escapes what the service sent, and a malformed --query is a usage error (exit 2).
"""

from __future__ import annotations

import contextlib
import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from aidp_notebook.cli import main
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)
from hypothesis import given
from hypothesis import strategies as st

from .conftest import examples

CONSOLE_SCRIPT = Path(sys.executable).parent / "aidp-notebook"
WORKSPACE = [
    "--ai-data-platform-id",
    SEED_AI_DATA_PLATFORM_ID,
    "--workspace-key",
    SEED_WORKSPACE_KEY,
]
SESSION = [*WORKSPACE, "--session-id", SEED_SESSION_ID]
TRICKY = "a\tb\rc\r\nd\u00a0e \U0001f468\u200d\U0001f469\u200d\U0001f467 \x1b[31mred\x1b[0m \x7f\u202e end"


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCI_CLI_")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _argv(service: LocalNotebookService, tmp_path: Path, *argv: str) -> list[str]:
    config = service.write_config_file(tmp_path / "oci")
    return [
        str(CONSOLE_SCRIPT),
        "--config-file",
        str(config),
        "--endpoint",
        service.endpoint,
        *argv,
    ]


def _cli(
    service: LocalNotebookService, tmp_path: Path, *argv: str
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        _argv(service, tmp_path, *argv),
        capture_output=True,
        timeout=60,
        env=_environment(),
        check=False,
    )


def _upload(service: LocalNotebookService, name: str, text: str) -> None:
    (service.contents_root / name).write_bytes(text.encode("utf-8"))


# -- 1. --raw-output ------------------------------------------------------------------------


def test_raw_output_into_a_file_keeps_every_byte(
    service: LocalNotebookService, tmp_path: Path
) -> None:
    _upload(service, "tricky.txt", TRICKY)
    saved = tmp_path / "saved"
    with saved.open("wb") as out:
        done = subprocess.run(
            _argv(service, tmp_path, "contents", "get", *WORKSPACE, "--path", "tricky.txt",
                  "--query", "data.content", "--raw-output"),
            stdout=out, stderr=subprocess.PIPE, timeout=60, env=_environment(), check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert saved.read_bytes() == TRICKY.encode("utf-8")


def test_raw_output_into_a_pipe_keeps_every_byte(
    service: LocalNotebookService, tmp_path: Path
) -> None:
    _upload(service, "tricky2.txt", TRICKY)
    done = _cli(service, tmp_path, "contents", "get", *WORKSPACE, "--path", "tricky2.txt",
                "--query", "data.content", "--raw-output")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == TRICKY.encode("utf-8")


def test_raw_output_on_a_terminal_escapes_escape(
    service: LocalNotebookService, tmp_path: Path
) -> None:
    _upload(service, "tricky3.txt", TRICKY)
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            _argv(service, tmp_path, "contents", "get", *WORKSPACE, "--path", "tricky3.txt",
                  "--query", "data.content", "--raw-output"),
            stdout=follower, stderr=subprocess.PIPE, env=_environment(),
        )  # fmt: skip
        os.close(follower)
        follower = -1
        printed = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            printed += chunk
        assert process.wait(timeout=60) == 0
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    assert b"\x1b" not in printed
    assert b"\\x1b[31mred" in printed


# -- 2. --debug ---------------------------------------------------------------------------------


def test_debug_traceback_escapes_the_services_message(
    service: LocalNotebookService, tmp_path: Path
) -> None:
    hostile = "gone\x1b[2J\x1b]0;pwned\x07\x1b]8;;http://evil\x1b\\link\r\x9b31m"
    service.inject(Fault(status=404, body={"code": "NotFound\x1b[2J", "message": hostile}))
    done = _cli(service, tmp_path, "--debug", "--no-retry", "session", "get", *SESSION)
    assert done.returncode == 4
    assert b"Traceback" in done.stderr
    controls = {byte for byte in done.stderr if (byte < 0x20 and byte != 0x0A) or byte == 0x7F}
    assert not controls, done.stderr
    assert "\x9b" not in done.stderr.decode("utf-8")
    assert b"\\x1b[2J" in done.stderr


# -- 3. --query -----------------------------------------------------------------------------


def _run_query(base: list[str], expression: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*base, "--query", expression, "session", "get", *SESSION])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def base(service: LocalNotebookService, tmp_path: Path) -> list[str]:
    config = service.write_config_file(tmp_path / "oci")
    return ["--config-file", str(config), "--endpoint", service.endpoint]


@pytest.mark.parametrize("depth", [3_000, 100_000])
def test_deeply_nested_query_is_a_usage_error(base: list[str], depth: int) -> None:
    for expression in ("[" * depth, "(" * depth + "a" + ")" * depth, "!" * depth + "a"):
        code, _, err = _run_query(base, expression)
        assert code == 2, err[-500:]
        assert "Traceback" not in err
        assert "--query" in err.strip().splitlines()[-1]
        assert "nested too deeply" in err or "JMESPath" in err


@examples(120)
@given(st.text(alphabet="[]{}()'\"`.|&!<>=,:*@?-0123456789abc \\", max_size=40))
def test_malformed_queries_exit_0_or_2_never_a_traceback(base: list[str], expression: str) -> None:
    code, _, err = _run_query(base, expression)
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert "--query" in err.strip().splitlines()[-1]


def test_a_query_for_a_missing_key_says_so(service: LocalNotebookService, tmp_path: Path) -> None:
    done = _cli(service, tmp_path, "--query", "data.noSuchKey", "session", "get", *SESSION)
    assert done.returncode == 0, done.stderr
    assert done.stdout == b"null\n"
    assert b"data.noSuchKey" in done.stderr and b"matched nothing" in done.stderr


def test_a_query_that_fails_on_the_data_is_a_usage_error(
    service: LocalNotebookService, tmp_path: Path
) -> None:
    done = _cli(service, tmp_path, "--query", "abs(data.name)", "session", "get", *SESSION)
    assert done.returncode == 2, done.stderr
    assert b"Traceback" not in done.stderr and b"--query" in done.stderr
