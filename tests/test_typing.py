"""Honest signatures: what help() and mypy see of the clients' constructors and methods.

mypy --strict runs on a small user program: the lines marked `# ok` must pass, and every
line marked `# error: <text>` must be reported with that text, so a misspelled or
mistyped option is caught before the program runs.
"""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
import typing
from pathlib import Path

import httpx
import pytest
from aidp_notebook import AsyncNotebookClient, NotebookClient, RetryPolicy, Session
from aidp_notebook._client import Signer

ROOT = Path(__file__).resolve().parent.parent

USER_PROGRAM = """\
import httpx
from aidp_notebook import AsyncNotebookClient, NotebookClient, RetryPolicy, Session, SessionSummary

cfg = {"region": "us-ashburn-1"}
client = NotebookClient(cfg, service_endpoint="https://x", timeout=(5, 30), retry=RetryPolicy(), http_client=httpx.Client())  # ok
from_file = NotebookClient.from_file("~/.oci/config", "DEFAULT", timeout=10.0, retry=None)  # ok
aclient = AsyncNotebookClient.from_file(http_client=httpx.AsyncClient())  # ok
session: Session = client.get_session("p", "w", "s")  # ok
listed: list[SessionSummary] = client.list_sessions("p", "w", path="/x.ipynb")  # ok
etag: str | None = client.get_session_detailed("p", "w", "s").etag  # ok
patient: NotebookClient = client.with_options(timeout=None, retry=None, headers={"x-a": "b"})  # ok
NotebookClient(cfg, servce_endpoint="https://x")  # error: Unexpected keyword argument "servce_endpoint"
NotebookClient(cfg, timeout="ten")  # error: Argument "timeout" to "NotebookClient" has incompatible type "str"
NotebookClient(cfg, retry=3)  # error: Argument "retry" to "NotebookClient" has incompatible type "int"
NotebookClient(cfg, http_client=httpx.AsyncClient())  # error: Argument "http_client" to "NotebookClient" has incompatible type "AsyncClient"
AsyncNotebookClient.from_file(http_client=httpx.Client())  # error: Argument "http_client" to "from_file" of "_ClientBase" has incompatible type "Client"
NotebookClient.from_file(profile="DEFAULT")  # error: Unexpected keyword argument "profile"
NotebookClient(cfg, signer="my-key")  # error: Argument "signer" to "NotebookClient" has incompatible type "str"
client.get_session("p", "w")  # error: Missing positional argument "session_id"
client.list_sessions("p", "w", pth="/x.ipynb")  # error: Unexpected keyword argument "pth"
wrong: str = client.get_session("p", "w", "s")  # error: Incompatible types in assignment (expression has type "Session"
client.with_options(timout=5)  # error: Unexpected keyword argument "timout"
"""


def _expectations() -> tuple[set[int], dict[int, str]]:
    ok: set[int] = set()
    errors: dict[int, str] = {}
    for number, line in enumerate(USER_PROGRAM.splitlines(), start=1):
        if line.endswith("# ok"):
            ok.add(number)
        elif "# error: " in line:
            errors[number] = line.split("# error: ", 1)[1]
    return ok, errors


def test_mypy_rejects_misspelled_and_mistyped_options(tmp_path: Path) -> None:
    program = tmp_path / "user_program.py"
    program.write_text(USER_PROGRAM)
    result = subprocess.run(
        [
            sys.executable, "-m", "mypy", "--strict", "--config-file", str(ROOT / "pyproject.toml"),
            "--cache-dir", str(tmp_path / "cache"), "--no-error-summary", "--hide-error-context",
            str(program),
        ],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    reported: dict[int, list[str]] = {}
    for line in result.stdout.splitlines():
        match = re.match(rf"{re.escape(str(program))}:(\d+): error: (.*)", line)
        if match:
            reported.setdefault(int(match.group(1)), []).append(match.group(2))
    ok, errors = _expectations()
    assert result.returncode == 1, result.stdout + result.stderr
    # Errors only where expected: the program's correct lines type-check.
    assert set(reported) == set(errors), result.stdout
    assert not ok & set(reported)
    for number, text in errors.items():
        assert any(text in message for message in reported[number]), (number, reported[number])


@pytest.mark.parametrize("factory", ["__init__", "from_file"])
@pytest.mark.parametrize("cls", [NotebookClient, AsyncNotebookClient])
def test_constructors_list_their_options_explicitly(cls: type, factory: str) -> None:
    signature = inspect.signature(getattr(cls, factory))
    kinds = {p.kind for p in signature.parameters.values()}
    assert inspect.Parameter.VAR_KEYWORD not in kinds
    assert inspect.Parameter.VAR_POSITIONAL not in kinds
    options = [p for p in signature.parameters.values() if p.kind is p.KEYWORD_ONLY]
    assert [p.name for p in options] == [
        "signer", "service_endpoint", "timeout", "retry", "http_client", "max_response_bytes",
        "content_path_encoding", "max_pages", "directory_listing", "boolean_header_case", "min_rate",
    ]  # fmt: skip
    hints = typing.get_type_hints(getattr(cls, factory))
    assert hints["signer"] == Signer | None
    assert hints["service_endpoint"] == str | None
    assert hints["retry"] == RetryPolicy | None
    assert httpx.Timeout in typing.get_args(hints["timeout"])
    assert hints["content_path_encoding"] == typing.Literal["segment", "path"]
    assert hints["directory_listing"] == typing.Literal["auto", "contents", "objects"]
    doc = inspect.getdoc(cls.__init__) or ""
    for option in (
        "signer", "service_endpoint", "timeout", "retry", "http_client", "max_response_bytes",
        "content_path_encoding", "directory_listing", "boolean_header_case",
    ):  # fmt: skip
        assert f"{option}: " in doc


def test_a_misspelled_option_fails_naming_the_public_class() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'servce_endpoint'"):
        NotebookClient({"region": "us-ashburn-1"}, servce_endpoint="https://x")  # type: ignore[call-arg]


def test_a_signer_must_be_callable() -> None:
    from aidp_notebook import InvalidConfigError

    with pytest.raises(InvalidConfigError, match="signer: expected an oci signer, got str"):
        NotebookClient({"region": "us-ashburn-1"}, signer="key.pem")  # type: ignore[arg-type]


def test_helpers_have_true_signatures() -> None:
    for cls in (NotebookClient, AsyncNotebookClient):
        for name in ("rename_session", "wait_for_session"):
            hints = typing.get_type_hints(getattr(cls, name))
            assert hints["return"] is Session
            assert hints["ai_data_platform_id"] is str
