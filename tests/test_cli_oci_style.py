"""The command line with the OCI CLI's habits: {"data", "etag"} output, --query,
--raw-output, defaults for the id options, one exit code per kind of mistake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aidp_notebook.cli import main
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    LocalNotebookService,
)

WORKSPACE = [
    "--ai-data-platform-id",
    SEED_AI_DATA_PLATFORM_ID,
    "--workspace-key",
    SEED_WORKSPACE_KEY,
]
VARIABLES = (
    "OCI_CLI_CONFIG_FILE", "OCI_CLI_PROFILE", "OCI_CLI_AUTH", "OCI_CLI_REGION",
    "AIDP_NOTEBOOK_AI_DATA_PLATFORM_ID", "AIDP_NOTEBOOK_WORKSPACE_KEY", "AIDP_NOTEBOOK_CLI_RC_FILE",
)  # fmt: skip


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no ~/.oci/aidp_notebook_cli_rc


@pytest.fixture
def cli(service: LocalNotebookService, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    base = [
        "--config-file",
        str(service.write_config_file(tmp_path)),
        "--endpoint",
        service.endpoint,
    ]

    def run(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([*base, *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_get_prints_data_and_the_etag_that_if_match_takes(cli, service) -> None:
    code, out, _ = cli("session", "get", *WORKSPACE, "--session-id", SEED_SESSION_ID)
    assert code == 0
    document = json.loads(out)
    assert set(document) == {"data", "etag"}
    with service.client() as client:
        ids = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID)
        assert document["etag"] == client.get_session_detailed(*ids).etag


def test_query_selects_from_the_document_and_raw_output_prints_it_bare(cli) -> None:
    ids = [*WORKSPACE, "--session-id", SEED_SESSION_ID]
    code, out, _ = cli("session", "get", *ids, "--query", "data.id")
    assert (code, out) == (0, f'"{SEED_SESSION_ID}"\n')
    code, out, _ = cli("session", "get", *ids, "--query", "data.id", "--raw-output")
    assert (code, out) == (0, SEED_SESSION_ID)  # byte for byte: no newline added
    code, out, _ = cli(
        "session", "list", *WORKSPACE, "--query", "data[?lifecycleState=='FAILED'].id"
    )
    assert code == 0
    assert len(json.loads(out)) == 1
    # --raw-output leaves non-strings as JSON; --query wins over --output table.
    code, out, _ = cli("--output", "table", "session", "get", *ids, "--query", "data.kernel")
    assert json.loads(out)["id"]


def test_raw_output_off_a_terminal_is_the_string_as_it_is(cli, service) -> None:
    # Escaping is for an interactive terminal only (tests/resilience/test_cli_attacks.py).
    service.add_session(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, {"id": "r", "name": "a\x1bb"})
    code, out, _ = cli("session", "get", *WORKSPACE, "--session-id", "r", "--query", "data.name",
                       "--raw-output")  # fmt: skip
    assert (code, out) == (0, "a\x1bb")


def test_ids_default_from_the_environment(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIDP_NOTEBOOK_AI_DATA_PLATFORM_ID", SEED_AI_DATA_PLATFORM_ID)
    monkeypatch.setenv("AIDP_NOTEBOOK_WORKSPACE_KEY", SEED_WORKSPACE_KEY)
    code, out, _ = cli("session", "get", "--session-id", SEED_SESSION_ID)
    assert (code, json.loads(out)["data"]["id"]) == (0, SEED_SESSION_ID)
    # An option given on the command line beats the variable.
    code, _, _ = cli("session", "get", "--workspace-key", "other", "--session-id", SEED_SESSION_ID)
    assert code == 4


def test_ids_default_from_the_defaults_file_by_profile(
    service: LocalNotebookService, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = service.write_config_file(tmp_path, profile="LOCAL")
    config.write_text(config.read_text() + config.read_text().replace("[LOCAL]", "[DEFAULT]"))
    rc = tmp_path / "rc"
    rc.write_text(
        f"[DEFAULT]\nai-data-platform-id = {SEED_AI_DATA_PLATFORM_ID}\nworkspace-key = nowhere\n"
        f"[LOCAL]\nworkspace-key = {SEED_WORKSPACE_KEY}\n"
    )
    base = [
        "--config-file",
        str(config),
        "--endpoint",
        service.endpoint,
        "--defaults-file",
        str(rc),
    ]
    get = ["session", "get", "--session-id", SEED_SESSION_ID]
    assert main([*base, *get]) == 4  # [DEFAULT]: workspace "nowhere" does not exist
    assert main([*base, "--profile", "LOCAL", *get]) == 0  # [LOCAL] over [DEFAULT]
    assert json.loads(capsys.readouterr().out)["data"]["id"] == SEED_SESSION_ID


def test_a_missing_id_names_every_way_to_give_it(cli) -> None:
    code, out, err = cli("session", "get", "--session-id", SEED_SESSION_ID)
    assert (code, out) == (2, "")
    assert "--ai-data-platform-id is required" in err
    assert "AIDP_NOTEBOOK_AI_DATA_PLATFORM_ID" in err
    assert "aidp_notebook_cli_rc" in err


@pytest.mark.parametrize(
    ("rc_text", "fragment"),
    [
        ("[DEFAULT]\nworkspace_key = x\n", "it may set only ai-data-platform-id, workspace-key"),
        ("not an ini file", "cannot read the defaults file"),
        ("[DEFAULT]\nai-data-platform-id = ..\n", "--ai-data-platform-id from ai-data-platform-id"),
    ],
)
def test_a_bad_defaults_file_is_a_usage_error(
    cli, tmp_path: Path, rc_text: str, fragment: str
) -> None:
    rc = tmp_path / "rc"
    rc.write_text(rc_text)
    code, _, err = cli("session", "get", "--defaults-file", str(rc), "--session-id", "s")
    assert code == 2
    assert fragment in err


def test_a_defaults_file_named_but_missing_is_a_usage_error(cli, tmp_path: Path) -> None:
    code, _, err = cli(
        "session", "get", "--defaults-file", str(tmp_path / "no"), "--session-id", "s"
    )
    assert code == 2
    assert "does not exist" in err


def test_a_bad_id_from_the_environment_is_a_usage_error(cli, monkeypatch, service) -> None:
    monkeypatch.setenv("AIDP_NOTEBOOK_AI_DATA_PLATFORM_ID", "  ")
    monkeypatch.setenv("AIDP_NOTEBOOK_WORKSPACE_KEY", "..")
    code, _, err = cli("session", "get", "--ai-data-platform-id", "p", "--session-id", "s")
    assert code == 2
    assert "--workspace-key from $AIDP_NOTEBOOK_WORKSPACE_KEY" in err
    assert service.requests == []


@pytest.mark.parametrize("value", ["abc", "-1", "inf"])
def test_timeout_values_are_one_kind_of_mistake(cli, value: str) -> None:
    code, _, err = cli("session", "wait", *WORKSPACE, "--session-id", "s", "--timeout", value)
    assert code == 2
    assert "argument --timeout" in err


def test_configuration_errors_speak_the_command_lines_words(cli, tmp_path: Path) -> None:
    code, _, err = cli("--config-file", str(tmp_path / "missing"), "session", "get", *WORKSPACE,
                       "--session-id", "s")  # fmt: skip
    assert code == 3
    assert "--config-file" in err
    for sdk_word in ("file_location", "service_endpoint", "profile_name", "signer="):
        assert sdk_word not in err
