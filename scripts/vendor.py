"""Copy the SDK into another project's package, under that project's namespace.

    python scripts/vendor.py --dest theirproj/src/their_pkg/_vendor --namespace their_pkg._vendor
    make vendor DEST=theirproj/src/their_pkg/_vendor NAMESPACE=their_pkg._vendor

The copy imports as `their_pkg._vendor.aidp_notebook` (and `..aidp_notebook_client`)
and imports nothing from an installed aidp-notebook: absolute imports between the two
packages, and module names in strings, are rewritten with `ast` and `tokenize`, then
every file is parsed again to prove it. Re-running updates the copy in place and says
what changed; a second run in a row changes nothing. The files it writes are listed in
DEST/.aidp-vendor-manifest.json, and nothing else in DEST is ever modified or deleted.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import io
import json
import keyword
import os
import re
import subprocess
import sys
import tempfile
import tokenize
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OURS = ("aidp_notebook", "aidp_notebook_client")
SOURCES = {
    "aidp_notebook_client": ROOT / "generated" / "aidp_notebook_client",
    "aidp_notebook": ROOT / "overlays" / "aidp_notebook",
}
# The command-line tool is for people at a terminal, not for code that embeds the SDK;
# `testing` stays, because the embedding project's tests want the local service.
EXCLUDED = {"aidp_notebook": frozenset({"cli", "cli.py", "__main__.py"})}
MANIFEST_NAME = ".aidp-vendor-manifest.json"
NOTES_NAME = "VENDORED.md"
MANIFEST_FORMAT = 1
ENCODING = "utf-8"

# A module name of ours inside a string: not part of a longer name or dotted path that is
# already qualified, and not a file path ("overlays/aidp_notebook/...") or a dist name.
_MODULE_IN_TEXT = re.compile(r"(?<![\w./\\])(aidp_notebook_client|aidp_notebook)(?![\w/\\-])")
# A string that is nothing but a module path ("aidp_notebook.cli:main"): an import by name.
_MODULE_STRING = re.compile(r"(aidp_notebook_client|aidp_notebook)(\.[A-Za-z_]\w*)*(:\w+)?")


def _token_types(*names: str) -> frozenset[int]:
    # From Python 3.12 an f-string is several tokens (3.14 adds t-strings); before, one STRING.
    return frozenset(getattr(tokenize, name) for name in names if hasattr(tokenize, name))


_FSTRING_STARTS = _token_types("FSTRING_START", "TSTRING_START")
_FSTRING_ENDS = _token_types("FSTRING_END", "TSTRING_END")


class VendorError(Exception):
    """A problem the user can fix; printed without a traceback."""


# --- rewriting one module ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Edit:
    start: int
    end: int
    text: str


class _Text:
    """Offsets into a source text, from tokenize's (row, char) and ast's (row, byte) positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts = [0]
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def at(self, row: int, col: int) -> int:
        return self.starts[row - 1] + col

    def at_node(self, node: ast.expr | ast.stmt) -> tuple[int, int]:
        end_row = node.end_lineno or node.lineno
        end_col = node.end_col_offset if node.end_col_offset is not None else node.col_offset
        return self._at_bytes(node.lineno, node.col_offset), self._at_bytes(end_row, end_col)

    def _at_bytes(self, row: int, byte_col: int) -> int:
        # ast counts UTF-8 bytes within the line; tokenize and str slicing count characters.
        prefix = self.lines[row - 1].encode(ENCODING)[:byte_col].decode(ENCODING)
        return self.starts[row - 1] + len(prefix)


@dataclass(frozen=True, slots=True)
class _Token:
    type: int
    string: str
    start: int
    end: int


def _tokens(source: _Text) -> list[_Token]:
    readline = io.StringIO(source.text).readline
    return [
        _Token(tok.type, tok.string, source.at(*tok.start), source.at(*tok.end))
        for tok in tokenize.generate_tokens(readline)
    ]


