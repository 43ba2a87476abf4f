"""`make vendor`: a copy of the SDK that lives in another project's package and stands alone."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import aidp_notebook
import pytest
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    LocalNotebookService,
)

ROOT = Path(__file__).resolve().parent.parent
NAMESPACE = "their_pkg._vendor"

sys.path.insert(0, str(ROOT / "scripts"))
from vendor import check_copy, rewrite_source  # noqa: E402

# Runs in a child interpreter that must not see the installed SDK: a meta-path finder put
# ahead of the editable install's refuses both top-level packages, so any import of ours
# left in the copy fails instead of quietly succeeding from the repository.
DRIVER = """
import json, sys

BLOCKED = {"aidp_notebook", "aidp_notebook_client"}

class Blocker:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"{name} is hidden from this test", name=name)
        return None

sys.meta_path.insert(0, Blocker())
try:
    import aidp_notebook
except ModuleNotFoundError:
    hidden = True
else:
    hidden = False

sys.path.insert(0, sys.argv[1])
from their_pkg._vendor.aidp_notebook import NotebookClient
from their_pkg._vendor.aidp_notebook.testing import LocalNotebookService

ids = sys.argv[2:5]
with LocalNotebookService() as service:
    with NotebookClient(service.config, service_endpoint=service.endpoint) as client:
        session = client.get_session(*ids)
    recorded = service.requests[-1]
print(json.dumps({
    "hidden": hidden,
    "name": session.name,
    "model": type(session).__module__,
    "signature_valid": recorded.signature_valid,
    "leaked": sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED),
    "file": sys.modules["their_pkg._vendor.aidp_notebook"].__file__,
}))
"""


def _vendor(
    dest: Path, namespace: str = NAMESPACE, root: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(root / "scripts" / "vendor.py"),
            "--dest",
            str(dest),
            "--namespace",
            namespace,
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `root` with its bytes and modification time."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def _new_project(base: Path) -> Path:
    """A throwaway project with a `their_pkg` package; returns where the copy goes."""
    package = base / "src" / "their_pkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    return package / "_vendor"


@pytest.fixture(scope="module")
def dest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = _new_project(tmp_path_factory.mktemp("theirproj"))
    result = _vendor(target)
    assert result.returncode == 0, result.stderr
    assert f"into {target} as {NAMESPACE}" in result.stdout
    return target


def test_vendored_copy_gets_a_session_without_the_installed_sdk(dest: Path) -> None:
    ids = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    result = subprocess.run(
        [sys.executable, "-I", "-c", DRIVER, str(dest.parent.parent), *ids],
        capture_output=True,
        text=True,
        check=False,
        cwd=dest.parent.parent,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    expected = LocalNotebookService().get_session_json(*ids)
    assert expected is not None
    assert seen["name"] == expected["name"]
    assert seen["hidden"], "the installed aidp_notebook was importable in the child"
    assert seen["model"] == f"{NAMESPACE}.aidp_notebook_client.models.session"
    assert seen["signature_valid"]
    assert seen["leaked"] == []
    assert Path(seen["file"]).is_relative_to(dest)


def test_copy_imports_only_itself_and_keeps_logger_names(dest: Path) -> None:
    files = {
        p.relative_to(dest).as_posix(): p.read_bytes()
        for p in dest.rglob("*")
        if p.is_file() and p.parent != dest and "__pycache__" not in p.parts
    }
    assert "aidp_notebook/testing/_service.py" in files
    assert "aidp_notebook_client/spec-manifest.json" in files
    assert "aidp_notebook/py.typed" in files and "aidp_notebook_client/py.typed" in files
    assert not any(
        name.startswith(("aidp_notebook/cli", "aidp_notebook/__main__")) for name in files
    )
    for name, data in files.items():
        if name.endswith(".py"):
            for node in ast.walk(ast.parse(data)):
                if isinstance(node, ast.ImportFrom) and node.level == 0:
                    assert not (node.module or "").startswith("aidp_notebook"), (name, node.module)
                elif isinstance(node, ast.Import):
                    assert not any(a.name.startswith("aidp_notebook") for a in node.names), name
    assert check_copy(files, NAMESPACE) == []
    core = files["aidp_notebook/_core.py"].decode()
    assert 'logging.getLogger("aidp_notebook")' in core
    plugin_doc = files["aidp_notebook/testing/__init__.py"].decode()
    assert f'"{NAMESPACE}.aidp_notebook.testing.pytest_plugin"' in plugin_doc


def test_notes_and_manifest_describe_the_copy(dest: Path) -> None:
    notes = (dest / "VENDORED.md").read_text()
    spec = json.loads((ROOT / "generated/aidp_notebook_client/spec-manifest.json").read_text())
    assert f"| SDK version | {aidp_notebook.__version__} |" in notes
    assert f"| API version | {aidp_notebook.API_VERSION} |" in notes
    assert f"| spec sha256 | `{spec['spec_sha256']}` |" in notes
    assert f"| namespace | `{NAMESPACE}` |" in notes
    assert f"make vendor DEST=path/to/their_pkg/_vendor NAMESPACE={NAMESPACE}" in notes
    assert re.search(r"\d{4}-\d{2}-\d{2}", notes) is None, "a date makes re-runs differ"
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    )
    if head.returncode == 0:  # made from a git checkout: the commit is recorded
        assert f"| source commit | `{head.stdout.strip()}" in notes
    manifest = json.loads((dest / ".aidp-vendor-manifest.json").read_text())
    on_disk = {
        p.relative_to(dest).as_posix()
        for p in dest.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert set(manifest["files"]) == on_disk - {"__init__.py", ".aidp-vendor-manifest.json"}
    assert "- `aidp_notebook/_core.py`" in notes
    assert (dest / "__init__.py").read_text().startswith('"""')


