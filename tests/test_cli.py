"""The aidp-notebook command: in-process with capsys, and as a real process.

Against LocalNotebookService with a config file from `service.write_config_file`.
"""

from __future__ import annotations

import argparse
import datetime
import email.utils
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aidp_notebook import NotebookClient
from aidp_notebook.cli import main
from aidp_notebook.cli._context import GlobalOptions, open_client
from aidp_notebook.cli._main import build_parser
from aidp_notebook.cli._render import relative_time, render
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)

CONSOLE_SCRIPT = Path(sys.executable).parent / "aidp-notebook"
WORKSPACE = [
    "--ai-data-platform-id",
    SEED_AI_DATA_PLATFORM_ID,
    "--workspace-key",
    SEED_WORKSPACE_KEY,
]
SESSION = [*WORKSPACE, "--session-id", SEED_SESSION_ID]
CREATING_SESSION = "8b1f0c2d-4e3a-4b5c-9d6e-7f8a9b0c1d2e"
FAILED_SESSION = "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f"
OCI_VARIABLES = ("OCI_CLI_CONFIG_FILE", "OCI_CLI_PROFILE", "OCI_CLI_AUTH", "OCI_CLI_REGION")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in OCI_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def config_file(service: LocalNotebookService, tmp_path: Path) -> Path:
    return service.write_config_file(tmp_path)


class Run:
    """main(argv) in-process; the exit code and what it printed."""

    def __init__(self, capsys: pytest.CaptureFixture[str], config: Path, endpoint: str) -> None:
        self.capsys = capsys
        self.base = ["--config-file", str(config), "--endpoint", endpoint]

    def __call__(self, *argv: str, base: bool = True) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main([*(self.base if base else []), *argv])
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def run(
    capsys: pytest.CaptureFixture[str], config_file: Path, service: LocalNotebookService
) -> Run:
    return Run(capsys, config_file, service.endpoint)


def stored(service: LocalNotebookService, session_id: str = SEED_SESSION_ID) -> dict[str, Any]:
    data = service.get_session_json(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, session_id)
    assert data is not None
    return data


def same_session(printed: dict[str, Any], raw: dict[str, Any]) -> bool:
    """Equal, reading last_activity as a time (the SDK writes +00:00 where the API wrote Z)."""

    def normal(data: dict[str, Any]) -> dict[str, Any]:
        data = json.loads(json.dumps(data))
        kernel = data.get("kernel") or {}
        if "last_activity" in kernel:
            kernel["last_activity"] = datetime.datetime.fromisoformat(kernel["last_activity"])
        return data

    return normal(printed) == normal(raw)


# -- output ------------------------------------------------------------------------------------


def test_get_prints_the_session_as_the_apis_json(run: Run, service: LocalNotebookService) -> None:
    code, out, err = run("session", "get", *SESSION)
    assert (code, err) == (0, "")
    document = json.loads(out)
    printed = document["data"]  # as the OCI CLI prints it: {"data": ..., "etag": ...}
    assert "lifecycleState" in printed and "cluster_id" in printed  # the API's own names
    assert same_session(printed, stored(service))
    (recorded,) = service.requests
    assert recorded.signature_valid
    assert document["etag"]


def test_get_as_a_table(run: Run, service: LocalNotebookService) -> None:
    three_minutes_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(
        minutes=3, seconds=5
    )
    service.add_session(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, {
        "id": "t-1", "name": "table.ipynb", "path": "/t.ipynb", "type": "notebook",
        "lifecycleState": "ACTIVE", "kernel": {"id": "k", "name": "python3",
        "execution_state": "busy", "last_activity": three_minutes_ago.strftime("%Y-%m-%dT%H:%M:%SZ")},
    })  # fmt: skip
    code, out, _ = run("--output", "table", "session", "get", *WORKSPACE, "--session-id", "t-1")
    assert code == 0
    rows = dict(re.split(r"\s{2,}", line, maxsplit=1) for line in out.splitlines())
    assert rows["Name"] == "table.ipynb"
    assert rows["ID"] == "t-1"
    assert rows["State"] == "ACTIVE"
    assert rows["Type"] == "notebook"
    assert rows["Path"] == "/t.ipynb"
    assert rows["Kernel"] == "python3"
    assert rows["Kernel state"] == "busy"
    assert rows["Last activity"].startswith("3 minutes ago (")
    assert rows["Last activity"].endswith(" UTC)")