def _is_ours(module: str | None) -> bool:
    return module is not None and module.split(".")[0] in OURS


def _code_tokens(tokens: list[_Token], start: int, end: int) -> list[_Token]:
    skip = {tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT}
    return [t for t in tokens if start <= t.start and t.end <= end and t.type not in skip]


def _dotted_span(toks: list[_Token]) -> tuple[int, int]:
    """The span of the dotted name at the front of `toks` (NAME, '.', NAME, ...)."""
    last = 0
    while (
        last + 2 < len(toks)
        and toks[last + 1].string == "."
        and toks[last + 2].type == tokenize.NAME
    ):
        last += 2
    return toks[0].start, toks[last].end


def _import_edits(tree: ast.AST, tokens: list[_Token], source: _Text, ns: str) -> list[_Edit]:
    """Put `ns.` in front of every absolute import of our packages; relative ones stay."""
    edits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and _is_ours(node.module):
            toks = _code_tokens(tokens, *source.at_node(node))
            start, end = _dotted_span(toks[1:])  # toks[0] is `from`
            edits.append(_Edit(start, end, f"{ns}.{node.module}"))
        elif isinstance(node, ast.Import):
            toks = _code_tokens(tokens, *source.at_node(node))[1:]  # after `import`
            groups: list[list[_Token]] = [[]]
            for tok in toks:
                if tok.string == ",":
                    groups.append([])
                else:
                    groups[-1].append(tok)
            for alias, group in zip(node.names, groups, strict=True):
                if _is_ours(alias.name):
                    start, end = _dotted_span(group)
                    edits.append(_Edit(start, end, _vendored_import(alias, ns)))
    return edits


def _vendored_import(alias: ast.alias, ns: str) -> str:
    if alias.asname is not None:
        return f"{ns}.{alias.name}"
    top = alias.name.split(".")[0]
    if alias.name == top:
        return f"{ns}.{top} as {top}"
    # `import aidp_notebook.testing` loads the submodule and binds `aidp_notebook`. Import the
    # vendored submodule first (its binding is overwritten at once), then bind the package.
    return f"{ns}.{alias.name} as {top}, {ns}.{top} as {top}"


def _logger_names(tree: ast.AST) -> list[ast.Constant]:
    """The string literals passed to `getLogger(...)`.

    They stay as they are: the copy logs under the SDK's own logger names, so logging
    configuration written for the SDK applies to a vendored copy too.
    """
    names = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        callee = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if callee != "getLogger":
            continue
        for arg in [*node.args[:1], *(k.value for k in node.keywords if k.arg == "name")]:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                names.append(arg)
    return names


def _string_spans(tokens: list[_Token]) -> Iterator[tuple[int, int]]:
    """(start, end) of every string literal, f-strings whole (Python 3.12 splits them up)."""
    depth = 0
    for tok in tokens:
        if tok.type in _FSTRING_STARTS:
            if depth == 0:
                start = tok.start
            depth += 1
        elif tok.type in _FSTRING_ENDS:
            depth -= 1
            if depth == 0:
                yield start, tok.end
        elif tok.type == tokenize.STRING and depth == 0:
            yield tok.start, tok.end


def _literal_parts(raw: str) -> Iterator[tuple[bool, str]]:
    """Split f-string source into (is_literal_text, chunk): `{expressions}` are not text."""
    depth, chunk, i = 0, "", 0
    while i < len(raw):
        pair = raw[i : i + 2]
        if depth == 0 and pair in ("{{", "}}"):
            chunk, i = chunk + pair, i + 2
            continue
        char = raw[i]
        if char == "{":
            if depth == 0:
                yield True, chunk
                chunk = ""
            depth += 1
        chunk += char
        if char == "}" and depth > 0:
            depth -= 1
            if depth == 0:
                yield False, chunk
                chunk = ""
        i += 1
    yield depth == 0, chunk


