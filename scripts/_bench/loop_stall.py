"""The largest event-loop stall while AsyncNotebookClient uploads and downloads a notebook.

A heartbeat task sleeps 10 ms in a loop and records the longest it waited beyond that
while `upload_file` and then `download_file` move a large notebook (10 MB in a full
run). LocalNotebookService runs in a child process (the `local-service` command), so
its own parsing cannot hold this process's GIL; what is measured is the client.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aidp_notebook import AsyncNotebookClient
from aidp_notebook.testing import SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY

from .timing import Summary

# What the row is held to: a loop that stalls longer than this is noticeably blocked.
BOUND_SECONDS = 0.25
_IDS = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY)
_REMOTE = "bench-large.ipynb"


def notebook_text(megabytes: int) -> str:
    """A valid nbformat 4 notebook of about `megabytes` MB (cells of stream output)."""
    line = "x" * 99 + "\n"
    cells = [
        {
            "cell_type": "code", "execution_count": index, "id": f"cell-{index}",
            "metadata": {}, "source": [f"print({index})\n"],
            "outputs": [{"name": "stdout", "output_type": "stream", "text": [line] * 100}],
        }
        for index in range(megabytes * 100)
    ]  # fmt: skip
    document = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document)


async def _largest_stall(work: asyncio.Future[object]) -> float:
    largest = 0.0
    while not work.done():
        before = time.perf_counter()
        await asyncio.sleep(0.01)
        largest = max(largest, time.perf_counter() - before - 0.01)
    await work
    return largest


async def _round(config: Path, endpoint: str, source: Path, target: Path) -> float:
    async with AsyncNotebookClient.from_file(config, service_endpoint=endpoint) as client:
        small = source.with_name("small.ipynb")
        await client.upload_file(*_IDS, small, _REMOTE)  # connection open, nbformat imported
        both = asyncio.ensure_future(_up_and_down(client, source, target))
        return await _largest_stall(both)


async def _up_and_down(client: AsyncNotebookClient, source: Path, target: Path) -> object:
    await client.upload_file(*_IDS, source, _REMOTE)
    return await client.download_file(*_IDS, _REMOTE, target)


def _start_service() -> tuple[subprocess.Popen[str], str, Path]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCI_")}
    env["PYTHONUNBUFFERED"] = "1"
    process = subprocess.Popen(
        [sys.executable, "-m", "aidp_notebook", "local-service"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line.strip())
        if line.strip() == "ready":
            break
    endpoint = next(line.split(" ", 1)[1] for line in lines if line.startswith("endpoint: "))
    config = next(line.split(": ", 1)[1] for line in lines if line.startswith("config file: "))
    return process, endpoint, Path(config)


def measure(megabytes: int, rounds: int) -> dict[str, Summary]:
    """The largest stall of each round, and the bound it is compared with."""
    process, endpoint, config = _start_service()
    try:
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "large.ipynb"
            source.write_text(notebook_text(megabytes), encoding="utf-8")
            (Path(folder) / "small.ipynb").write_text(notebook_text(0), encoding="utf-8")
            target = Path(folder) / "back.ipynb"
            stalls = []
            for _ in range(rounds):
                stalls.append(asyncio.run(_round(config, endpoint, source, target)))
                if json.loads(target.read_bytes()) != json.loads(source.read_bytes()):
                    raise RuntimeError("the notebook came back different")
    finally:
        process.terminate()
        process.wait(timeout=15)
        if process.stdout is not None:
            process.stdout.close()
    return {
        "async_loop_stall": Summary("s", tuple(stalls)),
        "loop_stall_bound": Summary("s", (BOUND_SECONDS,) * rounds),
    }
