"""Contains all the data models used in inputs/outputs"""

from .create_session_details import CreateSessionDetails
from .error import Error
from .kernel import Kernel
from .kernel_details import KernelDetails
from .kernel_execution_state import KernelExecutionState
from .kernel_summary import KernelSummary
from .patch_session_details import PatchSessionDetails
from .session import Session
from .session_collection import SessionCollection
from .session_lifecycle_state import SessionLifecycleState
from .session_summary import SessionSummary
from .session_type import SessionType

__all__ = (
    "CreateSessionDetails",
    "Error",
    "Kernel",
    "KernelDetails",
    "KernelExecutionState",
    "KernelSummary",
    "PatchSessionDetails",
    "Session",
    "SessionCollection",
    "SessionLifecycleState",
    "SessionSummary",
    "SessionType",
)