def test_table_shows_unset_fields_as_a_dash(run: Run, service: LocalNotebookService) -> None:
    service.add_session(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, {"id": "bare", "name": "b"})
    code, out, _ = run("--output", "table", "session", "get", *WORKSPACE, "--session-id", "bare")
    assert code == 0
    rows = dict(re.split(r"\s{2,}", line, maxsplit=1) for line in out.splitlines())
    for label in ("State", "Type", "Path", "Kernel", "Kernel state", "Last activity"):
        assert rows[label] == "-"


def test_output_escapes_control_characters(run: Run, service: LocalNotebookService) -> None:
    evil = "name\x1b[2J\x9b31m\u202e"
    service.add_session(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, {"id": "e", "name": evil})
    code, out, _ = run("--output", "table", "session", "get", *WORKSPACE, "--session-id", "e")
    assert code == 0
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    assert "name\\x1b[2J\\x9b31m\\u202e" in out
    code, out, _ = run("session", "get", *WORKSPACE, "--session-id", "e")
    assert "\x1b" not in out and "\x9b" not in out
    assert json.loads(out)["data"]["name"] == evil


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (datetime.timedelta(seconds=0.2), "just now"),
        (datetime.timedelta(seconds=1), "1 second ago"),
        (datetime.timedelta(seconds=59), "59 seconds ago"),
        (datetime.timedelta(minutes=1), "1 minute ago"),
        (datetime.timedelta(minutes=3, seconds=30), "3 minutes ago"),
        (datetime.timedelta(hours=5), "5 hours ago"),
        (datetime.timedelta(days=1), "1 day ago"),
        (datetime.timedelta(days=45), "1 month ago"),
        (datetime.timedelta(days=800), "2 years ago"),
        (-datetime.timedelta(minutes=2), "in 2 minutes"),
        (-datetime.timedelta(hours=1, minutes=1), "in 1 hour"),
    ],
)
def test_relative_time(delta: datetime.timedelta, expected: str) -> None:
    now = datetime.datetime(2026, 4, 30, 12, 0, tzinfo=datetime.UTC)
    assert relative_time(now - delta, now) == expected
    # A time without zone is UTC, as the API's Z-suffixed times are.
    assert relative_time((now - delta).replace(tzinfo=None), now) == expected
    # The same instant in another zone reads the same.
    tokyo = datetime.timezone(datetime.timedelta(hours=9))
    assert relative_time((now - delta).astimezone(tokyo), now) == expected


def test_render_prints_nothing_for_nothing() -> None:
    assert render(None, "json") is None
    assert render(None, "table") is None
    assert render([], "table") == "No sessions."
    assert json.loads(render([], "json") or "") == {"data": []}


# -- the other session commands ------------------------------------------------------------------


def test_list_prints_one_row_per_session_and_filters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A service of its own: other tests add sessions to the module's.
    with LocalNotebookService() as fresh:
        _check_listing(Run(capsys, fresh.write_config_file(tmp_path), fresh.endpoint))


def _check_listing(run: Run) -> None:
    code, out, _ = run("--output", "table", "session", "list", *WORKSPACE)
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split()[:3] == ["NAME", "ID", "STATE"]
    assert len(rows) == 3
    assert {row.split()[1] for row in rows} == {SEED_SESSION_ID, CREATING_SESSION, FAILED_SESSION}
    code, out, _ = run("session", "list", *WORKSPACE, "--cluster-id", "cluster-analytics")
    assert code == 0
    assert {s["id"] for s in json.loads(out)["data"]} == {SEED_SESSION_ID, FAILED_SESSION}
    code, out, _ = run("session", "list", *WORKSPACE, "--path", "/nowhere")
    assert (code, json.loads(out)["data"]) == (0, [])


