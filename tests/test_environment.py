"""The environment the oci SDK reads (OCI_CONFIG_FILE, OCI_REGION), AIDP_NOTEBOOK_LOG,
`python -m aidp_notebook`, and the error-body model's name."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import warnings
from pathlib import Path

import aidp_notebook
import pytest
from aidp_notebook import AidpError, ErrorBody
from aidp_notebook._config import DEFAULT_CONFIG_FILE, load_config
from aidp_notebook._errors import InvalidConfigError
from aidp_notebook._logs import setup_from_environment

PROFILE = "[DEFAULT]\nuser=ocid1.user.oc1..u\ntenancy=ocid1.tenancy.oc1..t\n"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A HOME with no ~/.oci/config, and none of the variables under test set."""
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("OCI_CONFIG_FILE", "OCI_REGION"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_oci_config_file_is_used_when_no_file_is_given_and_the_default_is_missing(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = _write(home / "elsewhere" / "cfg", PROFILE + "region=us-phoenix-1\n")
    monkeypatch.setenv("OCI_CONFIG_FILE", str(elsewhere))
    assert load_config()["region"] == "us-phoenix-1"


def test_the_default_file_wins_over_oci_config_file(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(home / ".oci" / "config", PROFILE + "region=us-ashburn-1\n")
    elsewhere = _write(home / "elsewhere" / "cfg", PROFILE + "region=us-phoenix-1\n")
    monkeypatch.setenv("OCI_CONFIG_FILE", str(elsewhere))
    assert load_config()["region"] == "us-ashburn-1"


def test_an_explicit_file_wins_over_oci_config_file(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = _write(home / "given", PROFILE + "region=eu-frankfurt-1\n")
    elsewhere = _write(home / "elsewhere" / "cfg", PROFILE + "region=us-phoenix-1\n")
    monkeypatch.setenv("OCI_CONFIG_FILE", str(elsewhere))
    assert load_config(given)["region"] == "eu-frankfurt-1"


def test_without_any_file_the_error_names_the_default(home: Path) -> None:
    with pytest.raises(InvalidConfigError) as caught:
        load_config(DEFAULT_CONFIG_FILE)
    assert str(home / ".oci" / "config") in caught.value.problem


def test_oci_region_fills_a_profile_without_region(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _write(home / "cfg", PROFILE)
    monkeypatch.setenv("OCI_REGION", "ap-tokyo-1")
    assert load_config(config)["region"] == "ap-tokyo-1"


def test_the_profile_region_wins_over_oci_region(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _write(home / "cfg", PROFILE + "region=us-ashburn-1\n")
    monkeypatch.setenv("OCI_REGION", "ap-tokyo-1")
    assert load_config(config)["region"] == "us-ashburn-1"


@pytest.fixture
def clean_logger() -> logging.Logger:
    logger = logging.getLogger("aidp_notebook")
    handlers, level = list(logger.handlers), logger.level
    yield logger
    logger.handlers[:] = handlers
    logger.setLevel(level)


@pytest.mark.parametrize(("value", "level"), [("debug", logging.DEBUG), (" INFO ", logging.INFO)])
def test_aidp_notebook_log_turns_on_request_logging(
    value: str, level: int, clean_logger: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIDP_NOTEBOOK_LOG", value)
    before = len(clean_logger.handlers)
    setup_from_environment()
    setup_from_environment()  # idempotent: one handler, not two
    assert len(clean_logger.handlers) == before + 1
    assert clean_logger.level == level


def test_a_wrong_log_value_is_reported_and_ignored(
    clean_logger: logging.Logger,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("AIDP_NOTEBOOK_LOG", "verbose")
    before = list(clean_logger.handlers)
    setup_from_environment()
    assert clean_logger.handlers == before
    assert "AIDP_NOTEBOOK_LOG='verbose'" in capsys.readouterr().err


def test_logging_from_the_environment_reaches_stderr_of_a_real_call(tmp_path: Path) -> None:
    script = (
        "from aidp_notebook.testing import LocalNotebookService, SEED_AI_DATA_PLATFORM_ID as P,"
        " SEED_WORKSPACE_KEY as W\n"
        "with LocalNotebookService() as s, s.client() as c:\n"
        "    c.list_sessions(P, W)\n"
    )
    env = {**os.environ, "AIDP_NOTEBOOK_LOG": "debug", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "GET http://127.0.0.1" in done.stderr
    assert "opc-request-id=" in done.stderr
    assert "authorization" not in done.stderr.lower()


def test_python_dash_m_runs_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "aidp_notebook", "--version"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0
    assert done.stdout.startswith("aidp-notebook ")


def test_the_error_body_model_has_a_name_that_is_not_an_exception() -> None:
    assert not issubclass(ErrorBody, BaseException)
    assert "ErrorBody" in aidp_notebook.__all__
    assert "Error" not in aidp_notebook.__all__
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        alias = aidp_notebook.Error
    assert alias is ErrorBody
    assert any(issubclass(w.category, DeprecationWarning) for w in caught)
    assert "AidpError" in str(caught[0].message)
    assert issubclass(AidpError, Exception)
