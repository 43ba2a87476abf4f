"""One wheel carries both import packages and their typing markers."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import aidp_notebook
import aidp_notebook_client

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_holds_both_packages(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("aidp_notebook-*.whl")
    assert wheel.name.startswith(f"aidp_notebook-{aidp_notebook.__version__}-")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "aidp_notebook/__init__.py",
        "aidp_notebook/py.typed",
        "aidp_notebook_client/__init__.py",
        "aidp_notebook_client/py.typed",
        "aidp_notebook_client/spec-manifest.json",
        "aidp_notebook_client/models/session.py",
        "aidp_notebook_client/api/notebook/get_session.py",
    ):
        assert required in names
    assert not any(name.startswith(("tests/", "scripts/")) for name in names)
    metadata = next(n for n in names if n.endswith("METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Requires-Python: >=3.11" in text
    for dependency in ("httpx", "attrs", "python-dateutil", "oci"):
        assert f"Requires-Dist: {dependency}" in text


def test_overlay_imports_the_generated_package() -> None:
    assert aidp_notebook.Session is aidp_notebook_client.models.Session
    manifest = json.loads(
        resources.files("aidp_notebook_client").joinpath("spec-manifest.json").read_text()
    )
    assert manifest["api_version"] == aidp_notebook.API_VERSION