def test_create_rename_wait_and_delete(run: Run, service: LocalNotebookService) -> None:
    code, out, _ = run("session", "create", *WORKSPACE, "--name", "new", "--path", "/new.ipynb",
                       "--type", "file", "--cluster-id", "c-1", "--opc-retry-token", "tok-1")  # fmt: skip
    assert code == 0
    created = json.loads(out)["data"]
    assert (created["name"], created["type"], created["cluster_id"]) == ("new", "file", "c-1")
    ids = [*WORKSPACE, "--session-id", created["id"]]
    post = service.requests[-1]
    assert post.headers["opc-retry-token"] == "tok-1"

    code, out, _ = run("session", "wait", *ids, "--kernel-state", "idle", "--poll-interval", "0.05")
    assert code == 0
    assert json.loads(out)["data"]["lifecycleState"] == "ACTIVE"

    code, out, _ = run("session", "rename", *ids, "--name", "renamed", "--if-match", "stale")
    assert code == 4  # 412: the etag does not match
    code, out, _ = run("session", "get", *ids)
    etag = json.loads(out)["etag"]
    code, out, _ = run("session", "rename", *ids, "--name", "renamed", "--if-match", etag)
    assert (code, json.loads(out)["data"]["name"]) == (0, "renamed")
    assert json.loads(out)["etag"] != etag

    code, out, err = run("session", "delete", *ids)
    assert (code, out) == (0, "")
    assert err.strip() == f"Deleted session {created['id']}."
    assert (
        service.get_session_json(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, created["id"])
        is None
    )


