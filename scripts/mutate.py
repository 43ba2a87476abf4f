"""Mutation testing of the request core: `make mutate` (not part of `make test`).

Each mutant is one small change to one module of the overlay, made on its syntax tree
with the stdlib `ast` module: a comparison flipped, a number moved by one, a `raise`
turned into `pass`, `and`/`or` swapped, `True`/`False` swapped, a `not` dropped, a
returned value replaced by None, a call statement removed. The mutant never touches the
file on disk: a forked worker (which has imported pytest and the heavy third-party
libraries once, so a mutant costs no interpreter start) puts an import hook in front of
the real module and runs only the test files that cover that module, stopping at the
first failure. A mutant is killed when some test fails, survives when all pass, and
counts as timed out (detected: the change made a test hang) past its time limit.

Equivalent mutants (a change no test could ever see) are listed with the reason in
mutation/equivalent.txt and left out of the score. The surviving mutants are written
to mutation/survivors.txt for review.

    .venv/bin/python scripts/mutate.py                    # every module
    .venv/bin/python scripts/mutate.py --module _retry.py  # one module
    .venv/bin/python scripts/mutate.py --list --module _paging.py
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib.abc
import importlib.util
import os
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "overlays" / "aidp_notebook"
EQUIVALENT_FILE = ROOT / "mutation" / "equivalent.txt"
SURVIVORS_FILE = ROOT / "mutation" / "survivors.txt"

# Module -> the test files that exercise it, the fast and targeted ones first (with -x
# the first failure ends the run, so most mutants are killed within a second or two).
TESTS: dict[str, list[str]] = {
    "_retry.py": [
        "tests/test_mutation_guards_retry.py",
        "tests/test_retry_and_errors.py",
        "tests/resilience/test_retries.py",
    ],
    "_validation.py": [
        "tests/test_mutation_guards_validation.py",
        "tests/test_input_and_secrets.py",
        "tests/resilience/test_checked_inputs.py",
        "tests/test_client.py",
    ],
    "_paths.py": [
        "tests/test_mutation_guards_paths.py",
        "tests/test_render_path_params.py",
        "tests/resilience/test_checked_inputs.py",
        "tests/test_contents_client.py",
    ],
    "_paging.py": [
        "tests/test_mutation_guards_paging.py",
        "tests/test_paging.py",
    ],
    "_endpoint.py": [
        "tests/test_mutation_guards_endpoint.py",
        "tests/test_endpoint.py",
        "tests/test_config.py",
    ],
    "_exchange.py": [
        "tests/test_mutation_guards_exchange.py",
        "tests/resilience/test_bounded_responses.py",
        "tests/resilience/test_deadlines.py",
        "tests/test_retry_and_errors.py",
    ],
    "_signing.py": [
        "tests/test_mutation_guards_signing.py",
        "tests/test_signing.py",
        "tests/test_oci_compat.py",
    ],
    "_waiter.py": [
        "tests/test_mutation_guards_waiter.py",
        "tests/test_waiting.py",
        "tests/test_sessions_resource.py",
    ],
}

# Loaded once in the parent so that every forked worker starts with them imported.
PRELOAD = (
    "pytest",
    "_pytest.python",
    "hypothesis",
    "httpx",
    "httpcore",
    "aiohttp",
    "aiohttp.web",
    "yarl",
    "oci",
    "cryptography",
    "nbformat",
    "jmespath",
    "rich",
    "attrs",
    "dateutil.parser",
)

_COMPARE_FLIPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_BINOP_FLIPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult,
    ast.Pow: ast.Mult,
}
_SYMBOLS = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Pow: "**",
    ast.And: "and",
    ast.Or: "or",
}


@dataclass(frozen=True)
class Mutant:
    module: str
    index: int  # position among the module's mutation sites, in tree order
    line: int
    scope: str  # qualified name of the enclosing function or class
    kind: str  # what was changed, e.g. "> -> >="
    original: str  # the source of the mutated node

    @property
    def key(self) -> str:
        """Names the mutant without its line number, so the equivalent list survives edits."""
        return f"{self.module} | {self.scope} | {self.original} | {self.kind}"

    def describe(self) -> str:
        return f"{self.module}:{self.line} [{self.scope}] {self.original!r}: {self.kind}"


def _is_docstring(node: ast.AST, parent: ast.AST | None) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


class _Sites:
    """Walks a tree in a fixed order and yields (node, kind, apply) for each mutation."""

    def __init__(self, source: str) -> None:
        self.source = source

    def walk(self, tree: ast.AST) -> Iterator[tuple[ast.AST, str, str, object]]:
        yield from self._visit(tree, "<module>")

    def _visit(self, node: ast.AST, scope: str) -> Iterator[tuple[ast.AST, str, str, object]]:
        if isinstance(node, ast.ImportFrom | ast.Import | ast.JoinedStr):
            return
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            inner = node.name if scope == "<module>" else f"{scope}.{node.name}"
            for decorator in node.decorator_list:
                yield from self._visit(decorator, inner)
            if isinstance(node, ast.ClassDef):
                for base in node.bases:
                    yield from self._visit(base, inner)
            else:
                # Defaults are behaviour; annotations are not.
                for default in [*node.args.defaults, *node.args.kw_defaults]:
                    if default is not None:
                        yield from self._visit(default, inner)
            for statement in node.body:
                yield from self._visit(statement, inner)
            return
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            return
        if isinstance(node, ast.AnnAssign):
            if node.value is not None:
                yield from self._visit(node.value, scope)
            return
        yield from self._own(node, scope)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr_context | ast.cmpop | ast.operator | ast.boolop):
                continue
            if _is_docstring(child, node):
                continue
            yield from self._visit(child, scope)

    def _own(self, node: ast.AST, scope: str) -> Iterator[tuple[ast.AST, str, str, object]]:
        if isinstance(node, ast.Compare):
            for position, op in enumerate(node.ops):
                flip = _COMPARE_FLIPS.get(type(op))
                if flip is not None:
                    yield node, scope, f"{_SYMBOLS[type(op)]} -> {_SYMBOLS[flip]}", (position, flip)
        elif isinstance(node, ast.BinOp):
            flip = _BINOP_FLIPS.get(type(node.op))
            if flip is not None:
                yield node, scope, f"{_SYMBOLS[type(node.op)]} -> {_SYMBOLS[flip]}", flip
        elif isinstance(node, ast.BoolOp):
            other = ast.Or if isinstance(node.op, ast.And) else ast.And
            yield node, scope, f"{_SYMBOLS[type(node.op)]} -> {_SYMBOLS[other]}", other
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            yield node, scope, "not x -> x", None
        elif isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool):
                yield node, scope, f"{value} -> {not value}", not value
            elif isinstance(value, int | float) and not isinstance(value, complex):
                yield node, scope, f"{value!r} -> {value + 1!r}", value + 1
        elif isinstance(node, ast.Raise):
            yield node, scope, "raise -> pass", None
        elif isinstance(node, ast.Return) and node.value is not None:
            if not (isinstance(node.value, ast.Constant) and node.value.value is None):
                yield node, scope, "return x -> return None", None
        elif isinstance(node, ast.AugAssign) or (
            isinstance(node, ast.Expr) and isinstance(node.value, ast.Call | ast.Await)
        ):
            yield node, scope, "statement removed", None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _apply(node: ast.AST, kind: str, payload: object) -> ast.AST:
    """The replacement for `node` (mutated in place where the node stays)."""
    if isinstance(node, ast.Compare):
        position, flip = payload  # type: ignore[misc]
        node.ops[position] = flip()
        return node
    if isinstance(node, ast.BinOp):
        node.op = payload()  # type: ignore[operator]
        return node
    if isinstance(node, ast.BoolOp):
        node.op = payload()  # type: ignore[operator]
        return node
    if isinstance(node, ast.UnaryOp):
        return node.operand
    if isinstance(node, ast.Constant):
        node.value = payload
        return node
    if isinstance(node, ast.Return):
        node.value = ast.Constant(value=None)
        return node
    # raise, call statement, augmented assignment: replaced by `pass`.
    return ast.Pass()


class _Replace(ast.NodeTransformer):
    def __init__(self, target: ast.AST, replacement: ast.AST) -> None:
        self.target = target
        self.replacement = replacement

    def visit(self, node: ast.AST) -> ast.AST:
        if node is self.target:
            return self.replacement
        return super().visit(node)


def mutants_of(module: str) -> list[Mutant]:
    source = (PACKAGE / module).read_text()
    tree = ast.parse(source)
    found = []
    seen: dict[tuple[str, str, str], int] = {}
    for index, (node, scope, change, _payload) in enumerate(_Sites(source).walk(tree)):
        kind = change
        original = ast.get_source_segment(source, node) or type(node).__name__
        original = " ".join(original.split())
        if len(original) > 70:
            original = original[:67] + "..."
        # The same change to the same text twice in one scope: number the later ones.
        repeat = seen[scope, original, change] = seen.get((scope, original, change), 0) + 1
        if repeat > 1:
            kind = f"{change} (#{repeat})"
        found.append(Mutant(module, index, getattr(node, "lineno", 0), scope, kind, original))
    return found


def mutated_source(module: str, index: int) -> str:
    source = (PACKAGE / module).read_text()
    tree = ast.parse(source)
    for position, (node, _scope, kind, payload) in enumerate(_Sites(source).walk(tree)):
        if position == index:
            replacement = _apply(node, kind, payload)
            if replacement is not node:
                tree = _Replace(node, replacement).visit(tree)
            return ast.unparse(ast.fix_missing_locations(tree))
    raise IndexError(f"{module} has no mutant {index}")


class _MutantFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves the mutated source in place of one module of the package."""

    def __init__(self, fullname: str, path: Path, source: str) -> None:
        self.fullname = fullname
        self.path = path
        self.code = compile(source, str(path), "exec")

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.fullname:
            return None
        spec = importlib.util.spec_from_loader(fullname, self, origin=str(self.path))
        assert spec is not None
        spec.has_location = True
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        module.__file__ = str(self.path)
        exec(self.code, module.__dict__)  # noqa: S102 (the mutant under test)


