"""upload_dir and download_dir: mirror a directory tree, as jobs (_jobs) for both clients.

A transfer goes file by file. What happens to each is reported to `on_progress` and
counted in the `TransferSummary`: transferred, skipped (it exists at the destination
under the "skip" policy, it is not a regular file, or it is a `.~aidp-*` temporary file
a killed download left behind) or failed (with the reason). A
failure of one file does not stop the others; a failure that would fail every file
(no connection, credentials refused) ends the transfer with that error, and the
files done by then are complete. Each file is whole or absent at the destination:
one PUT per upload, a temporary file renamed into place per download.

Remote names are checked before they become local paths: a listing that names `..`,
a name with `/`, `\\` or a control character, or a directory deeper than MAX_DEPTH
is refused (counted as failed), and no file is written outside `local_dir`, even
through a symbolic link already there. A download's walk ends even if the service lists
without end (_walk_limits): a directory listed twice, an entry outside its directory, or
more than `max_requests` listings or `max_entries` entries is an InvalidResponseError,
raised before any file is written.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from aidp_notebook_client import operations as _generated
from aidp_notebook_client.models import Content

from ._contents_codec import content_type
from ._contents_helpers import Workspace, call, file_bytes, response_size, upload_call
from ._core import Settings
from ._errors import (
    BadRequestError,
    InvalidResponseError,
    NotAuthenticatedError,
    NotFoundError,
    ServiceError,
)
from ._jobs import CpuWork, Job, LocalWork, Work
from ._listing import OBJECT_TYPE_KEY, list_folder
from ._local_files import (
    TEMP_PREFIX,
    LocalFileError,
    StrPath,
    exists,
    inside,
    local_path,
    read_regular_file,
    scan_tree,
    write_atomically,
)
from ._paths import check_slash_path, helper_path
from ._walk_limits import (
    DEFAULT_MAX_ENTRIES,
    DEFAULT_MAX_REQUESTS,
    WalkBudget,
    check_limit,
    stray_entry,
)

IfExists = Literal["skip", "overwrite"]
IF_EXISTS: tuple[str, ...] = ("skip", "overwrite")
Outcome = Literal["transferred", "skipped", "failed"]
MAX_DEPTH = 64  # directory levels a download follows; a listing could nest without end


@dataclass(frozen=True)
class TransferProgress:
    """What `on_progress` is told after each file: this file's outcome and the totals so far."""

    path: str  # the file's path relative to the tree's root, "/"-separated
    outcome: Outcome
    size: int  # bytes of this file transferred (0 when skipped or failed)
    files_done: int  # files dealt with so far (transferred, skipped or failed), this one included
    files_total: int
    bytes_done: int  # bytes transferred so far
    bytes_total: int | None  # None when the service did not give every file's size


ProgressCallback = Callable[[TransferProgress], None]


@dataclass(frozen=True)
class TransferIssue:
    """A file or directory that was skipped or failed, and why."""

    path: str
    reason: str


