"""One job: the entries of a workspace folder, through whichever form the service takes.

Two operations can list a folder. GetContent with `type=directory&content=1` answers the
directory model with its entries (the documentation, older SDK texts); Oracle's SDK 5.1.1
says that answers 400, and the entries come from ListWorkspaceObjects
(`…/objects?path=/<folder>`, paged by `opc-next-page`). The client's `directory_listing`
option (_listing_mode) says which to use; under "auto" the first 400 (or a directory
model without entries) from GetContent makes the client try ListWorkspaceObjects, and
whichever answers is the form that client uses from then on.

Either way the entries come back as `Content` models without content, so the callers
(list_directory, upload_dir, download_dir) need not know which form answered. A workspace
object maps onto the contents types by its type: FOLDER (and DIRECTORY) -> directory,
NOTEBOOK -> notebook, FILE -> file. A type with no contents counterpart (LIBRARY, JOB,
...) is kept, never dropped: its `type` is that object type as sent (a ContentType that
`is_known` is False for), and every entry listed this way carries the object type as
sent under the extra key `workspace_object_type`.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

from aidp_notebook_client import operations as _generated
from aidp_notebook_client.models import Content, GetContentType, WorkspaceObjectSummary
from aidp_notebook_client.types import Unset

from ._contents_helpers import Workspace, call, listing, unusable
from ._core import Settings
from ._errors import BadRequestError, InvalidResponseError, NotFoundError
from ._jobs import Job, Work
from ._paging import next_page
from ._parsing import BodyError, build_model
from ._paths import helper_path
from ._response import ApiResponse

OBJECT_TYPE_KEY = "workspace_object_type"  # the extra key of an entry from ListWorkspaceObjects
# DIRECTORY is in no model, but a summary's type is any string: read it as FOLDER.
CONTENTS_TYPES = {
    "FOLDER": "directory",
    "DIRECTORY": "directory",
    "NOTEBOOK": "notebook",
    "FILE": "file",
}


def workspace_object_path(path: str) -> str:
    """A contents path (relative, "" for the top) as ListWorkspaceObjects takes it: `/`-led."""
    return "/" + path


@dataclass(frozen=True)
class FolderListing:
    """One folder's entries, with the answer they came in (a walk checks both)."""

    entries: list[Content]
    # The last answer read: GetContent's, or ListWorkspaceObjects' last page.
    response: ApiResponse[Any]
    # The folder's own path as the answer names it; None where the form names none
    # (ListWorkspaceObjects lists entries only).
    reported: str | None


def list_entries(
    settings: Settings, workspace: Workspace, path: str
) -> Generator[Work, Any, list[Content]]:
    """The entries of the folder at `path` (relative, checked; "" is the top)."""
    return (yield from list_folder(settings, workspace, path)).entries


def list_folder(
    settings: Settings, workspace: Workspace, path: str
) -> Generator[Work, Any, FolderListing]:
    """The folder at `path` listed through the form the service takes (see module doc)."""
    mode = settings.directory_listing
    if path == "" and mode.option == "contents":
        raise ValueError(
            "the top of the workspace cannot be listed through GetContent (its contentPath "
            "is never empty), and directory_listing='contents' rules out ListWorkspaceObjects; "
            "list a top-level folder instead (session paths such as /Workspace/Shared/x.ipynb "
            "name the top-level folder 'Workspace'), or use directory_listing='auto' or 'objects'"
        )
    if path == "" or mode.form == "objects":
        # GetContent cannot address the top (contentPath is never empty).
        return (yield from _through_objects(settings, workspace, path))
    params = {"type_": GetContentType.DIRECTORY, "content": 1}
    try:
        response = yield call(settings, _generated.GET_CONTENT, (*workspace, path), params)
        entries = listing(response)
    except (BadRequestError, InvalidResponseError) as refused:
        if mode.form == "contents":
            raise
        try:
            objects = yield from _through_objects(settings, workspace, path)
        except (BadRequestError, NotFoundError, InvalidResponseError, ValueError):
            raise refused from None  # neither form lists it: GetContent's answer says why
        mode.learn("objects")
        return objects
    mode.learn("contents")
    reported = response.data.path
    return FolderListing(entries, response, reported if isinstance(reported, str) else None)


def _through_objects(
    settings: Settings, workspace: Workspace, path: str
) -> Generator[Work, Any, FolderListing]:
    folder = workspace_object_path(path)
    entries: list[Content] = []
    seen: set[str] = set()
    page: str | None = None
    while True:
        params = {"path": folder, "page": page}
        response = yield call(settings, _generated.LIST_WORKSPACE_OBJECTS, workspace, params)
        for index, summary in enumerate(response.data):
            try:
                entries.append(content_entry(summary))
            except BodyError as exc:
                raise unusable(
                    response, "ListWorkspaceObjects", f"object {index} of {folder!r}: {exc}"
                ) from None
        page = next_page(_generated.LIST_WORKSPACE_OBJECTS, response, seen, settings.max_pages)
        if page is None:
            break
    if len(entries) == 1 and entries[0].path == path and str(entries[0].type_) != "directory":
        # The SDK text: `path` may name a file, which then lists as itself.
        raise ValueError(f"{path!r} is a file, not a directory")
    return FolderListing(entries, response, None)


def content_entry(summary: WorkspaceObjectSummary) -> Content:
    """A listed workspace object as the Content entry a directory listing would hold."""
    object_type = str(summary.type_)
    fields: dict[str, Any] = {
        "name": summary.display_name,
        "path": summary.path[1:] if summary.path.startswith("/") else summary.path,
        "type": CONTENTS_TYPES.get(object_type.upper(), object_type),
        "created": summary.time_created.isoformat(),
        OBJECT_TYPE_KEY: object_type,
    }
    if not isinstance(summary.time_updated, Unset) and summary.time_updated is not None:
        fields["last_modified"] = summary.time_updated.isoformat()
    return build_model(fields, Content.from_dict)


def list_directory_job(settings: Settings, workspace: Workspace, path: str) -> Job[list[Content]]:
    path = helper_path("path", path, top=True)
    return (yield from list_entries(settings, workspace, path))
