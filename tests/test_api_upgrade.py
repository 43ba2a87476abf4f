"""Upgrading to a new API version: what `make generate` reports, and what catches drift.

test_codegen.py covers reproducibility and the drift check of generated/; here an upgrade
is simulated on a copy of the repository (new version and path prefix, one operation
added, one field removed, one field's type changed), and the version-agreement checks
(scripts/lint_spec.py and tests/test_spec.py::test_versions_agree) are each shown to
fail on every way the three version markers can disagree.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import aidp_notebook
import pytest
import yaml

from tests import test_spec

ROOT = Path(__file__).resolve().parent.parent
# What codegen reads and writes; the overlay's _errors.py names the errors in docstrings.
COPIED = ("openapi", "generator-config.yaml", "scripts", "generated", "overlays")
SPEC = Path("openapi") / "notebook-sessions.yaml"
OLD = aidp_notebook.API_VERSION
NEW = "20990101"

sys.path.insert(0, str(ROOT / "scripts"))
from lint_spec import lint  # noqa: E402


def _load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text())
    return loaded


def _dump(spec: dict[str, Any], path: Path) -> None:
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=100))


def _generate(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(project / "scripts" / "codegen.py"), "generate"],
        capture_output=True,
        text=True,
        check=False,
    )


def _api_changes(stdout: str) -> list[str]:
    """The lines between "API changes:" and "Files:" of the summary."""
    section = stdout.split("API changes:\n", 1)[1].split("Files:\n", 1)[0]
    return section.splitlines()


def _operation_path(spec: dict[str, Any], operation_id: str) -> str:
    for path, item in spec["paths"].items():
        if any(
            isinstance(op, dict) and op.get("operationId") == operation_id for op in item.values()
        ):
            return str(path)
    raise KeyError(operation_id)


def upgrade(spec: dict[str, Any]) -> dict[str, Any]:
    """The next API version: new prefix, RestartSession added, a field gone, a type changed."""
    new = copy.deepcopy(spec)
    new["info"]["version"] = NEW
    new["paths"] = {
        f"/{NEW}/" + path.removeprefix(f"/{OLD}/"): item for path, item in new["paths"].items()
    }
    session_path = _operation_path(new, "GetSession")
    restart = copy.deepcopy(new["paths"][session_path]["get"])
    restart.update(operationId="RestartSession", summary="Restart a session")
    restart["description"] = "Restarts the kernel of a notebook session."
    new["paths"][f"{session_path}/actions/restart"] = {
        "parameters": new["paths"][session_path]["parameters"],
        "post": restart,
    }
    del new["components"]["schemas"]["Session"]["properties"]["path"]
    new["components"]["schemas"]["Kernel"]["properties"]["connections"]["type"] = "string"
    return new


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of what codegen reads and writes, regenerated from a YAML round trip of the spec.

    Regenerating first makes the baseline the spec exactly as the test will write it, so
    the summary of the upgrade shows the upgrade and nothing else.
    """
    dest = tmp_path_factory.mktemp("upgrade")
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    _dump(_load(dest / SPEC), dest / SPEC)
    baseline = _generate(dest)
    assert baseline.returncode == 0, baseline.stdout + baseline.stderr
    return dest


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return _load(ROOT / SPEC)


def test_generate_summary_lists_exactly_the_upgrade(project: Path) -> None:
    before = _load(project / SPEC)
    after = upgrade(before)
    assert lint(after) == [], "the simulated upgrade should itself be a lint-clean spec"
    _dump(after, project / SPEC)

    result = _generate(project)

    assert result.returncode == 0, result.stdout + result.stderr
    # Every existing operation moves to the new prefix; the summary says so in one line.
    moved = [
        op for item in before["paths"].values() for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    ]  # fmt: skip
    assert _api_changes(result.stdout) == [
        f"  API version: {OLD} -> {NEW}",
        f"  ~ paths: /{OLD}/... -> /{NEW}/... ({len(moved)} operations)",
        "  + operation RestartSession",
        "  ~ schema Kernel: field connections: integer -> string",
        "  ~ schema Session: - field path",
    ]
    assert "  added    api/notebook/restart_session.py" in result.stdout
    assert "  changed  models/session.py" in result.stdout
    assert "  changed  models/kernel.py" in result.stdout
    generated = project / "generated" / "aidp_notebook_client"
    assert f'"/{NEW}/aiDataPlatforms/' in (generated / "api/notebook/get_session.py").read_text()
    assert json.loads((generated / "spec-manifest.json").read_text())["api_version"] == NEW


def _agree(spec: dict[str, Any], monkeypatch: pytest.MonkeyPatch, api_version: str) -> None:
    """tests/test_spec.py::test_versions_agree, with API_VERSION set to `api_version`."""
    monkeypatch.setattr(aidp_notebook, "API_VERSION", api_version)
    test_spec.test_versions_agree(spec)


def test_versions_agree_passes_on_the_spec_as_it_is(
    spec: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _agree(spec, monkeypatch, OLD)
    assert lint(spec) == []


def test_drift_of_info_version_alone_is_caught(
    spec: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    drifted = copy.deepcopy(spec)
    drifted["info"]["version"] = NEW
    problems = lint(drifted)
    assert len(problems) == len(spec["paths"])
    assert all(f"does not start with /{NEW}/ (info.version)" in p for p in problems)
    with pytest.raises(AssertionError):
        _agree(drifted, monkeypatch, OLD)


def test_drift_of_one_path_prefix_is_caught(
    spec: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    drifted = copy.deepcopy(spec)
    old_path = _operation_path(drifted, "GetSession")
    new_path = f"/{NEW}/" + old_path.removeprefix(f"/{OLD}/")
    drifted["paths"] = {new_path if p == old_path else p: i for p, i in drifted["paths"].items()}
    assert lint(drifted) == [f"path {new_path}: does not start with /{OLD}/ (info.version)"]
    with pytest.raises(AssertionError):
        _agree(drifted, monkeypatch, OLD)


def test_drift_of_every_path_prefix_is_caught(
    spec: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    drifted = copy.deepcopy(spec)
    drifted["paths"] = {
        f"/{NEW}/" + path.removeprefix(f"/{OLD}/"): item for path, item in drifted["paths"].items()
    }
    assert len(lint(drifted)) == len(spec["paths"])
    with pytest.raises(AssertionError):
        _agree(drifted, monkeypatch, OLD)


def test_drift_of_api_version_alone_is_caught_by_the_test_only(
    spec: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The spec is consistent, so the linter (which cannot see the overlay) is content;
    # test_versions_agree is what stops a forgotten _version.py.
    assert lint(spec) == []
    with pytest.raises(AssertionError):
        _agree(spec, monkeypatch, NEW)


def test_a_complete_upgrade_passes_the_linter(spec: dict[str, Any]) -> None:
    # test_versions_agree would still fail here: it pins the literal version on purpose,
    # so an upgrade edits it (see docs/upgrading.md).
    assert lint(upgrade(spec)) == []
