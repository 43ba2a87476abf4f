"""pytest plugin: the ``local_notebook_service`` fixture.

Enable it in a conftest.py with ``pytest_plugins = ["aidp_notebook.testing.pytest_plugin"]``.
Each test gets a fresh, started service; pass constructor options with a marker::

    @pytest.mark.local_notebook_service(seed=False, activation_delay=0.5)
    def test_something(local_notebook_service): ...
"""

from __future__ import annotations

from collections.abc import Iterator

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
