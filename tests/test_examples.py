"""The scripts in examples/ run, locally and through the --profile path, and say what they should."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    LocalNotebookService,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
IDS = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID)


def _run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def _lines(script: str, *args: str) -> list[str]:
    result = _run(script, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.fixture(scope="module")
def seed_name(module_service: LocalNotebookService) -> str:
    stored = module_service.get_session_json(*IDS)
    assert stored is not None
    return str(stored["name"])


def test_get_session(seed_name: str) -> None:
    assert _lines("get_session.py") == [
        f"{seed_name} (notebook) is ACTIVE",
        "  kernel python3: idle",
    ]


def test_handle_errors(seed_name: str) -> None:
    lines = _lines("handle_errors.py")
    assert lines[0] == f"{SEED_SESSION_ID}: {seed_name}, after 1 attempt(s)"
    assert lines[1] == "no-such-session: not found or not authorized (NotAuthorizedOrNotFound)"
    assert lines[2].startswith("  quote opc-request-id ")
    assert lines[3] == f"{SEED_SESSION_ID}: {seed_name}, after 3 attempt(s)"
    assert lines[4].startswith("refused locally: session_id must not be blank")
    assert lines[5] == "bad configuration (file_location): /no/such/oci/config not found"
    assert lines[6] == f"{SEED_SESSION_ID}: the service answered 503 ServiceUnavailable"
    assert len(lines) == 7


def test_async_fan_out(seed_name: str) -> None:
    assert _lines("async_fan_out.py") == [
        f"{seed_name}: ACTIVE",
        *(f"report-{n}.ipynb: ACTIVE" for n in range(1, 6)),
        "no-such-session: failed: NotFoundError",
        "6 of 7 sessions fetched",
    ]


def test_instance_principals_runs_the_token_path_locally(seed_name: str) -> None:
    assert _lines("instance_principals.py") == [
        f"{seed_name} is ACTIVE",
        "signed with a security token: True; verified: True",
    ]


def test_jupyter_kernel_is_a_process_until_the_session_is_deleted() -> None:
    pytest.importorskip("jupyter_server", reason="the jupyter extra")
    lines = _lines("jupyter_kernel.py")
    assert lines[:2] == ["created /examples/hello.ipynb: CREATING", "ACTIVE, kernel python3 idle"]
    running = re.fullmatch(r"kernel process (\d+) is running", lines[2])
    assert running is not None, lines
    assert lines[3:] == [f"deleted; kernel process {running.group(1)} is gone"]


def test_jupyter_kernel_through_an_oci_profile(
    service: LocalNotebookService, tmp_path: Path
) -> None:
    config_file = service.write_config_file(tmp_path, profile="EXAMPLE")
    lines = _lines(
        "jupyter_kernel.py",
        "--profile", "EXAMPLE",
        "--config-file", str(config_file),
        "--endpoint", service.endpoint,
        "--platform-id", SEED_AI_DATA_PLATFORM_ID,
        "--workspace-key", SEED_WORKSPACE_KEY,
    )  # fmt: skip
    # The in-memory service activates at once; nothing to look for in the process table.
    assert lines == [
        "created /examples/hello.ipynb: ACTIVE",
        "ACTIVE, kernel python3 idle",
        "deleted",
    ]
    assert [r.method for r in service.requests] == ["POST", "GET", "DELETE"]
    assert service.get_session_json(*IDS) is not None  # the seed session is untouched
    usage = _run("jupyter_kernel.py", "--profile", "X")
    assert usage.returncode == 2
    assert "--profile needs --platform-id and --workspace-key" in usage.stderr


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("get_session.py", "{name} (notebook) is ACTIVE"),
        ("handle_errors.py", f"{SEED_SESSION_ID}: {{name}}, after 1 attempt(s)"),
        ("async_fan_out.py", "1 of 1 sessions fetched"),
    ],
)
def test_profile_path_reads_an_oci_config(
    service: LocalNotebookService, tmp_path: Path, seed_name: str, script: str, expected: str
) -> None:
    # The OCI branch, pointed at the local service: from_file, the profile, the key file.
    config_file = service.write_config_file(tmp_path, profile="EXAMPLE")
    lines = _lines(
        script,
        "--profile", "EXAMPLE",
        "--config-file", str(config_file),
        "--endpoint", service.endpoint,
        "--platform-id", SEED_AI_DATA_PLATFORM_ID,
        "--workspace-key", SEED_WORKSPACE_KEY,
        "--session-id", SEED_SESSION_ID,
    )  # fmt: skip
    assert expected.format(name=seed_name) in lines
    assert service.requests and all(r.signature_valid for r in service.requests)


@pytest.mark.parametrize(
    ("script", "flag"),
    [
        ("get_session.py", "--profile"),
        ("handle_errors.py", "--profile"),
        ("async_fan_out.py", "--profile"),
        ("instance_principals.py", "--region"),
    ],
)
def test_oci_path_without_ids_is_a_usage_error(script: str, flag: str) -> None:
    result = _run(script, flag, "X")
    assert result.returncode == 2
    assert f"{flag} needs --platform-id, --workspace-key and --session-id" in result.stderr
