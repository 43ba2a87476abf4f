"""Files a seeded local service starts with, one for each seeded session's path.

The seeded sessions' paths (`/Workspace/Shared/sales-analysis.ipynb`, …) name these
files, so the seeded sessions are linked to them from the start. Between them they
cover a notebook (with markdown, a stream, a rich result with an image, an error), a
text file and a binary file.
"""

from __future__ import annotations

from ._contents import ContentsStore, notebook_bytes

SEED_NOTEBOOK_PATH = "Workspace/Shared/sales-analysis.ipynb"
SEED_TEXT_PATH = "Workspace/Shared/nightly-etl.py"
SEED_BINARY_PATH = "Workspace/Shared/data/sample.bin"
SEED_DIRECTORY_PATH = "Workspace/Shared"

# A 1x1 PNG, the smallest image a rich output can carry.
_PIXEL = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "markdown",
            "id": "intro",
            "metadata": {},
            "source": ["# Sales analysis\n", "\n", "Totals by region <2026>."],
        },
        {
            "cell_type": "code",
            "execution_count": 1,
            "id": "load",
            "metadata": {},
            "outputs": [
                {"name": "stdout", "output_type": "stream", "text": ["loaded 3 rows\n"]},
                {
                    "data": {"image/png": _PIXEL, "text/plain": ["<Figure 1x1>"]},
                    "execution_count": 1,
                    "metadata": {},
                    "output_type": "execute_result",
                },
            ],
            "source": "rows = load('sales')\nplot(rows)",
        },
        {
            "cell_type": "code",
            "execution_count": 2,
            "id": "fail",
            "metadata": {},
            "outputs": [
                {
                    "ename": "ZeroDivisionError",
                    "evalue": "division by zero",
                    "output_type": "error",
                    "traceback": ["\x1b[0;31mZeroDivisionError\x1b[0m: division by zero"],
                }
            ],
            "source": "1 / 0",
        },
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}
_FILES = {
    SEED_NOTEBOOK_PATH: notebook_bytes(_NOTEBOOK),
    SEED_TEXT_PATH: b"# Nightly ETL\nprint('extract, transform, load')\n",
    "Workspace/Users/dev/support-triage.flow": b'{"steps": []}\n',
    SEED_BINARY_PATH: bytes(range(256)),
}


def seed_contents(store: ContentsStore) -> None:
    for path, data in _FILES.items():
        store.write_bytes(path, data)
