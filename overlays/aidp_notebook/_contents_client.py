"""The contents helpers as client methods: `ContentsHelpers` (sync), `AsyncContentsHelpers`.

NotebookClient and AsyncNotebookClient inherit them. Each method checks its workspace
ids and hands a job (_contents_helpers, _transfer) to the client's job driver (_jobs),
which runs the job's calls with the client's `_execute` and its local file work in place
(sync) or in a worker thread (async). The async methods carry the sync ones' docstrings.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from aidp_notebook_client.models import Content

from . import _contents_helpers as _helpers
from . import _listing, _transfer
from ._core import Outcome, Settings, Step
from ._jobs import Job, run_job, run_job_async
from ._local_files import StrPath
from ._transfer import IfExists, ProgressCallback, TransferSummary

if TYPE_CHECKING:
    from nbformat import NotebookNode

R = TypeVar("R")


class ContentsHelpers:
    """Workflows over the contents operations, for a synchronous client."""

    _settings: Settings

    def _execute(self, call: Generator[Step, Outcome, R]) -> R:
        raise NotImplementedError(f"{type(self).__name__} does not run calls")

    def _run_job(self, job: Job[R]) -> R:
        return run_job(job, self._execute)

    def upload_file(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        local_path: StrPath,
        remote_path: str,
        *,
        if_match: str | None = None,
    ) -> Content:
        """Upload a local file to `remote_path` in the workspace, in one PUT.

        A `remote_path` ending in `.ipynb` is saved as a notebook: the file must be a
        valid nbformat 4 notebook, checked with nbformat before anything is sent. Other
        files are sent as UTF-8 text (format `text`) when they are that, otherwise as
        their bytes (format `base64`); either way the service stores the same bytes. The
        whole content goes in one request to the final path, so the workspace never holds
        a half-sent file under that name. An existing file there is replaced.

        Args:
            ai_data_platform_id: The OCID of the AI Data Platform instance.
            workspace_key: The key of the workspace.
            local_path: The file to upload.
            remote_path: Its path in the workspace, such as `Shared/report.ipynb`.
            if_match: Replace only if the remote file's etag is still this one (412 if not).

        Returns:
            Content: The saved file's model, without its content.

        Raises:
            LocalFileError: `local_path` cannot be read, or is not a regular file.
            ValueError: a bad argument, or a `.ipynb` that is not a valid notebook.
            PreconditionFailedError: `if_match` no longer matches.
            ServiceError, TransportError: as for `update_content`.
        """
        workspace = _helpers.check_workspace(ai_data_platform_id, workspace_key)
        return self._run_job(
            _helpers.upload_file_job(
                self._settings, workspace, local_path, remote_path, if_match=if_match
            )
        )

    def download_file(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        remote_path: str,
        local_path: StrPath,
    ) -> Path:
        """Download a file or notebook of the workspace to `local_path`.

        Text and binary files are written byte for byte. A notebook is written as its
        JSON, laid out as nbformat writes `.ipynb` files (sorted keys, one-space indent,
        final newline), so one saved by Jupyter comes back unchanged. The bytes go to a
        temporary file beside the target that is then renamed over it: a failed download
        never leaves a truncated file, and an existing file is replaced whole or not at
        all, keeping its permission bits (a new file gets 0666 less the umask).

        Args:
            ai_data_platform_id: The OCID of the AI Data Platform instance.
            workspace_key: The key of the workspace.
            remote_path: The file's path in the workspace.
            local_path: Where to write it: a file path, or an existing directory to put
                it in under its remote name.

        Returns:
            Path: The file written.

        Raises:
            NotFoundError: nothing at `remote_path`.
            InvalidResponseError: the service sent no usable content (a directory, say).
            LocalFileError: the file cannot be written.
            ServiceError, TransportError: as for `get_content`.
        """
        workspace = _helpers.check_workspace(ai_data_platform_id, workspace_key)
        return self._run_job(
            _helpers.download_file_job(self._settings, workspace, remote_path, local_path)
        )

    def read_notebook(
        self, ai_data_platform_id: str, workspace_key: str, path: str
    ) -> NotebookNode:
        """Read a notebook of the workspace as an nbformat NotebookNode.

        The notebook is returned as the service sent it (not upgraded or validated), so
        `nbformat.validate` or `nbformat.write` can be applied as the caller sees fit.

        Raises:
            NotFoundError: no notebook at `path`.
            BadRequestError: `path` is not a notebook (a directory, say).
            InvalidResponseError: the service sent no notebook content.
            ServiceError, TransportError: as for `get_content`.
        """
        workspace = _helpers.check_workspace(ai_data_platform_id, workspace_key)
        return self._run_job(_helpers.read_notebook_job(self._settings, workspace, path))

    def write_notebook(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        path: str,
        notebook: NotebookNode | Mapping[str, Any],
        *,
        if_match: str | None = None,
    ) -> Content:
        """Save a notebook (an nbformat NotebookNode or its dict) at `path`, in one PUT.

        The notebook is checked with `nbformat.validate` first (on a copy: the caller's
        object is not changed); an invalid one is refused with ValueError and nothing is
        sent. An existing notebook at `path` is replaced.

        Args:
            if_match: Replace only if the notebook's etag is still this one (412 if not).

        Returns:
            Content: The saved notebook's model, without its content.
        """
        workspace = _helpers.check_workspace(ai_data_platform_id, workspace_key)
        return self._run_job(
            _helpers.write_notebook_job(
                self._settings, workspace, path, notebook, if_match=if_match
            )
        )

    def rename_content(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        path: str,
        new_path: str,
        *,
        if_match: str | None = None,
    ) -> Content:
        """Rename (move) a file or directory to `new_path`, without sending its content.

        Raises:
            ConflictError: something already exists at `new_path`.
            NotFoundError: nothing at `path`.
            PreconditionFailedError: `if_match` no longer matches.
        """
        workspace = _helpers.check_workspace(ai_data_platform_id, workspace_key)
        return self._run_job(
            _helpers.rename_content_job(
                self._settings, workspace, path, new_path, if_match=if_match
            )
        )

    def export_notebook(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        path: str,
        format: str = "html",
        *,
        to: StrPath | None = None,
    ) -> str:
        """Export a notebook as `html` (a self-contained page) or `ipynb`, as text.

        An `ipynb` export the service sends as a JSON object is returned laid out as a
        `.ipynb` file. With `to`, the text is also written there (UTF-8, through a
        temporary file renamed into place).
        """
        workspace = _helpers.check_workspace(ai_data_platform_id, workspace_key)
        return self._run_job(
            _helpers.export_notebook_job(self._settings, workspace, path, format, to=to)
        )

    def list_directory(
        self, ai_data_platform_id: str, workspace_key: str, path: str
    ) -> list[Content]:
        """The entries of a workspace directory, each a Content without its content.

        Raises:
            BadRequestError: `path` is not a directory, or the service does not list
                directories (a newer SDK text says it may not).
            NotFoundError: nothing at `path`.
        """
        workspace = _helpers.check_workspace(ai_data_platform_id, workspace_key)
        return self._run_job(_listing.list_directory_job(self._settings, workspace, path))

    def upload_dir(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        local_dir: StrPath,
        remote_dir: str,
        *,
        if_exists: IfExists = "skip",
        on_progress: ProgressCallback | None = None,
    ) -> TransferSummary:
        """Mirror a local directory tree into the workspace under `remote_dir`.

        Directories are made as needed (`remote_dir`'s parent must exist). Each file goes
        as `upload_file` sends it, in one PUT. With `if_exists="skip"` (the default) a
        file already in the workspace is left as it is; with "overwrite" it is replaced.
        Symbolic links to directories are not followed; special files are skipped, and
        so are the `.~aidp-*` temporary files a killed download may leave behind.

        Args:
            on_progress: Called after each file with a TransferProgress (its outcome and
                the running totals).

        Returns:
            TransferSummary: files and bytes transferred, and which files were skipped
                or failed and why. A failure of one file does not stop the others.

        Raises:
            LocalFileError: `local_dir` cannot be read.
            NotAuthenticatedError, TransportError: the service cannot be used at all; the
                files done by then are complete.
        """
        workspace = _helpers.check_workspace(ai_data_platform_id, workspace_key)
        return self._run_job(
            _transfer.upload_dir_job(
                self._settings,
                workspace,
                local_dir,
                remote_dir,
                if_exists=if_exists,
                on_progress=on_progress,
            )
        )

    def download_dir(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        remote_dir: str,
        local_dir: StrPath,
        *,
        if_exists: IfExists = "skip",
        on_progress: ProgressCallback | None = None,
        max_entries: int | None = None,
        max_requests: int | None = None,
    ) -> TransferSummary:
        """Mirror a workspace directory tree into `local_dir` (made if missing).

        Each file is written as `download_file` writes it: whole, through a temporary
        file renamed into place. With `if_exists="skip"` (the default) a file already on
        disk is left as it is; with "overwrite" it is replaced, keeping its mode. Names
        from the service that could not be local file names, or would lead out of
        `local_dir`, are refused and counted as failed.

        The tree is listed first, and that walk always ends: a service that lists a
        directory twice, lists an entry outside its directory, or keeps listing past
        `max_entries` entries or `max_requests` directories ends the download with
        InvalidResponseError before any file is written.

        Args:
            on_progress: Called after each file with a TransferProgress.
            max_entries: The most entries (files and directories) the walk takes in
                all; None for 100,000.
            max_requests: The most directory listings the walk asks for; None for
                10,000.

        Returns:
            TransferSummary: files and bytes transferred, skipped and failed files.

        Raises:
            NotFoundError, BadRequestError: `remote_dir` is not a directory that lists.
            InvalidResponseError: the listings do not describe a tree, or exceed the
                bounds above (the message names the path and the bound).
            LocalFileError: `local_dir` cannot be made.
            NotAuthenticatedError, TransportError: the service cannot be used at all.
        """
        workspace = _helpers.check_workspace(ai_data_platform_id, workspace_key)
        return self._run_job(
            _transfer.download_dir_job(
                self._settings,
                workspace,
                remote_dir,
                local_dir,
                if_exists=if_exists,
                on_progress=on_progress,
                max_entries=max_entries,
                max_requests=max_requests,
            )
        )


class AsyncContentsHelpers:
    """Workflows over the contents operations, for an asynchronous client."""

    _settings: Settings

    async def _execute(self, call: Generator[Step, Outcome, R]) -> R:
        raise NotImplementedError(f"{type(self).__name__} does not run calls")

    async def _run_job(self, job: Job[R]) -> R:
        return await run_job_async(job, self._execute)

    async def upload_file(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        local_path: StrPath,
        remote_path: str,
        *,
        if_match: str | None = None,
    ) -> Content:
        workspace = _helpers.check_workspace(ai_data_platform_id, workspace_key)
        return await self._run_job(
            _helpers.upload_file_job(
                self._settings, workspace, local_path, remote_path, if_match=if_match
            )
        )

    async def download_file(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        remote_path: str,
        local_path: StrPath,
    ) -> Path:
        workspace = _helpers.check_workspace(ai_data_platform_id, workspace_key)
        return await self._run_job(
            _helpers.download_file_job(self._settings, workspace, remote_path, local_path)
        )

    async def read_notebook(
        self, ai_data_platform_id: str, workspace_key: str, path: str
    ) -> NotebookNode:
        workspace = _helpers.check_workspace(ai_data_platform_id, workspace_key)
        return await self._run_job(_helpers.read_notebook_job(self._settings, workspace, path))

    async def write_notebook(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        path: str,
        notebook: NotebookNode | Mapping[str, Any],
        *,
        if_match: str | None = None,
    ) -> Content:
        workspace = _helpers.check_workspace(ai_data_platform_id, workspace_key)
        return await self._run_job(
            _helpers.write_notebook_job(
                self._settings, workspace, path, notebook, if_match=if_match
            )
        )

    async def rename_content(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        path: str,
        new_path: str,
        *,
        if_match: str | None = None,
    ) -> Content:
        workspace = _helpers.check_workspace(ai_data_platform_id, workspace_key)
        return await self._run_job(
            _helpers.rename_content_job(
                self._settings, workspace, path, new_path, if_match=if_match
            )
        )

    async def export_notebook(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        path: str,
        format: str = "html",
        *,
        to: StrPath | None = None,
    ) -> str:
        workspace = _helpers.check_workspace(ai_data_platform_id, workspace_key)
        return await self._run_job(
            _helpers.export_notebook_job(self._settings, workspace, path, format, to=to)
        )

    async def list_directory(
        self, ai_data_platform_id: str, workspace_key: str, path: str
    ) -> list[Content]:
        workspace = _helpers.check_workspace(ai_data_platform_id, workspace_key)
        return await self._run_job(_listing.list_directory_job(self._settings, workspace, path))

    async def upload_dir(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        local_dir: StrPath,
        remote_dir: str,
        *,
        if_exists: IfExists = "skip",
        on_progress: ProgressCallback | None = None,
    ) -> TransferSummary:
        workspace = _helpers.check_workspace(ai_data_platform_id, workspace_key)
        return await self._run_job(
            _transfer.upload_dir_job(
                self._settings,
                workspace,
                local_dir,
                remote_dir,
                if_exists=if_exists,
                on_progress=on_progress,
            )
        )

    async def download_dir(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        remote_dir: str,
        local_dir: StrPath,
        *,
        if_exists: IfExists = "skip",
        on_progress: ProgressCallback | None = None,
        max_entries: int | None = None,
        max_requests: int | None = None,
    ) -> TransferSummary:
        workspace = _helpers.check_workspace(ai_data_platform_id, workspace_key)
        return await self._run_job(
            _transfer.download_dir_job(
                self._settings,
                workspace,
                remote_dir,
                local_dir,
                if_exists=if_exists,
                on_progress=on_progress,
                max_entries=max_entries,
                max_requests=max_requests,
            )
        )


HELPERS = (
    "upload_file",
    "download_file",
    "read_notebook",
    "write_notebook",
    "rename_content",
    "export_notebook",
    "list_directory",
    "upload_dir",
    "download_dir",
)

# One text for both flavours: help() on an async method shows the sync method's docstring.
for _name in HELPERS:
    getattr(AsyncContentsHelpers, _name).__doc__ = getattr(ContentsHelpers, _name).__doc__
del _name