@dataclass
class TransferSummary:
    """What a directory transfer did: files and bytes transferred, what was skipped or failed."""

    files: int = 0
    bytes: int = 0
    skipped: list[TransferIssue] = field(default_factory=list)
    failed: list[TransferIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing failed (skipped files are not failures)."""
        return not self.failed

    def __str__(self) -> str:
        return (
            f"{self.files} {'file' if self.files == 1 else 'files'} ({self.bytes:,} bytes) "
            f"transferred, {len(self.skipped)} skipped, {len(self.failed)} failed"
        )

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data (the command line prints it)."""
        return {
            "files": self.files,
            "bytes": self.bytes,
            "skipped": [{"path": i.path, "reason": i.reason} for i in self.skipped],
            "failed": [{"path": i.path, "reason": i.reason} for i in self.failed],
        }


def check_if_exists(value: object) -> IfExists:
    if value == "skip":
        return "skip"
    if value == "overwrite":
        return "overwrite"
    raise ValueError(
        f"if_exists must be 'skip' (leave what is there) or 'overwrite', got {value!r}"
    )


def check_progress(value: object) -> ProgressCallback | None:
    if value is not None and not callable(value):
        raise TypeError(f"on_progress must be a callable or None, got {type(value).__name__}")
    return value


def _per_file(error: Exception) -> bool:
    """Whether `error` concerns one file (so the transfer goes on) rather than all of them."""
    if isinstance(error, NotAuthenticatedError):
        return False
    return isinstance(error, ServiceError | InvalidResponseError | LocalFileError | ValueError)


class _Tally:
    """Counts into the summary and tells `on_progress`."""

    def __init__(
        self,
        summary: TransferSummary,
        files_total: int,
        bytes_total: int | None,
        on_progress: ProgressCallback | None,
    ) -> None:
        self.summary = summary
        self.files_total = files_total
        self.bytes_total = bytes_total
        self.on_progress = on_progress
        self.files_done = 0

    def transferred(self, path: str, size: int) -> None:
        self.summary.files += 1
        self.summary.bytes += size
        self._tell(path, "transferred", size)

    def skipped(self, path: str, reason: str) -> None:
        self.summary.skipped.append(TransferIssue(path, reason))
        self._tell(path, "skipped", 0)

    def failed(self, path: str, reason: str | Exception) -> None:
        self.summary.failed.append(TransferIssue(path, str(reason)))
        self._tell(path, "failed", 0)

    def _tell(self, path: str, outcome: Outcome, size: int) -> None:
        self.files_done += 1
        if self.on_progress is not None:
            self.on_progress(
                TransferProgress(
                    path,
                    outcome,
                    size,
                    self.files_done,
                    self.files_total,
                    self.summary.bytes,
                    self.bytes_total,
                )
            )


def _join(base: str, relative: str) -> str:
    """`base/relative`, either of them possibly empty."""
    return f"{base}/{relative}" if base and relative else base or relative


def _parent(relative: str) -> str:
    return relative.rpartition("/")[0]


def _broken_ancestor(relative: str, broken: set[str]) -> str | None:
    parent = _parent(relative)
    while parent:
        if parent in broken:
            return parent
        parent = _parent(parent)
    return None


# -- upload ---------------------------------------------------------------------------------


def upload_dir_job(
    settings: Settings,
    workspace: Workspace,
    local_dir: StrPath,
    remote_dir: str,
    *,
    if_exists: IfExists = "skip",
    on_progress: ProgressCallback | None = None,
) -> Job[TransferSummary]:
    root = local_path("local_dir", local_dir)
    remote_dir = helper_path("remote_dir", remote_dir)
    policy = check_if_exists(if_exists)
    on_progress = check_progress(on_progress)
    tree = yield LocalWork(functools.partial(scan_tree, root))
    summary = TransferSummary(skipped=[TransferIssue(p, why) for p, why in tree.skipped])
    tree.files = [(path, size) for path, size in tree.files if not _leftover(path, summary)]
    total = sum(size for _, size in tree.files)
    tally = _Tally(summary, len(tree.files), total, on_progress)
    # Directories known to be empty because this transfer just made them: no need to look.
    fresh: set[str] = set()
    if (yield from _make_remote_directory(settings, workspace, remote_dir)):
        fresh.add("")
    broken: set[str] = set()
    for relative in tree.directories:
        if _broken_ancestor(relative, broken) is not None:
            broken.add(relative)
            continue
        try:
            check_slash_path("the remote path of a local directory", _join(remote_dir, relative))
            created = yield from _make_remote_directory(
                settings, workspace, _join(remote_dir, relative)
            )
        except Exception as exc:
            if not _per_file(exc):
                raise
            broken.add(relative)
            summary.failed.append(TransferIssue(relative + "/", str(exc)))
            continue
        if created:
            fresh.add(relative)
    listings: dict[str, set[str] | None] = {}
    for relative, _size in tree.files:
        above = _broken_ancestor(relative, broken)
        if above is not None:
            tally.failed(relative, f"its directory {above!r} could not be made in the workspace")
            continue
        remote = _join(remote_dir, relative)
        try:
            check_slash_path("the remote path of a local file", remote)
            if policy == "skip" and (
                yield from _remote_exists(
                    settings, workspace, remote_dir, relative, fresh=fresh, listings=listings
                )
            ):
                tally.skipped(relative, "already in the workspace")
                continue
            data = yield LocalWork(functools.partial(read_regular_file, root / relative))
            request = functools.partial(
                upload_call, settings, workspace, data, remote, what=repr(relative), params={}
            )
            yield (yield CpuWork(request, len(data)))
        except Exception as exc:
            if not _per_file(exc):
                raise
            tally.failed(relative, exc)
            continue
        tally.transferred(relative, len(data))
    return summary


def _leftover(relative: str, summary: TransferSummary) -> bool:
    """Whether the file is a download's temporary file (a killed download leaves it
    behind): never uploaded, counted as skipped."""
    if not relative.rpartition("/")[2].startswith(TEMP_PREFIX):
        return False
    summary.skipped.append(TransferIssue(relative, "a temporary file of an unfinished download"))
    return True


def _make_remote_directory(
    settings: Settings, workspace: Workspace, remote: str
) -> Generator[Work, Any, bool]:
    """Make `remote` a directory (a no-op when it is one); True when it was created."""
    response = yield call(
        settings, _generated.UPDATE_CONTENT, (*workspace, remote), {}, {"type": "directory"}
    )
    return bool(response.status_code == 201)


def _remote_exists(
    settings: Settings,
    workspace: Workspace,
    remote_dir: str,
    relative: str,
    *,
    fresh: set[str],
    listings: dict[str, set[str] | None],
) -> Generator[Work, Any, bool]:
    """Whether something is at the file's remote path: one listing per directory, or one
    GET per file when the service does not list directories."""
    parent = _parent(relative)
    if parent in fresh:
        return False
    if parent not in listings:
        listings[parent] = yield from _remote_names(settings, workspace, _join(remote_dir, parent))
    names = listings[parent]
    if names is not None:
        return relative.rpartition("/")[2] in names
    try:
        params = {"content": 0}
        yield call(
            settings, _generated.GET_CONTENT, (*workspace, _join(remote_dir, relative)), params
        )
    except NotFoundError:
        return False
    return True


def _remote_names(
    settings: Settings, workspace: Workspace, remote: str
) -> Generator[Work, Any, set[str] | None]:
    """The names in a remote directory; None when the service does not list directories."""
    try:
        folder = yield from list_folder(settings, workspace, remote)
    except NotFoundError:
        return set()
    except (BadRequestError, InvalidResponseError, ValueError):
        return None
    if stray_entry(remote, folder.reported, folder.entries) is not None:
        return None  # a listing that is not of this directory: ask file by file instead
    return {entry.name for entry in folder.entries}


# -- download -------------------------------------------------------------------------------


@dataclass
class _RemoteTree:
    directories: list[str] = field(default_factory=list)
    files: list[tuple[str, Content]] = field(default_factory=list)


def unsafe_name(name: object) -> str | None:
    """Why a name from a listing cannot be a local file name; None when it can."""
    if not isinstance(name, str) or not name:
        return "the service listed an entry without a name"
    if name in (".", ".."):
        return f"the service listed an entry named {name!r}"
    if "/" in name or "\\" in name:
        return "the name has a path separator in it"
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in name):
        return "the name has a control character or invalid Unicode in it"
    return None


