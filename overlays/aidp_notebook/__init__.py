"""aidp-notebook: the Python SDK for the Notebook API of Oracle AI Data Platform Workbench.

from aidp_notebook import NotebookClient

with NotebookClient.from_file() as client:          # ~/.oci/config, profile DEFAULT
    session = client.get_session(platform_ocid, workspace_key, session_id)
    client.upload_file(platform_ocid, workspace_key, "report.ipynb", "Shared/report.ipynb")
"""

import warnings as _warnings
from typing import Any as _Any

from aidp_notebook_client.models import (
    Content,
    ContentFormat,
    ContentType,
    CreateContentDetails,
    CreateSessionDetails,
    ExportContentsDetails,
    ExportedContents,
    Kernel,
    KernelDetails,
    KernelExecutionState,
    KernelSummary,
    ModifyContentDetails,
    PatchSessionDetails,
    Session,
    SessionCollection,
    SessionLifecycleState,
    SessionSummary,
    SessionType,
    UpdateContentDetails,
)
from aidp_notebook_client.models import Error as ErrorBody

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
    OutcomeUnknownError,
    PreconditionFailedError,
    RequestTimeoutError,
    ServiceError,
    SigningError,
    TooManyRequestsError,
    TransportError,
    WrongEventLoopError,
)
from ._exchange import MinimumRate
from ._local_files import LocalFileError
from ._logs import setup_from_environment as _setup_logging
from ._response import ApiResponse
from ._retry import RetryPolicy
from ._signing import OCIAuth
from ._timestamps import last_activity_time
from ._transfer import TransferIssue, TransferProgress, TransferSummary
from ._version import API_VERSION, __version__
from ._waiter import PollCallback, SessionCondition, SessionFailedError, WaitTimeoutError

_setup_logging()


def __getattr__(name: str) -> _Any:
    # `Error` was the error-body model's first name; next to the exceptions it read like
    # one, and `except aidp_notebook.Error:` raised TypeError. Kept as a deprecated alias.
    if name == "Error":
        _warnings.warn(
            "aidp_notebook.Error is the error-body model, not an exception; it is now "
            "aidp_notebook.ErrorBody. To catch the SDK's errors use aidp_notebook.AidpError.",
            DeprecationWarning,
            stacklevel=2,
        )
        return ErrorBody
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "API_VERSION",
    "AidpError",
    "ApiResponse",
    "AsyncNotebookClient",
    "BadRequestError",
    "ClientClosedError",
    "ConflictError",
    "Content",
    "ContentFormat",
    "ContentType",
    "CreateContentDetails",
    "CreateSessionDetails",
    "ErrorBody",
    "ExportContentsDetails",
    "ExportedContents",
    "InternalServerError",
    "InvalidConfigError",
    "InvalidResponseError",
    "Kernel",
    "KernelDetails",
    "KernelExecutionState",
    "KernelSummary",
    "LocalFileError",
    "MinimumRate",
    "ModifyContentDetails",
    "NameResolutionError",
    "NotAuthenticatedError",
    "NotFoundError",
    "NotebookClient",
    "OCIAuth",
    "OutcomeUnknownError",
    "PatchSessionDetails",
    "PollCallback",
    "PreconditionFailedError",
    "RequestTimeoutError",
    "RetryPolicy",
    "ServiceError",
    "Session",
    "SessionCollection",
    "SessionCondition",
    "SessionFailedError",
    "SessionLifecycleState",
    "SessionSummary",
    "SessionType",
    "SigningError",
    "TooManyRequestsError",
    "TransferIssue",
    "TransferProgress",
    "TransferSummary",
    "TransportError",
    "UpdateContentDetails",
    "WaitTimeoutError",
    "WrongEventLoopError",
    "__version__",
    "last_activity_time",
]
