"""`make generate` is reproducible, detects drift and confines itself to generated/."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("openapi", "generator-config.yaml", "scripts", "generated", "overlays", "pyproject.toml")


def _snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def _codegen(project: Path, mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(project / "scripts" / "codegen.py"), mode],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the parts of the repository that codegen reads and writes."""
    dest = tmp_path_factory.mktemp("project")
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


def test_committed_generated_code_is_current(project: Path) -> None:
    result = _codegen(project, "check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_generate_twice_is_byte_identical(project: Path) -> None:
    before = _snapshot(project)
    first = _codegen(project, "generate")
    assert first.returncode == 0, first.stderr
    assert "nothing changed" in first.stdout
    second = _codegen(project, "generate")
    assert second.returncode == 0, second.stderr
    assert _snapshot(project) == before


def test_check_fails_on_a_hand_edit(project: Path) -> None:
    session_py = project / "generated" / "aidp_notebook_client" / "models" / "session.py"
    original = session_py.read_text()
    try:
        session_py.write_text(original + "\n# hand edit\n")
        result = _codegen(project, "check")
        assert result.returncode == 1
        assert "generated/ is stale" in result.stdout
        assert "differs  generated/aidp_notebook_client/models/session.py" in result.stdout
        extra = project / "generated" / "aidp_notebook_client" / "stray.py"
        extra.write_text("x = 1\n")
        assert (
            "extra    generated/aidp_notebook_client/stray.py" in _codegen(project, "check").stdout
        )
        extra.unlink()
    finally:
        session_py.write_text(original)
    assert _codegen(project, "check").returncode == 0


def test_bytecode_caches_do_not_make_generated_stale(project: Path) -> None:
    # Running the suite leaves __pycache__ in generated/; `make test` twice must still pass.
    cache = project / "generated" / "aidp_notebook_client" / "models" / "__pycache__"
    cache.mkdir(exist_ok=True)
    (cache / "session.cpython-311.pyc").write_bytes(b"\x00cached")
    try:
        result = _codegen(project, "check")
        assert result.returncode == 0, result.stdout
        generated = _codegen(project, "generate")
        assert "nothing changed" in generated.stdout
        assert (cache / "session.cpython-311.pyc").exists()  # not ours to delete
    finally:
        shutil.rmtree(cache)


def test_spec_change_rewrites_only_generated(project: Path) -> None:
    spec = project / "openapi" / "notebook-sessions.yaml"
    original_spec = spec.read_text()
    pristine = _snapshot(project)
    anchor = "        path:\n          type: string\n          description: Path of the notebook"
    assert anchor in original_spec
    spec.write_text(
        original_spec.replace(
            anchor,
            "        zzProbeCreated:\n"
            "          type: string\n"
            "          format: date-time\n"
            "          description: When the session was created.\n" + anchor,
            1,
        )
    )
    before = _snapshot(project)
    result = _codegen(project, "generate")
    assert result.returncode == 0, result.stderr
    after = _snapshot(project)
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    assert changed == {
        "generated/aidp_notebook_client/models/session.py",
        "generated/aidp_notebook_client/spec-manifest.json",
    }
    assert "~ schema Session: + field zzProbeCreated (string(date-time))" in result.stdout
    assert "changed  models/session.py" in result.stdout
    assert (
        "zz_probe_created"
        in (project / "generated/aidp_notebook_client/models/session.py").read_text()
    )
    # The new code imports and parses the new field.
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]);"
            "from aidp_notebook_client.models import Session;"
            "s = Session.from_dict({'id': 'i', 'name': 'n', 'zzProbeCreated': '2026-01-01T00:00:00Z'});"
            "print(s.zz_probe_created.year)",
            str(project / "generated"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert probe.stdout.strip() == "2026", probe.stderr
    # Restoring the spec restores the committed output exactly.
    spec.write_text(original_spec)
    assert _codegen(project, "generate").returncode == 0
    assert _snapshot(project) == pristine
