"""aidp-notebook: the Python SDK for Oracle AI Data Platform Workbench notebook sessions.

from aidp_notebook import NotebookClient

with NotebookClient.from_file() as client:          # ~/.oci/config, profile DEFAULT
    session = client.get_session(platform_ocid, workspace_key, session_id)
"""

from aidp_notebook_client.models import (
    CreateSessionDetails,
    Error,
    Kernel,
    KernelDetails,
    KernelExecutionState,
    KernelSummary,
    PatchSessionDetails,
    Session,
    SessionCollection,
    SessionLifecycleState,
    SessionSummary,
    SessionType,
)

from ._client import AsyncNotebookClient, NotebookClient
from ._errors import (
    AidpError,
    BadRequestError,
    ClientClosedError,
    ConflictError,
    InternalServerError,
    InvalidConfigError,
    InvalidResponseError,
    NameResolutionError,
    NotAuthenticatedError,
    NotFoundError,
    PreconditionFailedError,
    RequestTimeoutError,
    ServiceError,
    SigningError,
    TooManyRequestsError,
    TransportError,
    WrongEventLoopError,
)
from ._response import ApiResponse
from ._retry import RetryPolicy
from ._signing import OCIAuth
from ._version import API_VERSION, __version__
from ._waiter import SessionFailedError, WaitTimeoutError

__all__ = [
    "API_VERSION",
    "AidpError",
    "ApiResponse",
    "AsyncNotebookClient",
    "BadRequestError",
    "ClientClosedError",
    "ConflictError",
    "CreateSessionDetails",
    "Error",
    "InternalServerError",
    "InvalidConfigError",
    "InvalidResponseError",
    "Kernel",
    "KernelDetails",
    "KernelExecutionState",
    "KernelSummary",
    "NameResolutionError",
    "NotAuthenticatedError",
    "NotFoundError",
    "NotebookClient",
    "OCIAuth",
    "PatchSessionDetails",
    "PreconditionFailedError",
    "RequestTimeoutError",
    "RetryPolicy",
    "ServiceError",
    "Session",
    "SessionCollection",
    "SessionFailedError",
    "SessionLifecycleState",
    "SessionSummary",
    "SessionType",
    "SigningError",
    "TooManyRequestsError",
    "TransportError",
    "WaitTimeoutError",
    "WrongEventLoopError",
    "__version__",
]