def test_wait_exits_6_when_the_state_is_not_reached(run: Run) -> None:
    code, _, err = run("session", "wait", *WORKSPACE, "--session-id", FAILED_SESSION)
    assert code == 6
    assert "reached FAILED" in err
    code, _, err = run("session", "wait", *WORKSPACE, "--session-id", CREATING_SESSION,
                       "--state", "ACTIVE", "--timeout", "0.2", "--poll-interval", "0.05")  # fmt: skip
    assert code == 6
    assert "did not reach ACTIVE within 0.2 s" in err
    # A state that does not exist is refused at once, before waiting out the timeout.
    code, _, err = run("session", "wait", *WORKSPACE, "--session-id", CREATING_SESSION,
                       "--state", "GONE", "--timeout", "30", "--poll-interval", "0.05")  # fmt: skip
    assert code == 2  # a malformed option value, like any other
    assert "'GONE' is not a known state; known: ACTIVE, CREATING, FAILED" in err


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_wait_shows_progress_only_on_a_terminal(
    service: LocalNotebookService, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    service.activation_delay = 0.3
    try:
        for terminal in (False, True):
            with service.client() as client:
                created = client.create_session(*WORKSPACE[1::2], {"path": f"/w-{terminal}.ipynb"})
            assert created.lifecycle_state == "CREATING"
            stderr = FakeTerminal() if terminal else io.StringIO()
            monkeypatch.setattr(sys, "stderr", stderr)
            code, out, _ = run("session", "wait", *WORKSPACE, "--session-id", created.id,
                               "--poll-interval", "0.05")  # fmt: skip
            assert code == 0
            assert json.loads(out)["data"]["lifecycleState"] == "ACTIVE"
            text = stderr.getvalue()
            if terminal:
                assert (
                    f"\r\x1b[KWaiting for session {created.id}: CREATING, kernel starting (" in text
                )
                assert text.endswith("\n")
            else:
                assert text == ""
    finally:
        service.activation_delay = 0.0


# -- configuration: options, environment, profiles -------------------------------------------------


def test_environment_variables_give_the_defaults(
    service: LocalNotebookService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    config = service.write_config_file(tmp_path, profile="LOCAL")
    monkeypatch.setenv("OCI_CLI_CONFIG_FILE", str(config))
    monkeypatch.setenv("OCI_CLI_PROFILE", "LOCAL")
    monkeypatch.setenv("OCI_CLI_AUTH", "api_key")
    assert main(["--endpoint", service.endpoint, "session", "get", *SESSION]) == 0
    assert json.loads(capsys.readouterr().out)["data"]["id"] == SEED_SESSION_ID
    # An option beats its variable.
    monkeypatch.setenv("OCI_CLI_PROFILE", "NOPE")
    assert (
        main(["--profile", "LOCAL", "--endpoint", service.endpoint, "session", "get", *SESSION])
        == 0
    )
    assert main(["--endpoint", service.endpoint, "session", "get", *SESSION]) == 3
    assert "profile 'NOPE' not found" in capsys.readouterr().err


def test_global_options_also_work_after_the_subcommand(
    run: Run, service: LocalNotebookService, config_file: Path
) -> None:
    code, out, _ = run("session", "get", *SESSION, "--config-file", str(config_file),
                       "--endpoint", service.endpoint, "--output", "table", base=False)  # fmt: skip
    assert code == 0
    assert out.startswith("Name ")


def test_region_comes_from_option_variable_or_profile(
    service: LocalNotebookService, config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def endpoint(**args: Any) -> str:
        namespace = argparse.Namespace(config_file=str(config_file), **args)
        with open_client(GlobalOptions.from_args(namespace)) as client:
            return client.service_endpoint

    assert endpoint() == "https://aidp.us-ashburn-1.oci.oraclecloud.com"  # the profile's
    monkeypatch.setenv("OCI_CLI_REGION", "eu-frankfurt-1")
    assert endpoint() == "https://aidp.eu-frankfurt-1.oci.oraclecloud.com"
    assert endpoint(region="phx") == "https://aidp.us-phoenix-1.oci.oraclecloud.com"
    assert endpoint(region="phx", endpoint="http://127.0.0.1:9") == "http://127.0.0.1:9"


def test_unknown_profile_names_it_and_lists_the_profiles(
    run: Run, service: LocalNotebookService, tmp_path: Path
) -> None:
    config = service.write_config_file(tmp_path / "two")
    text = config.read_text()
    config.write_text(text + "\n" + text.replace("[DEFAULT]", "[OTHER]"))
    code, out, err = run(
        "--config-file", str(config), "--profile", "NOPE", "session", "get", *SESSION, base=False
    )
    assert (code, out) == (3, "")
    assert "profile 'NOPE' not found in" in err
    assert "profiles in that file: DEFAULT, OTHER" in err
    assert "--profile" in err
    assert len(err.strip().splitlines()) == 1  # one paragraph
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--config-file", "/nonexistent/config"], "/nonexistent/config not found"),
        (["--auth", "security_token"], "security_token_file"),
        (["--endpoint", "ftp://example.com"], "--endpoint: 'ftp://example.com'"),
        (["--endpoint", "http://example.com"], "plain http"),
        (["--region", "evil.example#"], "not a region name"),
    ],
)
def test_configuration_errors_exit_3(
    run: Run, config_file: Path, argv: list[str], fragment: str
) -> None:
    base = ["--config-file", str(config_file)]
    if "--endpoint" not in argv and "--region" not in argv:
        base += ["--endpoint", run.base[-1]]
    code, out, err = run(*base, *argv, "session", "get", *SESSION, base=False)
    assert (code, out) == (3, "")
    assert fragment in err
    assert "Traceback" not in err


def test_a_bad_auth_variable_exits_3(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCI_CLI_AUTH", "password")
    code, _, err = run("session", "get", *SESSION)
    assert code == 3
    assert "OCI_CLI_AUTH='password' is not one of" in err


@pytest.mark.parametrize("session_id", ["   ", "..", "."])
def test_ids_the_api_cannot_take_are_usage_errors_and_send_nothing(
    run: Run, service: LocalNotebookService, session_id: str
) -> None:
    code, _, err = run("session", "get", *WORKSPACE, "--session-id", session_id)
    assert code == 2
    assert "argument --session-id: --session-id must not be" in err
    assert service.requests == []


def test_principal_auth_without_a_principal_exits_3(run: Run) -> None:
    code, _, err = run("--auth", "resource_principal", "session", "get", *SESSION)
    assert code == 3
    assert "resource principals" in err


# -- failures: exit codes, paragraphs, hints ----------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["session", "get", *WORKSPACE], "the following arguments are required: --session-id"),
        (["session", "get", *SESSION, "--output", "yaml"], "invalid choice: 'yaml'"),
        (["session", "frobnicate"], "invalid choice: 'frobnicate'"),
        (["--auth", "password", "session", "get", *SESSION], "invalid choice: 'password'"),
        (["session", "wait", *SESSION, "--timeout", "soon"], "expected seconds, got 'soon'"),
        (["session", "wait", *SESSION, "--timeout", "-1"], "expected zero or more seconds"),
        (["session", "wait", *SESSION, "--timeout", "nan"], "expected zero or more seconds"),
        (["session", "wait", *SESSION, "--poll-interval", "0"], "expected more than 0"),
        (["session", "get", *SESSION, "--opc-request-id", "a b"], "--opc-request-id"),
        (["session", "get", *SESSION, "--query", "data[?"], "not a JMESPath expression"),
        (["session", "create", *WORKSPACE, "--name", " ", "--path", "/p"], "--name must not"),
        ([], "required: COMMAND"),
    ],
)
def test_usage_errors_exit_2(run: Run, argv: list[str], fragment: str) -> None:
    code, _, err = run(*argv, base=False)
    assert code == 2
    assert fragment in err