def test_second_run_is_up_to_date_and_touches_nothing(dest: Path) -> None:
    before = _snapshot(dest)
    result = _vendor(dest)
    assert result.returncode == 0, result.stderr
    assert "is up to date" in result.stdout and "nothing changed" in result.stdout
    assert _snapshot(dest) == before


def test_a_local_edit_is_reported_and_replaced(dest: Path) -> None:
    retry = dest / "aidp_notebook" / "_retry.py"
    original = retry.read_bytes()
    retry.write_bytes(original + b"\nHACK = True\n")
    result = _vendor(dest)
    assert result.returncode == 0, result.stderr
    assert "changed  aidp_notebook/_retry.py (edited in DEST" in result.stdout
    assert retry.read_bytes() == original
    assert "is up to date" in _vendor(dest).stdout


@pytest.fixture
def sdk_copy(tmp_path: Path) -> Path:
    """The parts of the repository vendor.py reads, to change without touching the real one."""
    root = tmp_path / "sdk"
    for name in ("scripts", "generated", "overlays"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_update_to_a_newer_sdk_reports_every_change(sdk_copy: Path, tmp_path: Path) -> None:
    overlay = sdk_copy / "overlays" / "aidp_notebook"
    legacy = overlay / "legacy"
    legacy.mkdir()
    (legacy / "__init__.py").write_text("OLD = 1\n")
    target = _new_project(tmp_path / "theirproj")
    target.mkdir()
    (target / "__init__.py").write_text("# their own init\n")
    (target / "other_lib.py").write_text("# something else they vendor\n")
    assert _vendor(target, root=sdk_copy).returncode == 0
    assert (target / "aidp_notebook" / "legacy" / "__init__.py").exists()

    # The next SDK release: new version numbers, one module more, one fewer.
    shutil.rmtree(legacy)
    (overlay / "_extra.py").write_text("from aidp_notebook_client.types import UNSET\n")
    version = overlay / "_version.py"
    _replace(version, f'__version__ = "{aidp_notebook.__version__}"', '__version__ = "9.9.9"')
    _replace(version, f'API_VERSION = "{aidp_notebook.API_VERSION}"', 'API_VERSION = "20990101"')
    spec_manifest = sdk_copy / "generated" / "aidp_notebook_client" / "spec-manifest.json"
    spec = json.loads(spec_manifest.read_text())
    old_sha, spec["spec_sha256"], spec["api_version"] = spec["spec_sha256"], "f" * 64, "20990101"
    spec_manifest.write_text(json.dumps(spec, indent=2, sort_keys=True) + "\n")

    result = _vendor(target, root=sdk_copy)
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert f"  SDK version   {aidp_notebook.__version__} -> 9.9.9" in out
    assert f"  API version   {aidp_notebook.API_VERSION} -> 20990101" in out
    assert f"  spec sha256   {old_sha[:12]} -> ffffffffffff" in out
    assert f"  namespace     {NAMESPACE}" in out
    assert {line for line in out if line.startswith(("  added", "  removed", "  changed"))} == {
        "  added    aidp_notebook/_extra.py",
        "  removed  aidp_notebook/legacy/__init__.py",
        "  changed  aidp_notebook/_version.py",
        "  changed  aidp_notebook_client/spec-manifest.json",
        "  changed  VENDORED.md",
    }
    assert not (target / "aidp_notebook" / "legacy").exists()
    extra = (target / "aidp_notebook" / "_extra.py").read_text()
    assert extra == f"from {NAMESPACE}.aidp_notebook_client.types import UNSET\n"
    assert "| SDK version | 9.9.9 |" in (target / "VENDORED.md").read_text()
    # What the tool did not write is untouched.
    assert (target / "__init__.py").read_text() == "# their own init\n"
    assert (target / "other_lib.py").read_text() == "# something else they vendor\n"


@pytest.mark.parametrize(
    ("dest_parts", "namespace", "message"),
    [
        (("src", "their_pkg", "_vendor"), "their-pkg._vendor", "is not a dotted Python name"),
        (("src", "their_pkg", "_vendor"), "their_pkg.._vendor", "is not a dotted Python name"),
        (("src", "their_pkg", "class"), "their_pkg.class", "is not a dotted Python name"),
        (("src", "aidp_notebook", "_vendor"), "aidp_notebook._vendor", "not one of the SDK's"),
        (("src", "their_pkg", "vendored"), NAMESPACE, "does not match NAMESPACE"),
        (("src", "missing", "their_pkg", "_vendor"), NAMESPACE, "parent of DEST"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    tmp_path: Path, dest_parts: tuple[str, ...], namespace: str, message: str
) -> None:
    _new_project(tmp_path)
    before = _snapshot(tmp_path)
    result = _vendor(tmp_path.joinpath(*dest_parts), namespace)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert _snapshot(tmp_path) == before


def test_dest_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = _new_project(tmp_path)
    target.write_text("not a package\n")
    result = _vendor(target)
    assert result.returncode == 2
    assert "exists and is not a directory" in result.stderr
    assert target.read_text() == "not a package\n"


def test_dest_inside_the_sdk_repository_is_refused() -> None:
    inside = ROOT / "no-such-dir" / "their_pkg" / "_vendor"
    result = _vendor(inside)
    assert result.returncode == 2
    assert "inside the aidp-notebook repository" in result.stderr
    assert not (ROOT / "no-such-dir").exists()


def test_missing_arguments_are_a_usage_error() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "vendor.py"), "--namespace", NAMESPACE],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "the following arguments are required: --dest" in result.stderr


def test_files_it_did_not_write_are_never_overwritten(tmp_path: Path) -> None:
    target = _new_project(tmp_path)
    hand_copy = target / "aidp_notebook" / "__init__.py"
    hand_copy.parent.mkdir(parents=True)
    hand_copy.write_text("# copied by hand, long ago\n")
    result = _vendor(target)
    assert result.returncode == 2
    assert "already holds files this tool did not write" in result.stderr
    assert "aidp_notebook/__init__.py" in result.stderr
    assert hand_copy.read_text() == "# copied by hand, long ago\n"
    assert not (target / ".aidp-vendor-manifest.json").exists()


def test_a_manifest_cannot_point_outside_the_copy(dest: Path, tmp_path: Path) -> None:
    target = _new_project(tmp_path)
    shutil.copytree(dest, target, ignore=shutil.ignore_patterns("__pycache__"))
    manifest_path = target / ".aidp-vendor-manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"]["../__init__.py"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest))
    result = _vendor(target)
    assert result.returncode == 2
    assert "lists files outside the vendored packages" in result.stderr
    assert (target.parent / "__init__.py").exists()


