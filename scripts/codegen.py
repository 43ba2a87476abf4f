"""Regenerate `generated/aidp_notebook_client` from the hand-maintained spec.

    python scripts/codegen.py generate   # rewrite generated/, print what changed
    python scripts/codegen.py check      # exit 1 if generated/ is stale

Both modes emit the package into a scratch directory first with the pinned
openapi-python-client (and the pinned ruff it formats with), so `check` compares
exactly what `generate` would write. Only `generated/` is ever written.

Besides the generator's output, the package gets `operations.py`: every operation of
the spec as methods of the sync and async clients (scripts/render_operations.py), and
`spec-manifest.json`, the summary of the spec that `generate` diffs to report changes.
"""

from __future__ import annotations

import argparse
import copy
import difflib
import filecmp
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_operations import RenderError, render
from spec_manifest import HTTP_METHODS, diff_manifests, load_spec, manifest_of, resolve

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "notebook-sessions.yaml"
TEMPLATES = ROOT / "openapi" / "templates"
CONFIG = ROOT / "generator-config.yaml"
PACKAGE = "aidp_notebook_client"
TARGET = ROOT / "generated" / PACKAGE
MANIFEST_NAME = "spec-manifest.json"
OPERATIONS_NAME = "operations.py"
# The docstrings of the operation methods name the error classes of this module.
ERRORS = ROOT / "overlays" / "aidp_notebook" / "_errors.py"


def _tool(name: str) -> str:
    """The pinned tool installed next to the running interpreter."""
    candidate = Path(sys.executable).parent / name
    if not candidate.exists():
        sys.exit(f"codegen: {name} is not installed in {candidate.parent}; run `make generate`.")
    return str(candidate)


# --- spec preprocessing: what the generator reads is the spec plus generation-only marks --

NULLABLE_OPTIONALS = "x-nullable-optionals"
_SCHEMA_PREFIX = "#/components/schemas/"


def prepare_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of `spec` with the marks the model template reads.

    Every schema that a response uses, directly or nested, gets `x-nullable-optionals`:
    its model reads JSON null in a field that is not required as None and writes it back
    as null (openapi/templates/model.py.jinja), because services built on Jupyter send
    null for "no value". Request-only schemas stay strict, so a request never carries a
    null that the spec does not allow.
    """
    prepared = copy.deepcopy(spec)
    schemas = prepared.get("components", {}).get("schemas", {})
    for name in schemas_in_responses(prepared):
        schemas[name][NULLABLE_OPTIONALS] = True
    return prepared


def schemas_in_responses(spec: dict[str, Any]) -> set[str]:
    """The names of the component schemas that any response body can contain."""
    found: set[str] = set()
    pending = [
        media.get("schema", {})
        for item in spec.get("paths", {}).values()
        for method in HTTP_METHODS
        for response in item.get(method, {}).get("responses", {}).values()
        for media in resolve(spec, response).get("content", {}).values()
    ]
    while pending:
        node = pending.pop()
        if not isinstance(node, dict):
            continue
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_SCHEMA_PREFIX):
            name = ref[len(_SCHEMA_PREFIX) :]
            if name not in found:
                found.add(name)
                pending.append(resolve(spec, node))
            continue
        pending += list(node.get("properties", {}).values())
        pending += [node.get("items"), node.get("additionalProperties"), node.get("not")]
        for key in ("allOf", "oneOf", "anyOf"):
            pending += node.get(key, [])
    return found


def emit(dest: Path) -> None:
    """Run the generator into `dest` (which must not exist) and add the spec manifest."""
    prepared = dest.parent / "prepared-spec.json"
    prepared.write_text(json.dumps(prepare_spec(load_spec(SPEC)), indent=1))
    env = dict(os.environ)
    # The post hooks call `ruff`: make sure it is the pinned one beside this interpreter.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["RUFF_NO_CACHE"] = "true"
    cmd = [
        _tool("openapi-python-client"),
        "generate",
        "--path", str(prepared),
        "--config", str(CONFIG),
        "--custom-template-path", str(TEMPLATES),
        "--meta", "none",
        "--output-path", str(dest),
    ]  # fmt: skip
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not (dest / "__init__.py").exists():
        sys.exit(f"codegen: the generator failed:\n{result.stdout}{result.stderr}")
    spec = load_spec(SPEC)
    try:
        operations = render(
            spec, spec_path=SPEC, config_path=CONFIG, template_dir=TEMPLATES, errors_path=ERRORS
        )
    except RenderError as exc:
        sys.exit(f"codegen: cannot emit the client methods: {exc}")
    (dest / OPERATIONS_NAME).write_text(operations, encoding="utf-8")
    _format(dest / OPERATIONS_NAME, env)
    shutil.rmtree(dest / ".ruff_cache", ignore_errors=True)
    (dest / "py.typed").write_text("# Marker file for PEP 561\n")
    manifest = manifest_of(spec, SPEC.read_bytes())
    (dest / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def _format(path: Path, env: dict[str, str]) -> None:
    """Format a file written after the generator the way its post hooks format the rest."""
    config = yaml.safe_load(CONFIG.read_text())
    for hook in config.get("post_hooks", []):
        # The hooks name no paths ("ruff format ."); run them on this one file.
        argv = [arg for arg in shlex.split(hook) if arg != "."]
        result = subprocess.run(
            [*argv, path.name], cwd=path.parent, env=env, capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        if result.returncode != 0:
            sys.exit(f"codegen: `{hook}` failed on {path.name}:\n{result.stdout}{result.stderr}")


def _files(root: Path) -> set[str]:
    """The files of a generated tree; Python's bytecode caches are not part of it."""
    if not root.exists():
        return set()
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