def test_404_exits_4_with_the_ids_hint(run: Run, service: LocalNotebookService) -> None:
    code, out, err = run(
        "session", "get", *WORKSPACE, "--session-id", "gone", "--opc-request-id", "trace-404"
    )
    assert (code, out) == (4, "")
    assert len(err.strip().splitlines()) == 1
    assert "session get failed" in err
    assert f"at {service.endpoint} answered 404 NotAuthorizedOrNotFound" in err
    assert "opc-request-id: trace-404" in err
    assert "check --ai-data-platform-id, --workspace-key and --session-id" in err
    assert "region or --endpoint" in err
    # A listing names the two ids it has.
    code, _, err = run("session", "list", "--ai-data-platform-id", "p", "--workspace-key", "w")
    assert code == 4
    assert "check --ai-data-platform-id and --workspace-key," in err


def test_401_exits_4_with_the_credentials_hint(run: Run, service: LocalNotebookService) -> None:
    service.inject(
        Fault(status=401, body={"code": "NotAuthenticated", "message": "key not recognised"})
    )
    code, _, err = run("session", "get", *SESSION)
    assert code == 4
    assert "answered 401 NotAuthenticated: key not recognised" in err
    assert "check profile DEFAULT: key_file" in err
    assert "fingerprint" in err and "tenancy" in err and "clock" in err
    assert "clock is" not in err  # no skew seen in the Date header


@pytest.mark.parametrize(
    ("offset", "words"), [(-3600, "60 minutes ahead of"), (7200, "2 hours behind")]
)
def test_401_with_a_far_off_date_header_adds_the_clock_skew_hint(
    run: Run, service: LocalNotebookService, offset: int, words: str
) -> None:
    date = email.utils.formatdate(time.time() + offset, usegmt=True)
    service.inject(Fault(status=401, headers={"date": date}))
    code, _, err = run("session", "get", *SESSION)
    assert code == 4
    assert f"This computer's clock is {words} the service's" in err
    assert "NTP" in err


def test_the_local_services_clock_skew_shows_in_its_date_header(
    run: Run, service: LocalNotebookService
) -> None:
    service.clock_skew = -3600
    code, _, err = run("session", "get", *SESSION)
    assert code == 4
    assert "This computer's clock is 60 minutes ahead of the service's" in err


def test_security_token_auth_hints_at_refreshing(
    run: Run, service: LocalNotebookService, tmp_path: Path
) -> None:
    config = service.write_config_file(tmp_path / "token")
    token_file = tmp_path / "token" / "token"
    token_file.write_text("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")
    config.write_text(config.read_text().strip() + f"\nsecurity_token_file = {token_file}\n")
    code, _, err = run("--config-file", str(config), "--auth", "security_token", "--endpoint",
                       service.endpoint, "session", "get", *SESSION, base=False)  # fmt: skip
    assert code == 4
    assert "unknown security token" in err
    assert "oci session refresh --profile DEFAULT" in err
    assert "eyJ" not in err