def test_rewrite_covers_every_import_form_and_leaves_the_rest() -> None:
    source = (
        "import aidp_notebook\n"
        "import aidp_notebook.testing\n"
        "import os, aidp_notebook_client.models as models\n"
        "from aidp_notebook_client.models import (\n"
        "    Session,  # aidp_notebook stays in comments\n"
        "    Kernel,\n"
        ")\n"
        "from . import sibling\n"
        "from ..aidp_notebook import relative\n"
        "import aidp_notebook_clientele\n"
        'log = logging.getLogger("aidp_notebook.testing")\n'
        'ENTRY = "aidp_notebook.cli:main"\n'
        'PATH = "overlays/aidp_notebook/_core.py"\n'
        'WHEEL = "aidp_notebook-0.1.0-py3-none-any.whl"\n'
        'HINT = f"use aidp_notebook.auth, not {aidp_notebook.__name__!r}"\n'
        'DOC = """Enable ``pytest_plugins = ["aidp_notebook.testing.pytest_plugin"]``."""\n'
    )
    expected = (
        "import ns.aidp_notebook as aidp_notebook\n"
        "import ns.aidp_notebook.testing as aidp_notebook, ns.aidp_notebook as aidp_notebook\n"
        "import os, ns.aidp_notebook_client.models as models\n"
        "from ns.aidp_notebook_client.models import (\n"
        "    Session,  # aidp_notebook stays in comments\n"
        "    Kernel,\n"
        ")\n"
        "from . import sibling\n"
        "from ..aidp_notebook import relative\n"
        "import aidp_notebook_clientele\n"
        'log = logging.getLogger("aidp_notebook.testing")\n'
        'ENTRY = "ns.aidp_notebook.cli:main"\n'
        'PATH = "overlays/aidp_notebook/_core.py"\n'
        'WHEEL = "aidp_notebook-0.1.0-py3-none-any.whl"\n'
        'HINT = f"use ns.aidp_notebook.auth, not {aidp_notebook.__name__!r}"\n'
        'DOC = """Enable ``pytest_plugins = ["ns.aidp_notebook.testing.pytest_plugin"]``."""\n'
    )
    assert rewrite_source(source, "ns") == expected