def _rewrite_text(text: str, ns: str) -> str:
    return _MODULE_IN_TEXT.sub(lambda m: f"{ns}.{m.group(1)}", text)


def _string_edits(tokens: list[_Token], source: _Text, exempt: set[int], ns: str) -> list[_Edit]:
    edits = []
    for start, end in _string_spans(tokens):
        if start in exempt:
            continue
        raw = source.text[start:end]
        prefix = raw[: len(raw) - len(raw.lstrip("rRbBuUfFtT"))].lower()
        if "f" in prefix or "t" in prefix:
            new = "".join(_rewrite_text(c, ns) if lit else c for lit, c in _literal_parts(raw))
        else:
            new = _rewrite_text(raw, ns)
        if new != raw:
            edits.append(_Edit(start, end, new))
    return edits


def rewrite_source(text: str, ns: str) -> str:
    """`text` with our absolute imports and module names in strings moved under `ns`.

    Relative imports, comments and the names given to `logging.getLogger` stay as they are.
    """
    tree = ast.parse(text)
    source = _Text(text)
    tokens = _tokens(source)
    edits = _import_edits(tree, tokens, source, ns)
    exempt = {source.at_node(node)[0] for node in _logger_names(tree)}
    edits += _string_edits(tokens, source, exempt, ns)
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


# --- checking the whole copy ---------------------------------------------------------------


def _module_of(rel: str) -> str:
    parts = list(PurePosixPath(rel).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_targets(
    node: ast.Import | ast.ImportFrom, module: str, is_package: bool, ns: str
) -> tuple[list[str], list[str]]:
    """Copy-relative modules an import must find, and names that may be modules or not.

    `from x import y` needs x; y may be a submodule or just a name x defines. Imports of
    anything outside the copy (the standard library, httpx, ...) are not listed.
    """
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
        return [n.removeprefix(f"{ns}.") for n in names if n.startswith(f"{ns}.")], []
    base = node.module or ""
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        anchor = package[: len(package) - (node.level - 1)]
        base = ".".join([*anchor, base] if base else anchor)
    elif base.startswith(f"{ns}."):
        base = base.removeprefix(f"{ns}.")
    else:
        return [], []
    return [base], [f"{base}.{alias.name}" for alias in node.names if alias.name != "*"]


def _left_out(name: str) -> bool:
    modules = {
        f"{pkg}.{Path(entry).stem}" for pkg, entries in EXCLUDED.items() for entry in entries
    }
    return any(name == module or name.startswith(f"{module}.") for module in modules)


def _import_problems(
    node: ast.Import | ast.ImportFrom, module: str, is_package: bool, ns: str, modules: set[str]
) -> list[str]:
    problems = []
    if isinstance(node, ast.ImportFrom):
        if node.level == 0 and _is_ours(node.module):
            problems.append(f"still imports {node.module}")
    else:
        problems += [f"still imports {a.name}" for a in node.names if _is_ours(a.name)]
    required, optional = _import_targets(node, module, is_package, ns)
    for name in required + optional:
        if _left_out(name):
            problems.append(f"imports {name}, which a vendored copy leaves out")
        elif name in required and name not in modules:
            problems.append(f"imports {name}, which is not in the copy")
    return problems


def check_copy(files: Mapping[str, bytes], ns: str) -> list[str]:
    """Problems that would make the copy reach outside itself; empty when it is sound.

    Every absolute import of ours must be gone, every import of the vendored packages must
    name a module the copy has (and not the left-out CLI), and no string may name one of
    our modules on its own (as an entry point or an `importlib` target would).
    """
    modules = {_module_of(rel) for rel in files if rel.endswith(".py")}
    problems = []
    for rel, data in sorted(files.items()):
        if not rel.endswith(".py"):
            continue
        module, is_package = _module_of(rel), rel.endswith("/__init__.py")
        tree = ast.parse(data.decode(ENCODING), filename=rel)
        logger_names = {id(node) for node in _logger_names(tree)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                found = _import_problems(node, module, is_package, ns, modules)
                problems += [f"{rel}:{node.lineno}: {problem}" for problem in found]
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in logger_names
                and _MODULE_STRING.fullmatch(node.value)
            ):
                problems.append(f"{rel}:{node.lineno}: the string {node.value!r} names our module")
    return problems


# --- what to write -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SdkInfo:
    version: str
    api_version: str
    spec_sha256: str
    commit: str | None
    dependencies: tuple[str, ...]
    # Dependencies without type information: the host's mypy must be told to skip them.
    untyped_modules: tuple[str, ...]


def _version_constants() -> dict[str, str]:
    # Read, not imported: the SDK being vendored may not be the one installed here.
    path = SOURCES["aidp_notebook"] / "_version.py"
    values = {}
    for node in ast.parse(path.read_text(encoding=ENCODING)).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    values[target.id] = node.value.value
    return values


def _git(*args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "--no-optional-locks", "-C", str(ROOT), *args],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def _source_commit() -> str | None:
    """HEAD of the SDK checkout, if ROOT is one; flagged when the vendored sources differ."""
    top = _git("rev-parse", "--show-toplevel")
    if top is None or Path(top).resolve() != ROOT:
        return None
    head = _git("rev-parse", "HEAD")
    if head is None:
        return None
    sources = [str(path.relative_to(ROOT)) for path in SOURCES.values()]
    dirty = _git("status", "--porcelain", "--", *sources)
    return f"{head} with uncommitted changes" if dirty else head


def read_sdk_info() -> SdkInfo:
    constants = _version_constants()
    manifest_path = SOURCES["aidp_notebook_client"] / "spec-manifest.json"
    spec_manifest = json.loads(manifest_path.read_text(encoding=ENCODING))
    api_version = constants.get("API_VERSION", "")
    if api_version != spec_manifest.get("api_version"):
        raise VendorError(
            f"API_VERSION {api_version!r} in overlays/aidp_notebook/_version.py disagrees with "
            f"{spec_manifest.get('api_version')!r} in the spec manifest; run `make test` first"
        )
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding=ENCODING))
    project = pyproject["project"]
    return SdkInfo(
        version=constants.get("__version__", "unknown"),
        api_version=api_version,
        spec_sha256=str(spec_manifest.get("spec_sha256", "")),
        commit=_source_commit(),
        dependencies=tuple(project.get("dependencies", ())),
        untyped_modules=_untyped_modules(pyproject),
    )


