"""The README's figures are derived from the code: a stale one fails here."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_readme_figures_are_up_to_date() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "readme_figures.py"), "--check"],
        capture_output=True, text=True, timeout=300, check=False, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_check_notices_a_hand_typed_count(tmp_path, monkeypatch) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import readme_figures
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    readme = tmp_path / "README.md"
    readme.write_text(
        "x\n<!-- figures:test-suite -->\n| **all** | **9** |\n<!-- /figures:test-suite -->\n"
    )
    monkeypatch.setattr(readme_figures, "README", readme)
    monkeypatch.setattr(readme_figures, "collected_tests", lambda: ["tests/test_a.py::t"] * 3)
    assert readme_figures.main(["--check"]) == 1
    assert readme_figures.main([]) == 0
    assert "| **all** | **3** |" in readme.read_text()
    assert readme_figures.main(["--check"]) == 0