def _run_tests(module: str, source: str | None, tests: list[str]) -> int:
    """In a forked worker: the tests of `module`, with `source` in place of it."""
    os.chdir(ROOT)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    if source is not None:
        name = "aidp_notebook." + module.removesuffix(".py")
        sys.meta_path.insert(0, _MutantFinder(name, PACKAGE / module, source))
    import pytest  # noqa: PLC0415 (imported by the parent already; named here for the call)

    existing = [test for test in tests if (ROOT / test).exists()]
    args = ["-x", "-q", "-p", "no:cacheprovider", "--no-header", "-o", "timeout=60", *existing]
    return int(pytest.main(args))


@dataclass
class _Job:
    mutant: Mutant | None  # None: the unmutated baseline
    pid: int
    started: float
    limit: float


@dataclass
class Result:
    mutant: Mutant
    outcome: str  # killed, survived, timeout


@dataclass
class _Tally:
    mutants: int = 0
    killed: int = 0
    survived: int = 0
    timeout: int = 0
    equivalent: int = 0
    survivors: list[Mutant] = field(default_factory=list)

    @property
    def score(self) -> float:
        counted = self.mutants - self.equivalent
        return 100.0 * (self.killed + self.timeout) / counted if counted else 100.0


def _fork(module: str, source: str | None) -> int:
    """A worker that runs the module's own guard tests first, then (if they pass) the rest.

    Two stages, because collecting the big test files costs more than running the small
    one that kills most mutants.
    """
    pid = os.fork()
    if pid == 0:
        os.setpgid(0, 0)  # its own process group, so a timeout ends servers it started too
        code = 1
        try:
            first, *rest = TESTS[module]
            code = _stage(module, source, [first])
            if code == 0 and rest:
                code = _stage(module, source, rest)
        finally:
            os._exit(code)
    return pid