def _untyped_modules(pyproject: Mapping[str, Any]) -> tuple[str, ...]:
    """The modules the SDK's own mypy configuration skips for want of type information."""
    overrides = pyproject.get("tool", {}).get("mypy", {}).get("overrides", [])
    modules: list[str] = []
    for override in overrides:
        if override.get("ignore_missing_imports"):
            names = override.get("module", [])
            modules += [names] if isinstance(names, str) else list(names)
    return tuple(modules)


def _skipped(rel: PurePosixPath, package: str) -> bool:
    caches = any(part == "__pycache__" or part.startswith(".") for part in rel.parts)
    return caches or rel.suffix in {".pyc", ".pyo"} or rel.parts[0] in EXCLUDED.get(package, ())


def vendored_files(ns: str) -> dict[str, bytes]:
    """Every file of the copy, keyed by its path under DEST, with imports rewritten."""
    files = {}
    for package, root in SOURCES.items():
        for path in sorted(root.rglob("*")):
            rel = PurePosixPath(path.relative_to(root).as_posix())
            if not path.is_file() or _skipped(rel, package):
                continue
            data = path.read_bytes()
            if path.suffix == ".py":
                try:
                    data = rewrite_source(data.decode(ENCODING), ns).encode(ENCODING)
                except (SyntaxError, UnicodeDecodeError, tokenize.TokenError) as exc:
                    raise VendorError(f"cannot rewrite {path.relative_to(ROOT)}: {exc}") from None
            files[f"{package}/{rel}"] = data
    return files


