"""Contains all the data models used in inputs/outputs"""

from .error import Error
from .kernel import Kernel
from .kernel_execution_state import KernelExecutionState
from .session import Session
from .session_lifecycle_state import SessionLifecycleState
from .session_type import SessionType

__all__ = (
    "Error",
    "Kernel",
    "KernelExecutionState",
    "Session",
    "SessionLifecycleState",
    "SessionType",
)