def download_dir_job(
    settings: Settings,
    workspace: Workspace,
    remote_dir: str,
    local_dir: StrPath,
    *,
    if_exists: IfExists = "skip",
    on_progress: ProgressCallback | None = None,
    max_entries: int | None = None,
    max_requests: int | None = None,
) -> Job[TransferSummary]:
    root = local_path("local_dir", local_dir)
    remote_dir = helper_path("remote_dir", remote_dir, top=True)
    policy = check_if_exists(if_exists)
    on_progress = check_progress(on_progress)
    budget = WalkBudget(
        "GetContent",
        max_entries=check_limit("max_entries", max_entries, DEFAULT_MAX_ENTRIES),
        max_requests=check_limit("max_requests", max_requests, DEFAULT_MAX_REQUESTS),
    )
    summary = TransferSummary()
    tree = _RemoteTree()
    # The top directory must list; anything below that fails is counted, not raised,
    # except the walk's own bounds, which end it.
    yield from _walk_remote(
        settings, workspace, remote_dir, "", tree=tree, summary=summary, budget=budget
    )
    sizes = [entry.size if isinstance(entry.size, int) else None for _, entry in tree.files]
    total = None if None in sizes else sum(size or 0 for size in sizes)
    tally = _Tally(summary, len(tree.files), total, on_progress)
    broken: set[str] = set()
    for relative in ["", *tree.directories]:
        if _broken_ancestor(relative, broken) is not None:
            broken.add(relative)
            continue
        try:
            yield LocalWork(functools.partial(_make_local_directory, root, relative))
        except LocalFileError as exc:
            if relative == "":
                raise
            broken.add(relative)
            summary.failed.append(TransferIssue(relative + "/", str(exc)))
    for relative, _entry in tree.files:
        above = _broken_ancestor(relative, broken)
        if above is not None:
            tally.failed(relative, f"its directory {above!r} could not be made on disk")
            continue
        target = root.joinpath(*relative.split("/"))
        try:
            if policy == "skip" and (yield LocalWork(functools.partial(exists, target))):
                tally.skipped(relative, "already on disk")
                continue
            remote = _join(remote_dir, relative)
            params = {"content": 1}
            response = yield call(settings, _generated.GET_CONTENT, (*workspace, remote), params)
            data = yield CpuWork(functools.partial(file_bytes, response), response_size(response))
            yield LocalWork(functools.partial(_write_inside, root, target, data))
        except Exception as exc:
            if not _per_file(exc):
                raise
            tally.failed(relative, exc)
            continue
        tally.transferred(relative, len(data))
    return summary