def test_rewritten_plain_submodule_import_binds_the_vendored_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "ns_probe" / "aidp_notebook"
    package.mkdir(parents=True)
    (package.parent / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "testing.py").write_text("X = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    code = rewrite_source(
        "import aidp_notebook.testing\nRESULT = aidp_notebook.testing.X\n", "ns_probe"
    )
    scope: dict[str, object] = {}
    try:
        exec(compile(code, "probe", "exec"), scope)  # noqa: S102 (our own two lines)
    finally:
        for name in [m for m in sys.modules if m.startswith("ns_probe")]:
            del sys.modules[name]
    assert scope["RESULT"] == 42
    assert getattr(scope["aidp_notebook"], "__name__", None) == "ns_probe.aidp_notebook"


def test_check_copy_names_what_would_escape() -> None:
    files = {
        "aidp_notebook/__init__.py": b"from .cli import main\nfrom . import _gone\n",
        "aidp_notebook/_a.py": b"import aidp_notebook_client\nNAME = 'aidp_notebook.cli:main'\n",
        "aidp_notebook/_b.py": b"from ns.aidp_notebook_client.missing import X\n",
    }
    problems = "\n".join(check_copy(files, "ns"))
    assert (
        "aidp_notebook/__init__.py:1: imports aidp_notebook.cli, which a vendored copy leaves out"
        in problems
    )
    assert "aidp_notebook/_a.py:1: still imports aidp_notebook_client" in problems
    assert "aidp_notebook/_a.py:2: the string 'aidp_notebook.cli:main' names our module" in problems
    assert (
        "aidp_notebook/_b.py:1: imports aidp_notebook_client.missing, which is not in the copy"
        in problems
    )


def _toml_blocks(notes: str) -> list[str]:
    return re.findall(r"```toml\n(.*?)```", notes, re.S)


def test_the_copy_passes_the_hosts_linters_with_the_settings_its_notes_give(dest: Path) -> None:
    project = dest.parents[2]  # theirproj/ (src/their_pkg/_vendor)
    notes = (dest / "VENDORED.md").read_text()
    mypy_settings, ruff_settings = _toml_blocks(notes)
    relative = dest.relative_to(project).as_posix()
    assert "path/to/their_pkg/_vendor" in ruff_settings
    (project / "pyproject.toml").write_text(
        "[tool.mypy]\nstrict = true\n\n" + mypy_settings + "\n"
        + ruff_settings.replace("path/to/their_pkg/_vendor", relative)
    )  # fmt: skip
    # Their own code uses the copy, so mypy follows every import into it.
    (project / "src" / "their_pkg" / "use.py").write_text(
        "from their_pkg._vendor.aidp_notebook import NotebookClient\n"
        "from their_pkg._vendor.aidp_notebook.testing import LocalNotebookService\n\n\n"
        "def endpoint(service: LocalNotebookService) -> str:\n"
        "    with NotebookClient(service.config, service_endpoint=service.endpoint) as c:\n"
        "        return c.service_endpoint\n"
    )
    bin_dir = Path(sys.executable).parent
    mypy = subprocess.run(
        [str(bin_dir / "mypy"), "--cache-dir", str(project / ".mypy_cache"), "src"],
        cwd=project, capture_output=True, text=True, check=False,
        env={**os.environ, "MYPYPATH": str(project / "src")},
    )  # fmt: skip
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    assert "no issues found" in mypy.stdout
    ruff = subprocess.run(
        [str(bin_dir / "ruff"), "check", "--no-cache", "."],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    # Without the settings the notes give, the host's checks do fail: they are needed.
    (project / "pyproject.toml").write_text("[tool.mypy]\nstrict = true\n")
    bare = subprocess.run(
        [str(bin_dir / "mypy"), "--cache-dir", str(project / ".mypy_cache"), "src"],
        cwd=project, capture_output=True, text=True, check=False,
        env={**os.environ, "MYPYPATH": str(project / "src")},
    )  # fmt: skip
    assert bare.returncode == 1
    assert "import-untyped" in bare.stdout
    (project / "pyproject.toml").unlink()
    (project / "src" / "their_pkg" / "use.py").unlink()