def compare(new: Path, old: Path) -> tuple[list[str], list[str], list[str]]:
    """Files added, removed and changed going from `old` to `new`."""
    new_files, old_files = _files(new), _files(old)
    changed = [
        f for f in sorted(new_files & old_files) if not filecmp.cmp(new / f, old / f, shallow=False)
    ]
    return sorted(new_files - old_files), sorted(old_files - new_files), changed


def _changed_lines(a: Path, b: Path) -> tuple[int, int]:
    old = a.read_text().splitlines() if a.is_file() else []
    new = b.read_text().splitlines() if b.is_file() else []
    plus = minus = 0
    for line in difflib.unified_diff(old, new, lineterm="", n=0):
        if line.startswith("+") and not line.startswith("+++"):
            plus += 1
        elif line.startswith("-") and not line.startswith("---"):
            minus += 1
    return plus, minus


def _old_manifest() -> dict[str, object] | None:
    path = TARGET / MANIFEST_NAME
    if not path.exists():
        return None
    loaded: dict[str, object] = json.loads(path.read_text())
    return loaded


def generate() -> int:
    with tempfile.TemporaryDirectory(prefix="aidp-codegen-") as scratch:
        fresh = Path(scratch) / PACKAGE
        emit(fresh)
        added, removed, changed = compare(fresh, TARGET)
        new_manifest = json.loads((fresh / MANIFEST_NAME).read_text())
        api_changes = diff_manifests(_old_manifest(), new_manifest)
        if not (added or removed or changed):
            print("codegen: generated/ is up to date; nothing changed.")
            return 0
        file_lines = [
            f"  {label:8} {name} (+{plus} -{minus})"
            for label, names in (("added", added), ("removed", removed), ("changed", changed))
            for name in names
            for plus, minus in [_changed_lines(TARGET / name, fresh / name)]
        ]
        for name in removed:
            (TARGET / name).unlink()
        for name in added + changed:
            (TARGET / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(fresh / name, TARGET / name)
        for directory in sorted(TARGET.rglob("*"), reverse=True):
            if directory.is_dir() and not any(directory.iterdir()):
                directory.rmdir()
    print(f"codegen: rewrote generated/{PACKAGE} from {SPEC.relative_to(ROOT)}")
    print("API changes:")
    print("\n".join(api_changes or ["  (none: operations, schemas and fields are as before)"]))
    print("Files:")
    print("\n".join(file_lines))
    return 0


def check() -> int:
    with tempfile.TemporaryDirectory(prefix="aidp-codegen-") as scratch:
        fresh = Path(scratch) / PACKAGE
        emit(fresh)
        added, removed, changed = compare(fresh, TARGET)
    if added or removed or changed:
        print("codegen: generated/ is stale: it differs from what `make generate` writes.")
        for label, names in (("missing", added), ("extra", removed), ("differs", changed)):
            for name in names:
                print(f"  {label:8} generated/{PACKAGE}/{name}")
        print("Run `make generate` and commit the result; never edit generated/ by hand.")
        return 1
    print("codegen: generated/ matches the spec.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["generate", "check"])
    args = parser.parse_args()
    return generate() if args.mode == "generate" else check()


if __name__ == "__main__":
    raise SystemExit(main())
