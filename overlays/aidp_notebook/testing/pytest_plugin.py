"""pytest plugin: the ``local_notebook_service`` fixtures.

Enable it in a conftest.py with ``pytest_plugins = ["aidp_notebook.testing.pytest_plugin"]``.

``local_notebook_service`` gives each test a fresh, started service; pass constructor
options with a marker::

    @pytest.mark.local_notebook_service(seed=False, activation_delay=0.5)
    def test_something(local_notebook_service): ...

``shared_local_notebook_service`` is one service for the whole test session (a key pair,
a thread, and with ``backend="jupyter"`` a Jupyter server, started once). What one test
leaves behind (sessions, pending faults, recorded requests) the next one sees; call
``clear_faults()`` and ``clear_requests()`` where that matters. Its options come from the
session-scoped ``shared_local_notebook_service_options`` fixture; override it in a
conftest.py::

    @pytest.fixture(scope="session")
    def shared_local_notebook_service_options():
        return {"backend": "jupyter"}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ._service import LocalNotebookService

MARKER = "local_notebook_service"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**options): keyword arguments for the LocalNotebookService of the "
        "local_notebook_service fixture",
    )


@pytest.fixture
def local_notebook_service(request: pytest.FixtureRequest) -> Iterator[LocalNotebookService]:
    """A started LocalNotebookService, stopped after the test."""
    marker = request.node.get_closest_marker(MARKER)
    options = dict(marker.kwargs) if marker is not None else {}
    with LocalNotebookService(**options) as service:
        yield service


@pytest.fixture(scope="session")
def shared_local_notebook_service_options() -> dict[str, Any]:
    """Keyword arguments for shared_local_notebook_service; override to change them."""
    return {}


@pytest.fixture(scope="session")
def shared_local_notebook_service(
    shared_local_notebook_service_options: dict[str, Any],
) -> Iterator[LocalNotebookService]:
    """One started LocalNotebookService for the whole test session, stopped at its end."""
    with LocalNotebookService(**shared_local_notebook_service_options) as service:
        yield service