def test_5xx_after_retries_says_how_many_attempts(run: Run, service: LocalNotebookService) -> None:
    service.inject(Fault(status=503, headers={"retry-after": "0"}), count=8)
    code, _, err = run("session", "get", *SESSION)
    assert code == 4
    assert "answered 503 ServiceUnavailable" in err
    assert "retried, 8 attempts in all" in err
    assert "try again later" in err
    assert len(service.requests) == 8


def test_429_without_retries(run: Run, service: LocalNotebookService) -> None:
    service.inject(Fault(status=429))
    code, _, err = run("--no-retry", "session", "get", *SESSION)
    assert code == 4
    assert "not retried" in err
    assert len(service.requests) == 1


def test_invalid_response_exits_4_with_the_request_id(
    run: Run, service: LocalNotebookService
) -> None:
    service.inject(
        Fault(status=200, body=b"<html>oops</html>", headers={"opc-request-id": "RID-HTML"})
    )
    code, out, err = run("session", "get", *SESSION)
    assert (code, out) == (4, "")
    assert "not valid JSON" in err
    assert "RID-HTML" in err


def test_transport_errors_exit_5(capsys: pytest.CaptureFixture[str], config_file: Path) -> None:
    with LocalNotebookService() as gone:
        endpoint = gone.endpoint  # nothing listens there once it stopped
    code = main(["--config-file", str(config_file), "--endpoint", endpoint, "--no-retry",
                 "session", "get", *SESSION])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 5
    assert "ConnectError" in err
    assert "1 attempt" in err
    assert "HTTPS_PROXY" in err


