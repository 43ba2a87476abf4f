"""A local AIDP notebook service for tests: real HTTP, real OCI signature checks.

Like moto for AWS: ``LocalNotebookService`` runs an HTTP/1.1 server on loopback that
answers the five notebook-sessions operations from an in-memory store (or, with
``backend="jupyter"``, from a private Jupyter server whose kernels are the sessions) and
the six contents operations from a real directory, rejects requests that are not signed
with its own API key (or a registered security token) with 401, and can inject faults.
Enable the ``local_notebook_service`` and ``shared_local_notebook_service`` fixtures with::

    pytest_plugins = ["aidp_notebook.testing.pytest_plugin"]
"""

from ._contents_seed import SEED_NOTEBOOK_PATH
from ._faults import Fault
from ._recording import RecordedRequest
from ._seed import SEED_AI_DATA_PLATFORM_ID, SEED_SESSION_ID, SEED_WORKSPACE_KEY
from ._service import LocalNotebookService

__all__ = [
    "SEED_AI_DATA_PLATFORM_ID",
    "SEED_NOTEBOOK_PATH",
    "SEED_SESSION_ID",
    "SEED_WORKSPACE_KEY",
    "Fault",
    "LocalNotebookService",
    "RecordedRequest",
]