def _stage(module: str, source: str | None, tests: list[str]) -> int:
    if not any((ROOT / test).exists() for test in tests):
        return 0
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = _run_tests(module, source, tests)
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _end_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def load_equivalent() -> dict[str, str]:
    """key -> reason, from mutation/equivalent.txt (`key  # reason` per line)."""
    found: dict[str, str] = {}
    if not EQUIVALENT_FILE.exists():
        return found
    for line in EQUIVALENT_FILE.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, reason = line.partition("  # ")
        found[key.strip()] = reason.strip()
    return found


def run(modules: list[str], jobs: int, only: set[int] | None = None) -> dict[str, _Tally]:
    for name in PRELOAD:
        __import__(name)
    equivalent = load_equivalent()
    tallies: dict[str, _Tally] = {}
    for module in modules:
        tally = tallies[module] = _Tally()
        started = time.monotonic()
        pid = _fork(module, None)
        _, status = os.waitpid(pid, 0)
        baseline = time.monotonic() - started
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{module}: its tests fail without any mutant; fix them first")
        limit = max(10.0, 3 * baseline + 5)
        queue = [m for m in mutants_of(module) if m.key not in equivalent]
        if only is not None:  # a re-check of some mutants: the tally covers only them
            queue = [m for m in queue if m.index in only]
        tally.mutants = len(mutants_of(module)) if only is None else len(queue)
        tally.equivalent = tally.mutants - len(queue)
        print(
            f"{module}: {len(queue)} mutants (+{tally.equivalent} equivalent), "
            f"baseline {baseline:.1f}s",
            flush=True,
        )
        running: list[_Job] = []
        done = 0
        while queue or running:
            while queue and len(running) < jobs:
                mutant = queue.pop(0)
                source = mutated_source(module, mutant.index)
                running.append(_Job(mutant, _fork(module, source), time.monotonic(), limit))
            time.sleep(0.05)
            for job in list(running):
                assert job.mutant is not None
                pid, status = os.waitpid(job.pid, os.WNOHANG)
                if pid == 0:
                    if time.monotonic() - job.started > job.limit:
                        _end_group(job.pid)
                        tally.timeout += 1
                        running.remove(job)
                        done += 1
                    continue
                running.remove(job)
                done += 1
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(job.pid, signal.SIGKILL)  # anything it left behind
                if os.waitstatus_to_exitcode(status) == 0:
                    tally.survived += 1
                    tally.survivors.append(job.mutant)
                    print(f"  survived: {job.mutant.describe()}", flush=True)
                else:
                    tally.killed += 1
                if done % 10 == 0:
                    print(f"  {done}/{tally.mutants - tally.equivalent}", flush=True)
        print(f"  {module} done in {time.monotonic() - started:.0f}s", flush=True)
    return tallies