def _notes(info: SdkInfo, ns: str, files: Iterable[str]) -> str:
    ns_path = ns.replace(".", "/")
    dependencies = "\n".join(f"- `{dep}`" for dep in info.dependencies)
    listing = "\n".join(f"- `{name}`" for name in sorted(files))
    commit = f"`{info.commit}`" if info.commit else "unknown (not made from a git checkout)"
    return f"""# Vendored aidp-notebook

This directory holds a copy of aidp-notebook, the Python SDK for the notebook-sessions
API of Oracle AI Data Platform Workbench, made by the SDK's `scripts/vendor.py`.
Do not edit the files listed below: the next update overwrites them.

| | |
| --- | --- |
| SDK version | {info.version} |
| API version | {info.api_version} |
| spec sha256 | `{info.spec_sha256}` |
| namespace | `{ns}` |
| source commit | {commit} |

## Using it

```python
from {ns}.aidp_notebook import NotebookClient

with NotebookClient.from_file() as client:  # ~/.oci/config, profile DEFAULT
    session = client.get_session(ai_data_platform_id, workspace_key, session_id)
```

In tests, `{ns}.aidp_notebook.testing.LocalNotebookService` is a local service that
checks OCI signatures; its pytest fixture is enabled with
`pytest_plugins = ["{ns}.aidp_notebook.testing.pytest_plugin"]`.

## How the copy differs from the package

- Absolute imports of `aidp_notebook` and `aidp_notebook_client`, and those module names
  in strings and docstrings, now start with `{ns}.`; relative imports are unchanged.
  The copy imports nothing from an installed aidp-notebook and can run beside one.
- Logger names are unchanged: the copy logs to `aidp_notebook` and
  `aidp_notebook.testing`, as the package does, so logging configuration written for
  the SDK keeps working.
- Left out: the command-line tool (`aidp_notebook.cli`, the `aidp-notebook` command).
  It is for people at a terminal, not for code that embeds the SDK; install the
  package to get it. Kept: `aidp_notebook.testing`, for your tests.

## Dependencies

Your project must depend on what the SDK depends on (and on pytest for the plugin):

{dependencies}

## Your linters

The copy type-checks under your mypy, `--strict` included, given one setting: the
dependencies below ship no type information, so tell mypy to skip them (the SDK's own
configuration does the same):

```toml
[[tool.mypy.overrides]]
module = [{", ".join(f'"{name}"' for name in info.untyped_modules)}]
ignore_missing_imports = true
```

Leave the copy out of your ruff (or flake8) run, as for any vendored code: it follows
the SDK's own style rules, not yours, and you do not edit it.

```toml
[tool.ruff]
extend-exclude = ["path/to/{ns_path}"]
```

## Updating

From a checkout of aidp-notebook at the version you want:

```sh
make vendor DEST=path/to/{ns_path} NAMESPACE={ns}
```

That rewrites this directory in place and prints what changed; run again, it says
"up to date". The files it wrote are listed in `{MANIFEST_NAME}`; it never
modifies or deletes anything else here.

## Files

{listing}
"""


