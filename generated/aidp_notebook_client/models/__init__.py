"""Contains all the data models used in inputs/outputs"""

from .content import Content
from .content_format import ContentFormat
from .content_type import ContentType
from .create_content_details import CreateContentDetails
from .create_content_details_type import CreateContentDetailsType
from .create_session_details import CreateSessionDetails
from .error import Error
from .export_contents_details import ExportContentsDetails
from .export_contents_details_format import ExportContentsDetailsFormat
from .exported_contents import ExportedContents
from .exported_contents_format import ExportedContentsFormat
from .get_content_format import GetContentFormat
from .get_content_type import GetContentType
from .kernel import Kernel
from .kernel_details import KernelDetails
from .kernel_execution_state import KernelExecutionState
from .kernel_summary import KernelSummary
from .list_sessions_sort_by import ListSessionsSortBy
from .list_sessions_sort_order import ListSessionsSortOrder
from .list_workspace_objects_sort_by import ListWorkspaceObjectsSortBy
from .list_workspace_objects_sort_order import ListWorkspaceObjectsSortOrder
from .modify_content_details import ModifyContentDetails
from .notebook_document import NotebookDocument
from .patch_session_details import PatchSessionDetails
from .session import Session
from .session_collection import SessionCollection
from .session_lifecycle_state import SessionLifecycleState
from .session_summary import SessionSummary
from .session_type import SessionType
from .update_content_details import UpdateContentDetails
from .update_content_details_format import UpdateContentDetailsFormat
from .update_content_details_type import UpdateContentDetailsType
from .workspace_object_collection import WorkspaceObjectCollection
from .workspace_object_summary import WorkspaceObjectSummary
from .workspace_object_summary_metadata import WorkspaceObjectSummaryMetadata
from .workspace_object_summary_system_tags import WorkspaceObjectSummarySystemTags
from .workspace_object_summary_system_tags_additional_property import (
    WorkspaceObjectSummarySystemTagsAdditionalProperty,
)
from .workspace_object_type import WorkspaceObjectType

__all__ = (
    "Content",
    "ContentFormat",
    "ContentType",
    "CreateContentDetails",
    "CreateContentDetailsType",
    "CreateSessionDetails",
    "Error",
    "ExportContentsDetails",
    "ExportContentsDetailsFormat",
    "ExportedContents",
    "ExportedContentsFormat",
    "GetContentFormat",
    "GetContentType",
    "Kernel",
    "KernelDetails",
    "KernelExecutionState",
    "KernelSummary",
    "ListSessionsSortBy",
    "ListSessionsSortOrder",
    "ListWorkspaceObjectsSortBy",
    "ListWorkspaceObjectsSortOrder",
    "ModifyContentDetails",
    "NotebookDocument",
    "PatchSessionDetails",
    "Session",
    "SessionCollection",
    "SessionLifecycleState",
    "SessionSummary",
    "SessionType",
    "UpdateContentDetails",
    "UpdateContentDetailsFormat",
    "UpdateContentDetailsType",
    "WorkspaceObjectCollection",
    "WorkspaceObjectSummary",
    "WorkspaceObjectSummaryMetadata",
    "WorkspaceObjectSummarySystemTags",
    "WorkspaceObjectSummarySystemTagsAdditionalProperty",
    "WorkspaceObjectType",
)