def table(tallies: dict[str, _Tally]) -> str:
    rows = [
        "| module | mutants | equivalent | killed | survived | timed out | score |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    total = _Tally()
    for module, tally in tallies.items():
        rows.append(
            f"| {module} | {tally.mutants} | {tally.equivalent} | {tally.killed} | "
            f"{tally.survived} | {tally.timeout} | {tally.score:.0f}% |"
        )
        for name in ("mutants", "killed", "survived", "timeout", "equivalent"):
            setattr(total, name, getattr(total, name) + getattr(tally, name))
    rows.append(
        f"| **all** | {total.mutants} | {total.equivalent} | {total.killed} | "
        f"{total.survived} | {total.timeout} | {total.score:.0f}% |"
    )
    return "\n".join(rows) + f"\n\nmutation score: {total.score:.0f}%"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", choices=sorted(TESTS), help="repeatable")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--index", type=int, action="append", help="only this mutant (repeatable)")
    parser.add_argument("--show", type=int, metavar="INDEX", help="print one mutant's source")
    args = parser.parse_args(argv)
    modules = args.module or list(TESTS)
    if args.show is not None:
        print(mutated_source(modules[0], args.show))
        return 0
    if args.list:
        equivalent = load_equivalent()
        for module in modules:
            for mutant in mutants_of(module):
                mark = "  (equivalent)" if mutant.key in equivalent else ""
                print(f"{mutant.index:4} {mutant.describe()}{mark}")
        return 0
    started = time.monotonic()
    tallies = run(modules, max(1, args.jobs), set(args.index) if args.index else None)
    SURVIVORS_FILE.parent.mkdir(exist_ok=True)
    with SURVIVORS_FILE.open("w") as out:
        out.write("# Mutants that no test killed (written by `make mutate`); key, then where.\n")
        for tally in tallies.values():
            for mutant in tally.survivors:
                out.write(f"{mutant.key}\n    # line {mutant.line}, index {mutant.index}\n")
    print()
    print(table(tallies))
    print(f"\n{time.monotonic() - started:.0f}s; survivors in {SURVIVORS_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