def _manifest(info: SdkInfo, ns: str, files: Mapping[str, bytes]) -> bytes:
    manifest = {
        "format": MANIFEST_FORMAT,
        "tool": "aidp-notebook scripts/vendor.py",
        "namespace": ns,
        "sdk_version": info.version,
        "api_version": info.api_version,
        "spec_sha256": info.spec_sha256,
        "source_commit": info.commit,
        "files": {name: _sha256(data) for name, data in sorted(files.items())},
    }
    return (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode(ENCODING)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the destination -----------------------------------------------------------------------


def check_namespace(ns: str) -> list[str]:
    parts = ns.split(".")
    if not all(part.isidentifier() and not keyword.iskeyword(part) for part in parts):
        raise VendorError(
            f"NAMESPACE {ns!r} is not a dotted Python name (e.g. their_pkg._vendor): "
            "each part must be an identifier and not a keyword"
        )
    if parts[0] in OURS:
        raise VendorError(f"NAMESPACE {ns!r} must be a package of yours, not one of the SDK's")
    return parts


def check_dest(dest: Path, parts: list[str]) -> Path:
    """The absolute DEST, after refusing one that cannot be the package NAMESPACE names."""
    absolute = Path(os.path.abspath(dest))
    if absolute.resolve().is_relative_to(ROOT):
        raise VendorError(
            f"DEST {dest} is inside the aidp-notebook repository ({ROOT}); "
            "give the package directory in your own project"
        )
    tail = absolute.parts[-len(parts) :]
    if list(tail) != parts:
        raise VendorError(
            f"DEST {dest} does not match NAMESPACE {'.'.join(parts)}: the package "
            f"{'.'.join(parts)} lives in a directory ending in {'/'.join(parts)}, "
            f"but DEST ends in {'/'.join(tail)}"
        )
    if absolute.exists() and not absolute.is_dir():
        raise VendorError(f"DEST {dest} exists and is not a directory")
    if not absolute.parent.is_dir():
        raise VendorError(f"the parent of DEST {dest} does not exist: is the path right?")
    return absolute


@dataclass(frozen=True, slots=True)
class Previous:
    """What the manifest of an earlier run says."""

    namespace: str
    sdk_version: str
    api_version: str
    spec_sha256: str
    files: dict[str, str]


def _is_ours_to_touch(name: str) -> bool:
    path = PurePosixPath(name)
    safe = not path.is_absolute() and ".." not in path.parts and str(path) == name
    return safe and (name == NOTES_NAME or path.parts[0] in OURS)


def read_previous(dest: Path) -> Previous | None:
    path = dest / MANIFEST_NAME
    if not path.exists():
        return None
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding=ENCODING))
        previous = Previous(
            namespace=str(data["namespace"]),
            sdk_version=str(data["sdk_version"]),
            api_version=str(data["api_version"]),
            spec_sha256=str(data["spec_sha256"]),
            files={str(k): str(v) for k, v in data["files"].items()},
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise VendorError(f"{path} is not a manifest this tool wrote ({exc!r})") from None
    # Files named there get overwritten or deleted: only ever our own, inside DEST.
    strays = [name for name in previous.files if not _is_ours_to_touch(name)]
    if strays:
        raise VendorError(f"{path} lists files outside the vendored packages: {strays}")
    return previous


@dataclass(frozen=True, slots=True)
class Plan:
    added: list[str]
    removed: list[str]
    changed: list[str]
    edited: set[str]  # files whose content in DEST is not what the last run wrote

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _disk_sha256(path: Path) -> str | None:
    return _sha256(path.read_bytes()) if path.is_file() else None


def plan(dest: Path, files: Mapping[str, bytes], previous: Previous | None) -> Plan:
    before = previous.files if previous else {}
    wanted = {name: _sha256(data) for name, data in files.items()}
    on_disk = {name: _disk_sha256(dest / name) for name in wanted.keys() | before.keys()}
    # A file this tool did not write is never overwritten, unless it already holds exactly
    # what would be written (an earlier run stopped before writing its manifest).
    foreign = sorted(
        name
        for name in wanted.keys() - before.keys()
        if (dest / name).exists() and on_disk[name] != wanted[name]
    )
    if foreign:
        listing = "".join(f"\n  {name}" for name in foreign[:10])
        raise VendorError(
            f"{dest} already holds files this tool did not write; move them away or choose "
            f"another DEST:{listing}" + ("\n  ..." if len(foreign) > 10 else "")
        )
    changed = sorted(
        name
        for name in wanted.keys() & before.keys()
        if before[name] != wanted[name] or on_disk[name] != wanted[name]
    )
    removed = sorted(before.keys() - wanted.keys())
    return Plan(
        added=sorted(wanted.keys() - before.keys()),
        removed=removed,
        changed=changed,
        edited={n for n in changed + removed if on_disk[n] not in (None, before[n])},
    )


def _write(path: Path, data: bytes) -> None:
    """Replace `path` atomically, so an interrupted run never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.chmod(scratch, 0o644)
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise


def apply(dest: Path, files: Mapping[str, bytes], manifest: bytes, todo: Plan) -> None:
    for name in todo.removed:
        (dest / name).unlink(missing_ok=True)
        # Prune directories the removal emptied, up to (not including) DEST itself.
        parent = (dest / name).parent
        while parent != dest and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    for name in todo.added + todo.changed:
        _write(dest / name, files[name])
    # Last: until the manifest names the new files, a re-run redoes this one's work.
    _write(dest / MANIFEST_NAME, manifest)


# --- reporting and the command line --------------------------------------------------------


def _before_after(label: str, before: str, after: str) -> str:
    return f"  {label:14}{before} -> {after}" if before != after else f"  {label:14}{after}"


def report(dest: str, ns: str, info: SdkInfo, previous: Previous | None, todo: Plan) -> str:
    """What a run did: the first copy, nothing, or each version and file that changed."""
    if previous is None:
        return (
            f"vendor: vendored aidp-notebook {info.version} (API {info.api_version}) into {dest} "
            f"as {ns}: {len(todo.added)} files\n"
            f"  import it as `from {ns}.aidp_notebook import NotebookClient`; "
            f"see {NOTES_NAME} there"
        )
    if todo.empty:
        return (
            f"vendor: {dest} is up to date with aidp-notebook {info.version} "
            f"(API {info.api_version}); nothing changed"
        )
    lines = [
        f"vendor: updated {dest}",
        _before_after("namespace", previous.namespace, ns),
        _before_after("SDK version", previous.sdk_version, info.version),
        _before_after("API version", previous.api_version, info.api_version),
        _before_after("spec sha256", previous.spec_sha256[:12], info.spec_sha256[:12]),
    ]
    edited = " (edited in DEST since the last run: the edit is gone)"
    for label, names in (("added", todo.added), ("removed", todo.removed)):
        lines += [f"  {label:8} {n}{edited if n in todo.edited else ''}" for n in names]
    lines += [f"  changed  {n}{edited if n in todo.edited else ''}" for n in todo.changed]
    return "\n".join(lines)


def vendor(dest_arg: str, ns: str) -> str:
    """Vendor into `dest_arg` as `ns`; returns the report. Nothing is written on a problem."""
    parts = check_namespace(ns)
    dest = check_dest(Path(dest_arg), parts)
    info = read_sdk_info()
    files = vendored_files(ns)
    files[NOTES_NAME] = _notes(info, ns, files).encode(ENCODING)
    problems = check_copy(files, ns)
    if problems:
        raise VendorError(
            "the rewritten copy would not stand on its own; nothing was written:"
            + "".join(f"\n  {p}" for p in problems)
        )
    previous = read_previous(dest) if dest.is_dir() else None
    todo = plan(dest, files, previous)
    manifest = _manifest(info, ns, files)
    lines = [report(dest_arg, ns, info, previous, todo)]
    dest.mkdir(exist_ok=True)
    init = dest / "__init__.py"
    if not init.exists():
        # Theirs from now on: written once, never tracked, never overwritten.
        init.write_text(f'"""Third-party code vendored into {ns}."""\n', encoding=ENCODING)
        lines.append(f"  created  {init.name} (the package {ns} itself)")
    if not todo.empty or _disk_sha256(dest / MANIFEST_NAME) != _sha256(manifest):
        apply(dest, files, manifest, todo)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dest", required=True, help="the package directory to vendor into")
    parser.add_argument("--namespace", required=True, help="its import name: their_pkg._vendor")
    args = parser.parse_args(argv)
    try:
        print(vendor(args.dest, args.namespace))
    except VendorError as exc:
        print(f"vendor: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