def test_timeouts_exit_5(
    run: Run, service: LocalNotebookService, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = NotebookClient.__init__

    def short_timeout(self: NotebookClient, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **{**kwargs, "timeout": (2, 0.1)})

    monkeypatch.setattr(NotebookClient, "__init__", short_timeout)
    service.inject(Fault.slow(0.5))
    code, _, err = run("--no-retry", "session", "get", *SESSION)
    assert code == 5
    assert "timed out" in err
    assert "did not answer in time" in err


@pytest.mark.parametrize(
    ("raised", "code", "fragment"),
    [(KeyboardInterrupt(), 130, "interrupted"), (RuntimeError("boom"), 1, "This is a bug")],
)
def test_interrupts_and_bugs(
    run: Run, monkeypatch: pytest.MonkeyPatch, raised: BaseException, code: int, fragment: str
) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise raised

    monkeypatch.setattr(NotebookClient, "get_session_detailed", fail)
    exit_code, _, err = run("session", "get", *SESSION)
    assert exit_code == code
    assert fragment in err
    assert "Traceback" not in err


def test_debug_shows_the_traceback_and_the_request_log(run: Run) -> None:
    code, _, err = run("session", "get", *WORKSPACE, "--session-id", "gone")
    assert code == 4
    assert "Traceback" not in err
    assert "DEBUG" not in err
    code, _, err = run("--debug", "session", "get", *WORKSPACE, "--session-id", "gone")
    assert code == 4
    assert "Traceback (most recent call last)" in err
    assert "NotFoundError" in err
    assert re.search(r"aidp_notebook DEBUG GET http://127\.0\.0\.1:\d+/20260430/.*-> 404", err)
    assert err.strip().splitlines()[-1].startswith("aidp-notebook session get failed")


def test_broken_pipe_exits_quietly(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    import aidp_notebook.cli._main as cli_main

    def closed(*args: Any, **kwargs: Any) -> None:
        raise BrokenPipeError

    monkeypatch.setattr(cli_main, "render", closed)
    monkeypatch.setattr(cli_main, "_silence_stdout", lambda: None)
    code, _, err = run("session", "get", *SESSION)
    assert (code, err) == (0, "")


# -- help ----------------------------------------------------------------------------------------------


def _parsers(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


COMMANDS = [path for path, _ in _parsers(build_parser())]


def test_every_command_is_offered() -> None:
    assert set(COMMANDS) >= {(), ("session",), ("local-service",)} | {
        ("session", name) for name in ("list", "get", "create", "rename", "delete", "wait")
    }


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "aidp-notebook")
def test_help_documents_every_option(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    parser = dict(_parsers(build_parser()))[path]
    assert main([*path, "--help"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("usage: aidp-notebook")
    for action in parser._actions:
        assert action.help and action.help != argparse.SUPPRESS, action.option_strings
        for flag in action.option_strings:
            assert flag in text
    if path[:1] == ("session",) and len(path) == 2:
        assert "exit codes:" in text and "OCI_CLI_PROFILE" in text


def test_top_level_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    for line in ("0    success", "2    usage", "3    configuration", "4    the service",
                 "5    no response", "6    session wait", "130  interrupted"):  # fmt: skip
        assert line in text


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert re.fullmatch(r"aidp-notebook \S+ \(API 20260430\)\n", capsys.readouterr().out)


# -- as a real process -----------------------------------------------------------------------------------


def child_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in OCI_VARIABLES}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def test_the_console_script_gets_a_session(
    service: LocalNotebookService, config_file: Path
) -> None:
    done = subprocess.run(
        [str(CONSOLE_SCRIPT), "--config-file", str(config_file), "--endpoint", service.endpoint,
         "--output", "table", "session", "get", *SESSION],
        capture_output=True, text=True, timeout=60, env=child_environment(), check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "sales-analysis.ipynb" in done.stdout
    assert service.requests[-1].signature_valid


def _start_local_service(*args: str) -> tuple[subprocess.Popen[str], list[str]]:
    process = subprocess.Popen(
        [str(CONSOLE_SCRIPT), "local-service", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_environment(),
    )  # fmt: skip
    lines: list[str] = []
    assert process.stdout is not None
    for line in process.stdout:  # the service prints `ready` once it serves
        lines.append(line.rstrip("\n"))
        if line.strip() == "ready":
            return process, lines
    process.kill()
    process.wait()
    pytest.fail(
        f"local-service exited before `ready`: {process.stderr.read() if process.stderr else ''}"
    )


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_local_service_starts_serves_signed_requests_and_stops(stop: signal.Signals) -> None:
    process, lines = _start_local_service("--path-prefix", "/api")
    try:
        endpoint = next(line.split(" ", 1)[1] for line in lines if line.startswith("endpoint: "))
        config = Path(
            next(line.split(": ", 1)[1] for line in lines if line.startswith("config file: "))
        )
        assert endpoint.endswith("/api")
        assert "[DEFAULT]" in lines and f"key_file = {config.parent / 'oci_api_key.pem'}" in lines
        assert lines[-1] == "ready"
        assert not any("PRIVATE KEY" in line for line in lines)
        with NotebookClient.from_file(config, service_endpoint=endpoint) as client:
            assert (
                client.get_session(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID).id
                == SEED_SESSION_ID
            )
        process.send_signal(stop)
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    assert not config.parent.exists()  # its temporary files are gone
    assert not Path(f"/proc/{process.pid}").exists() or _is_zombie_free(process.pid)


def _is_zombie_free(pid: int) -> bool:
    """The pid may have been reused by now; it is not ours if its command line differs."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True
    return b"local-service" not in cmdline


def test_local_service_keeps_files_written_with_write_config(tmp_path: Path) -> None:
    process, lines = _start_local_service("--write-config", str(tmp_path / "conf"))
    try:
        assert f"config file: {tmp_path / 'conf' / 'config'}" in lines
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    assert (tmp_path / "conf" / "config").exists()
    assert (tmp_path / "conf" / "oci_api_key.pem").stat().st_mode & 0o077 == 0


def test_local_service_refuses_a_port_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    with LocalNotebookService() as busy:
        port = busy.endpoint.rsplit(":", 1)[1]
        assert main(["local-service", "--port", port]) == 3
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err
    assert "choose another --port" in err
