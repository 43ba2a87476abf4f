"""aidp-notebook: the Python SDK for Oracle AI Data Platform Workbench notebook sessions."""

from aidp_notebook_client.models import (
    Error,
    Kernel,
    KernelExecutionState,
    Session,
    SessionLifecycleState,
    SessionType,
)

from ._version import API_VERSION, __version__

__all__ = [
    "API_VERSION",
    "Error",
    "Kernel",
    "KernelExecutionState",
    "Session",
    "SessionLifecycleState",
    "SessionType",
    "__version__",
]
