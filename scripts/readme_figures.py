"""Keep the README's figures derived from the code, never typed by hand.

    python scripts/readme_figures.py          # rewrite the marked blocks of README.md
    python scripts/readme_figures.py --check  # exit 1 if a block is out of date

A block sits between `<!-- figures:NAME -->` and `<!-- /figures:NAME -->`:
- `test-suite`: the number of tests per part of the suite, from pytest's collection.
- `bench`: the headline table of the last `make bench`, from `bench/results.md`.
"""

from __future__ import annotations

import argparse
import collections
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BENCH_TABLE = ROOT / "bench" / "results.md"
_BLOCK = re.compile(
    r"(<!-- figures:(?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- /figures:(?P=name) -->)", re.S
)

# The parts of the suite, by path prefix, in the order the README lists them.
_PARTS = (
    ("tests/resilience/", "resilience: faults, hostile servers and bodies, cancellations, attacks"),
    ("tests/test_cli", "the command line"),
    ("tests/", "units and integration against the local service"),
)


def collected_tests() -> list[str]:
    """Node ids of the whole suite, as pytest collects them."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"readme_figures: pytest could not collect the suite:\n{done.stdout}{done.stderr}")
    return [line for line in done.stdout.splitlines() if "::" in line]


def test_suite_block() -> str:
    ids = collected_tests()
    counts: collections.Counter[str] = collections.Counter()
    for node in ids:
        part = next(label for prefix, label in _PARTS if node.startswith(prefix))
        counts[part] += 1
    lines = ["| part of the suite | tests |", "| --- | ---: |"]
    lines += [f"| {label} | {counts[label]:,} |" for _, label in _PARTS if counts[label]]
    lines.append(f"| **all** | **{len(ids):,}** |")
    return "\n".join(lines) + "\n"


def bench_block() -> str:
    if not BENCH_TABLE.exists():
        return "No benchmark has been run yet: `make bench` writes the table.\n"
    return BENCH_TABLE.read_text(encoding="utf-8").rstrip("\n") + "\n"


BLOCKS: dict[str, Callable[[], str]] = {"test-suite": test_suite_block, "bench": bench_block}


def render(readme: str) -> str:
    def replace(match: re.Match[str]) -> str:
        make = BLOCKS.get(match["name"])
        if make is None:
            sys.exit(f"readme_figures: README.md has an unknown block {match['name']!r}")
        return match.group(1) + make() + match.group(4)

    return _BLOCK.sub(replace, readme)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if README.md is stale")
    args = parser.parse_args(argv)
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if args.check:
        if fresh != current:
            print("README.md figures are out of date: run `python scripts/readme_figures.py`")
            return 1
        return 0
    if fresh != current:
        README.write_text(fresh, encoding="utf-8")
        print("README.md figures updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
