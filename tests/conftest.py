"""Shared fixtures: a local AIDP service per test module, and a fake clock for retries."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from aidp_notebook.testing import LocalNotebookService

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="module")
def module_service() -> Iterator[LocalNotebookService]:
    with LocalNotebookService() as service:
        yield service


@pytest.fixture
def service(module_service: LocalNotebookService) -> Iterator[LocalNotebookService]:
    """The module's service with an empty request log and fault queue for each test."""
    module_service.clear_faults()
    module_service.clear_requests()
    module_service.clock_skew = 0.0
    yield module_service
    module_service.clear_faults()


class FakeClock:
    """Stands in for time.monotonic and the client's sleep: waits are recorded, not slept."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


def use_fake_clock(client: object) -> FakeClock:
    """Make `client` retry on a fake clock (its private hooks exist for exactly this)."""
    clock = FakeClock()
    settings = client._settings  # type: ignore[attr-defined]
    client._settings = dataclasses.replace(settings, clock=clock)  # type: ignore[attr-defined]
    is_async = type(client).__name__.startswith("Async")
    client._sleep = clock.async_sleep if is_async else clock.sleep  # type: ignore[attr-defined]
    return clock