def _walk_remote(
    settings: Settings,
    workspace: Workspace,
    remote_dir: str,
    relative: str,
    *,
    tree: _RemoteTree,
    summary: TransferSummary,
    budget: WalkBudget,
    depth: int = 0,
) -> Generator[Work, Any, None]:
    remote = _join(remote_dir, relative)
    budget.before_request(remote)
    folder = yield from list_folder(settings, workspace, remote)
    entries = folder.entries
    safe = [entry for entry in entries if unsafe_name(entry.name) is None]
    budget.listed(folder.response, remote, folder.reported, entries, followed=safe)
    seen: set[str] = set()
    for entry in entries:
        problem = unsafe_name(entry.name)
        child = (
            _join(relative, entry.name) if problem is None else _join(relative, repr(entry.name))
        )
        if problem is not None:
            summary.failed.append(TransferIssue(child, problem))
            continue
        if entry.name in seen:
            continue  # listed twice: fetched once
        seen.add(entry.name)
        kind = content_type(entry)
        if kind in ("file", "notebook"):
            tree.files.append((child, entry))
        elif kind != "directory":
            summary.skipped.append(TransferIssue(child, _why_not_transferred(entry, kind)))
        elif depth + 1 >= MAX_DEPTH:
            summary.failed.append(TransferIssue(child + "/", f"deeper than {MAX_DEPTH} levels"))
        else:
            tree.directories.append(child)
            try:
                yield from _walk_remote(
                    settings,
                    workspace,
                    remote_dir,
                    child,
                    tree=tree,
                    summary=summary,
                    budget=budget,
                    depth=depth + 1,
                )
            except Exception as exc:
                if not _per_file(exc) or exc is budget.failure:
                    raise
                summary.failed.append(TransferIssue(child + "/", str(exc)))


def _why_not_transferred(entry: Content, kind: str) -> str:
    object_type = entry.additional_properties.get(OBJECT_TYPE_KEY)
    if isinstance(object_type, str):
        return (
            f"a workspace object of type {object_type!r}, which the contents API has no "
            "file, notebook or directory for"
        )
    return f"an entry of unknown kind {kind!r}"


def _make_local_directory(root: Path, relative: str) -> None:
    folder = root.joinpath(*relative.split("/")) if relative else root
    try:
        folder.mkdir(parents=not relative, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise LocalFileError(
            f"cannot create the directory {str(folder)!r}: {reason}", path=str(folder),
            errno=exc.errno,
        ) from None  # fmt: skip
    if relative and not inside(root, folder):
        raise LocalFileError(
            f"{str(folder)!r} leads out of local_dir through a symbolic link", path=str(folder)
        )


def _write_inside(root: Path, target: Path, data: bytes) -> Path:
    if not inside(root, target.parent):
        raise LocalFileError(
            f"{str(target)!r} would be written out of local_dir through a symbolic link",
            path=str(target),
        )
    return write_atomically(target, data)
