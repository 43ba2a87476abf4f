"""The async client does not block its event loop with a large notebook's CPU work.

Parsing, validating, copying and encoding a 10 MB notebook takes about a second of CPU;
run on the event loop, every other task waits that long. Here a heartbeat task sleeps
10 ms in a loop and records the longest gap while AsyncNotebookClient uploads and
downloads such a notebook. The local service runs in a process of its own (the
`local-service` command), so that its work cannot hold this process's GIL.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from aidp_notebook import AsyncNotebookClient
from aidp_notebook.testing import SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY

# Generous beside the 10 to 120 ms seen with the fix (single C-level json calls of 50 to
# 100 ms still hold the GIL in a thread); without it the upload stalled the loop 0.3 to
# 0.6 s and the download 0.2 s, on a shared 2-core machine.
MAX_STALL_SECONDS = 0.25
REMOTE = "large.ipynb"


def large_notebook(megabytes: int = 10) -> dict[str, object]:
    """A valid nbformat 4 notebook of about `megabytes` MB, in many cells of output."""
    line = "x" * 99 + "\n"
    cells = [
        {
            "cell_type": "code",
            "execution_count": index,
            "id": f"cell-{index}",
            "metadata": {},
            "outputs": [{"name": "stdout", "output_type": "stream", "text": [line] * 100}],
            "source": [f"print({index})\n"],
        }
        for index in range(megabytes * 100)
    ]
    return {
        "cells": cells,
        "metadata": {"language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


@pytest.fixture(scope="module")
def service_process() -> Iterator[tuple[str, Path]]:
    """(endpoint, config file) of a local service in a child process."""
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
    try:
        endpoint = next(line.split(" ", 1)[1] for line in lines if line.startswith("endpoint: "))
        config = next(line.split(": ", 1)[1] for line in lines if line.startswith("config file: "))
        yield endpoint, Path(config)
    finally:
        process.terminate()
        process.wait(timeout=15)
        process.stdout.close()


async def largest_stall_during(work: asyncio.Future[object] | asyncio.Task[object]) -> float:
    """The longest the loop did not run a 10 ms heartbeat while `work` ran."""
    largest = 0.0
    while not work.done():
        before = time.perf_counter()
        await asyncio.sleep(0.01)
        largest = max(largest, time.perf_counter() - before - 0.01)
    await work
    return largest


def test_a_large_notebook_goes_up_and_down_without_stalling_the_loop(
    service_process: tuple[str, Path], tmp_path: Path
) -> None:
    endpoint, config = service_process
    source = tmp_path / "large.ipynb"
    source.write_text(json.dumps(large_notebook()), encoding="utf-8")
    assert source.stat().st_size > 10 * 1000 * 1000
    target = tmp_path / "back.ipynb"
    small = tmp_path / "small.ipynb"
    small.write_text(json.dumps(large_notebook(0)), encoding="utf-8")

    async def run() -> tuple[float, float]:
        client = AsyncNotebookClient.from_file(config, service_endpoint=endpoint)
        async with client:
            # A small notebook first: the connection is open and nbformat imported.
            await client.upload_file(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, small, REMOTE)
            up = asyncio.ensure_future(
                client.upload_file(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, source, REMOTE)
            )
            upload_stall = await largest_stall_during(up)
            down = asyncio.ensure_future(
                client.download_file(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, REMOTE, target)
            )
            download_stall = await largest_stall_during(down)
            return upload_stall, download_stall

    upload_stall, download_stall = asyncio.run(run())
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(source.read_text())
    assert upload_stall < MAX_STALL_SECONDS, f"the upload stalled the loop {upload_stall:.3f} s"
    assert download_stall < MAX_STALL_SECONDS, (
        f"the download stalled the loop {download_stall:.3f} s"
    )
