"""Notebook contents kept in a real directory, with the Jupyter contents semantics.

Every path the store is given has passed `_contents_paths.normalise_path` (relative, no
`.`/`..`/empty segments, no control characters). On top of that each path is resolved
with `os.path.realpath` and must stay inside the root, so a symlink cannot lead out of
it either. Writes go to a temporary file beside the target that is then renamed over
it, so a file is never seen half written. One lock serialises all operations.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import email.utils
import errno
import hashlib
import itertools
import json
import mimetypes
import os
import re
import shutil
import tempfile
import threading
import uuid
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from ._contents_paths import normalise_path
from ._errors import ApiError
from ._notebook_html import render_html
from ._retry_tokens import RetryTokenLimits, RetryTokens

Kind = Literal["notebook", "file", "directory"]
KINDS: tuple[str, ...] = ("notebook", "file", "directory")
TEMP_PREFIX = ".~aidp-"  # half-written files carry it; listings never show them
_RECENT_LIMIT = 50
_COPY_SUFFIX = re.compile(r"-Copy\d*\.")  # "nb-Copy2.ipynb" is copied as "nb-Copy3.ipynb"


def empty_notebook() -> dict[str, Any]:
    """What a new untitled notebook holds (nbformat 4.5, no cells)."""
    return {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def notebook_bytes(notebook: Any) -> bytes:
    """A notebook as nbformat writes it to disk: sorted keys, indent 1, UTF-8, final newline."""
    text = json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")


def _timestamp(seconds: float) -> str:
    """ISO 8601 in UTC with a `Z`, as the service writes `created` and `last_modified`."""
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _bad(message: str, reason: str | None = None) -> ApiError:
    return ReasonedError(400, message, reason)


class ReasonedError(ApiError):
    """A 400 that also carries Jupyter's `reason` ("bad format", "bad type") in its body."""

    def __init__(self, status: int, message: str, reason: str | None = None) -> None:
        super().__init__(status, message)
        self.reason = reason

    def envelope(self) -> dict[str, str]:
        body = super().envelope()
        if self.reason is not None:
            body["reason"] = self.reason
        return body


def _kind_of_content(details: Mapping[str, Any]) -> Kind:
    """The kind a save without `type` makes: a notebook object, a file string, else a folder."""
    content = details.get("content")
    if isinstance(content, dict):
        return "notebook"
    return "directory" if content is None else "file"


def _not_found(path: str) -> ApiError:
    return ApiError(404, f"no file or directory at {path!r}, or not authorized")


def api_error_for(error: OSError, path: str) -> ApiError:
    """What a filesystem failure means to the client; anything unforeseen stays a 500."""
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return ApiError(404, f"{path!r} or one of its directories does not exist")
    if error.errno == errno.EEXIST:
        return ApiError(409, f"something already exists at {path!r}")
    if error.errno in (errno.ENAMETOOLONG, errno.EINVAL, errno.EISDIR, errno.ELOOP):
        return ApiError(400, f"{path!r} cannot be used as a path here")
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ApiError(409, f"{path!r} cannot be changed: the service may not write it")
    return ApiError(500, "the contents store failed to read or write a file")


def if_match_allows(if_match: str | None, etag: str | None) -> bool:
    """RFC 9110 If-Match with a strong comparison; quoted and bare etags both count."""
    if if_match is None:
        return True
    if etag is None:
        return False  # nothing is there: no etag can match, not even "*"
    for candidate in if_match.split(","):
        value = candidate.strip()
        if value == "*" or value.strip('"') == etag:
            return True
    return False


@dataclass(frozen=True)
class Options:
    """Where the sources disagree, which reading the local service plays (see the README)."""

    null_format: str | None = None  # how "no format" is written: JSON null or "NULL"
    export_ipynb_as: Literal["string", "object"] = "string"
    list_directories: bool = True  # False: GET of a directory with content=1 is a 400
    recursive_delete: bool = False  # False: deleting a non-empty directory is a 409


def new_work_request_id() -> str:
    return f"ocid1.workrequest.oc1..local{uuid.uuid4().hex}"


@dataclass(frozen=True)
class Saved:
    """A model without content, its etag, and whether the write created the file."""

    model: dict[str, Any]
    etag: str
    created: bool = False
    work_request_id: str = field(default_factory=new_work_request_id)


@dataclass(frozen=True)
class _Located:
    path: str  # normalised relative path
    lexical: Path  # root / path, the name itself (a symlink stays a symlink)
    real: Path  # what it resolves to, inside the root


class ContentsStore:
    def __init__(
        self,
        root: Path,
        options: Options | None = None,
        *,
        retry_tokens: RetryTokenLimits | None = None,
    ) -> None:
        self._root = Path(os.path.realpath(root))
        if not self._root.is_dir():
            raise ValueError(f"contents_root {str(root)!r} is not a directory")
        self.options = options or Options()
        self._lock = threading.RLock()
        self._retry_tokens: RetryTokens[Saved] = RetryTokens(retry_tokens)
        self._recent: deque[str] = deque(maxlen=_RECENT_LIMIT)
        # Workspace object types set by a test for kinds the contents API has no name for.
        self._object_types: dict[str, str] = {}

    @property
    def root(self) -> Path:
        return self._root

    # -- paths ------------------------------------------------------------------------------

    def _inside(self, real: Path) -> bool:
        return real == self._root or self._root in real.parents

    def _locate(self, path: str) -> _Located:
        lexical = self._root / path if path else self._root
        real = Path(os.path.realpath(lexical))
        parent = Path(os.path.realpath(lexical.parent)) if path else self._root
        if not (self._inside(real) and self._inside(parent)):
            raise ApiError(400, f"{path!r} leads outside the contents root")
        return _Located(path, lexical, real)

    @staticmethod
    def _exists(located: _Located) -> bool:
        """A regular file or a directory is there (a FIFO or device would block a read)."""
        if not os.path.lexists(located.lexical):
            return False
        return located.real.is_file() or located.real.is_dir()

    def _existing(self, path: str) -> _Located:
        located = self._locate(path)
        if not self._exists(located):
            raise _not_found(path)
        return located

    @staticmethod
    def kind_of(located: _Located) -> Kind:
        if located.real.is_dir():
            return "directory"
        return "notebook" if located.path.endswith(".ipynb") else "file"

    # -- models -----------------------------------------------------------------------------

    def _base_model(self, located: _Located, kind: Kind) -> dict[str, Any]:
        info = located.real.stat()
        name = located.path.rsplit("/", 1)[-1]
        return {
            "name": name,
            "path": located.path,
            "type": kind,
            "writable": os.access(located.real, os.W_OK),
            "created": _timestamp(info.st_ctime),
            "last_modified": _timestamp(info.st_mtime),
            "size": None if kind == "directory" else info.st_size,
            "mimetype": None,
            "content": None,
            "format": self.options.null_format,
            "hash": None,
            "hash_algorithm": None,
            "description": None,
        }

    def _entries(self, located: _Located) -> Iterator[_Located]:
        """The entries of a directory that a listing shows, in name order."""
        with os.scandir(located.real) as scan:
            names = sorted(entry.name for entry in scan)
        for name in names:
            if name.startswith(TEMP_PREFIX):
                continue
            try:
                name.encode("utf-8")
                child = f"{located.path}/{name}" if located.path else name
                entry = self._locate(normalise_path(child))
            except (ApiError, UnicodeEncodeError):
                continue  # an undecodable name, or a symlink out of the root
            if self._exists(entry):
                yield entry

    def etag_of(self, located: _Located) -> str:
        digest = hashlib.sha256()
        if located.real.is_dir():
            digest.update(b"directory\0")
            for entry in self._entries(located):
                info = entry.real.stat()
                line = f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}\n"
                digest.update(line.encode("utf-8"))
        else:
            digest.update(b"file\0")
            digest.update(located.real.read_bytes())
        return digest.hexdigest()[:32]

    def model(
        self,
        located: _Located,
        *,
        kind: Kind | None = None,
        content: bool = False,
        fmt: str | None = None,
        want_hash: bool = False,
    ) -> dict[str, Any]:
        actual = self.kind_of(located)
        kind = kind or actual
        if actual == "directory" and kind != "directory":
            raise _bad(f"{located.path!r} is a directory, not a {kind}", "bad type")
        if actual != "directory" and kind == "directory":
            raise _bad(f"{located.path!r} is not a directory", "bad type")
        model = self._base_model(located, kind)
        if kind == "directory":
            if content:
                self._directory_content(located, model, fmt)
            return model
        data = located.real.read_bytes() if content or want_hash else b""
        if want_hash:
            model["hash"] = hashlib.sha256(data).hexdigest()
            model["hash_algorithm"] = "sha256"
        if content and kind == "notebook":
            self._notebook_content(located, model, data, fmt)
        elif content:
            self._file_content(located, model, data, fmt)
        return model

    def _directory_content(self, located: _Located, model: dict[str, Any], fmt: str | None) -> None:
        if fmt not in (None, "json"):
            raise _bad(f"a directory's content is a list (format json), not {fmt}", "bad format")
        if not self.options.list_directories:
            raise _bad(
                "listing a directory's content is not supported; ask with content=0", "bad type"
            )
        model["content"] = [self.model(entry) for entry in self._entries(located)]
        model["format"] = "json"

    @staticmethod
    def _notebook_content(
        located: _Located, model: dict[str, Any], data: bytes, fmt: str | None
    ) -> None:
        if fmt not in (None, "json"):
            raise _bad(f"a notebook's content is JSON, not {fmt}", "bad format")
        try:
            notebook = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise _bad(f"{located.path!r} is not a readable notebook", "bad type") from None
        if not isinstance(notebook, dict):
            raise _bad(f"{located.path!r} is not a readable notebook", "bad type")
        model.update(content=notebook, format="json")

    @staticmethod
    def _file_content(
        located: _Located, model: dict[str, Any], data: bytes, fmt: str | None
    ) -> None:
        if fmt not in (None, "text", "base64"):
            raise _bad(f"a file's content is text or base64, not {fmt}", "bad format")
        guessed = mimetypes.guess_type(located.path.rsplit("/", 1)[-1])[0]
        if fmt in (None, "text"):
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                if fmt == "text":
                    raise _bad(f"{located.path!r} is not UTF-8 text", "bad format") from None
            else:
                model.update(content=text, format="text", mimetype=guessed or "text/plain")
                return
        model.update(
            content=base64.b64encode(data).decode("ascii"),
            format="base64",
            mimetype=guessed or "application/octet-stream",
        )

    # -- reading ----------------------------------------------------------------------------

    def get(
        self,
        path: str,
        *,
        kind: Kind | None,
        fmt: str | None,
        content: bool,
        want_hash: bool,
    ) -> tuple[dict[str, Any], str, str]:
        """The model, its etag and its Last-Modified HTTP date."""
        with self._lock:
            located = self._existing(path)
            if kind is None and fmt in ("text", "base64") and self.kind_of(located) == "notebook":
                kind = "file"  # a notebook asked for as text or bytes is served as its file
            model = self.model(located, kind=kind, content=content, fmt=fmt, want_hash=want_hash)
            modified = email.utils.formatdate(located.real.stat().st_mtime, usegmt=True)
            return model, self.etag_of(located), modified

    def etag(self, path: str) -> str | None:
        """The current etag of `path`, None when nothing is there."""
        with self._lock:
            located = self._locate(path)
            return self.etag_of(located) if self._exists(located) else None

    def export(self, path: str, fmt: str) -> tuple[dict[str, Any], str]:
        with self._lock:
            located = self._existing(path)
            if self.kind_of(located) != "notebook":
                raise _bad(f"only notebooks (.ipynb) can be exported; {path!r} is not one")
            data = located.real.read_bytes()
            model = self.model(located, content=True)
            if fmt == "html":
                exported: Any = render_html(model["content"], model["name"])
            elif self.options.export_ipynb_as == "object":
                exported = model["content"]
            else:
                exported = data.decode("utf-8")
            body = {"name": model["name"], "path": path, "format": fmt, "content": exported}
            return body, self.etag_of(located)

    # -- writing ----------------------------------------------------------------------------

    def _check(self, located: _Located, if_match: str | None) -> None:
        current = self.etag_of(located) if self._exists(located) else None
        if not if_match_allows(if_match, current):
            what = "the current etag" if current else "anything (nothing is there)"
            raise ApiError(412, f"if-match does not match {what} of {located.path!r}")

    def _directory(self, path: str, what: str) -> _Located:
        located = self._locate(path)
        if not self._exists(located):
            raise ApiError(404, f"the directory {path!r} of the {what} does not exist")
        if not located.real.is_dir():
            raise _bad(f"{path!r} is a file, not a directory", "bad type")
        return located

    def _saved(self, located: _Located, created: bool = False) -> Saved:
        return Saved(self.model(located), self.etag_of(located), created)

    def save(self, path: str, details: Mapping[str, Any], if_match: str | None = None) -> Saved:
        """PUT: create or replace what is at `path` from an UpdateContentDetails."""
        with self._lock:
            if not path:
                raise _bad("the root cannot be replaced")
            located = self._locate(path)
            self._check(located, if_match)
            parent = path.rpartition("/")[0]
            self._directory(parent, "path")
            existed = self._exists(located)
            kind = details.get("type")
            if kind is None:
                # Optional in SDK 5.1.1: what is there, else what the content is.
                kind = self.kind_of(located) if existed else _kind_of_content(details)
            if kind not in KINDS:
                raise _bad(f"type must be notebook, file or directory, not {kind!r}", "bad type")
            if kind == "directory":
                if existed and not located.real.is_dir():
                    raise _bad(f"{path!r} is a file, not a directory", "bad type")
                if not existed:
                    located.lexical.mkdir()
                return self._saved(located, created=not existed)
            if existed and located.real.is_dir():
                raise _bad(f"{path!r} is a directory, not a {kind}", "bad type")
            data = self._payload(kind, details)
            self._write(located, data)
            return self._saved(located, created=not existed)

    @staticmethod
    def _payload(kind: str, details: Mapping[str, Any]) -> bytes:
        if "content" not in details or details["content"] is None:
            raise _bad(f"content is required to save a {kind}")
        content, fmt = details["content"], details.get("format")
        if kind == "notebook":
            if fmt not in (None, "json", "NULL"):
                raise _bad(f"a notebook is saved as format json, not {fmt}", "bad format")
            if not isinstance(content, dict):
                raise _bad("a notebook's content must be its nbformat JSON object", "bad format")
            return notebook_bytes(content)
        if fmt not in ("text", "base64"):
            raise _bad("a file needs format text or base64 for its content", "bad format")
        if not isinstance(content, str):
            raise _bad(f"a file's content in format {fmt} must be a string", "bad format")
        if fmt == "text":
            try:
                return content.encode("utf-8")
            except UnicodeEncodeError:
                raise _bad("content is not valid Unicode text", "bad format") from None
        try:
            # Line breaks (MIME-style base64) are allowed; any other stray character is not.
            compact = "".join(content.split()).encode("ascii")
            return base64.b64decode(compact, validate=True)
        except (UnicodeEncodeError, binascii.Error, ValueError):
            raise _bad("content is not valid base64", "bad format") from None

    @staticmethod
    def _write(located: _Located, data: bytes) -> None:
        """Replace the file in one rename; a symlink inside the root is written through."""
        through = located.lexical.is_symlink() and located.real.exists()
        target = located.real if through else located.lexical
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
            os.chmod(temp, 0o644)
            os.replace(temp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise

    def create(
        self, path: str, details: Mapping[str, Any], retry_token: str | None = None
    ) -> tuple[Saved, bool]:
        """POST: a new untitled file, notebook or directory in `path`, or a copy into it.

        Returns the outcome and whether it is the replay of an earlier retry token.
        """
        request = json.dumps([path, dict(details)], sort_keys=True)
        with self._lock:
            first = self._retry_tokens.replay(retry_token, request)
            if first is not None:
                return first, True
            outcome = self._create(path, details)
            self._retry_tokens.remember(retry_token, request, outcome)
            return outcome, False

    def _create(self, path: str, details: Mapping[str, Any]) -> Saved:
        located = self._locate(path)
        if not self._exists(located):
            raise _not_found(path)
        if not located.real.is_dir():
            raise _bad(f"{path!r} is a file: POST creates in a directory, PUT saves a file")
        copy_from = details.get("copy_from")
        if copy_from is not None:
            return self._copy(normalise_path(copy_from, "copy_from"), located)
        kind = details.get("type") or ""
        ext = details.get("ext") or ""
        if "/" in ext or any(ord(char) < 32 or ord(char) == 127 for char in ext):
            raise _bad(f"ext {ext!r} must be a plain extension such as '.py'")
        if kind == "" and ext == ".ipynb":
            kind = "notebook"
        if kind not in KINDS:
            kind = "file"  # as Jupyter does with a type it does not know
        if kind == "directory":
            name = self._free_name(located, "Untitled Folder", "", " ")
            new = self._locate(normalise_path(f"{path}/{name}"))
            new.lexical.mkdir()
        else:
            stem, suffix = ("Untitled", ".ipynb") if kind == "notebook" else ("untitled", ext)
            name = self._free_name(located, stem, suffix, "")
            new = self._locate(normalise_path(f"{path}/{name}", "ext"))
            self._write(new, notebook_bytes(empty_notebook()) if kind == "notebook" else b"")
        return self._saved(new, created=True)

    def _copy(self, source_path: str, directory: _Located) -> Saved:
        source = self._existing(source_path)
        if source.real.is_dir():
            raise _bad("copy_from names a directory; only files and notebooks can be copied")
        name = _COPY_SUFFIX.sub(".", source_path.rsplit("/", 1)[-1], count=1)
        stem, dot, ext = name.rpartition(".")
        if not dot or not stem:
            stem, ext = name, ""
        elif ext != "ipynb":
            stem, _, ext = name.partition(".")
        suffix = f".{ext}" if ext else ""
        free = self._free_name(directory, stem, suffix, "-Copy")
        new = self._locate(normalise_path(f"{directory.path}/{free}"))
        self._write(new, source.real.read_bytes())
        return self._saved(new, created=True)

    def _free_name(self, directory: _Located, stem: str, suffix: str, insert: str) -> str:
        """The first of stem+suffix, stem+insert+"1"+suffix, ... not taken in `directory`."""
        for number in itertools.count():
            name = f"{stem}{insert}{number}{suffix}" if number else f"{stem}{suffix}"
            if not os.path.lexists(directory.real / name):
                return name
        raise AssertionError("unreachable")  # pragma: no cover

    def rename(self, path: str, new_path: str, if_match: str | None = None) -> Saved:
        """PATCH: move `path` to `new_path`; 409 when something is already there."""
        with self._lock:
            if not path or not new_path:
                raise _bad("the root cannot be renamed, and nothing can be renamed to it")
            source = self._existing(path)
            self._check(source, if_match)
            if new_path == path:
                return self._saved(source)
            if new_path.startswith(path + "/"):
                raise _bad(f"{path!r} cannot be moved into itself")
            self._directory(new_path.rpartition("/")[0], "new path")
            target = self._locate(new_path)
            if os.path.lexists(target.lexical):
                raise ApiError(409, f"{new_path!r} already exists")
            os.rename(source.lexical, target.lexical)
            return self._saved(self._locate(new_path))

    def delete(self, path: str, if_match: str | None = None) -> None:
        with self._lock:
            if not path:
                raise _bad("the root cannot be deleted")
            located = self._locate(path)
            if not os.path.lexists(located.lexical):
                raise _not_found(path)
            self._check(located, if_match)
            if located.lexical.is_symlink() or not located.lexical.is_dir():
                located.lexical.unlink()
            elif self.options.recursive_delete:
                shutil.rmtree(located.lexical)
            elif any(True for _ in os.scandir(located.lexical)):
                raise ApiError(
                    409, f"the directory {path!r} is not empty; delete its contents first"
                )
            else:
                located.lexical.rmdir()

    # -- ListWorkspaceObjects: the same tree, as workspace objects -------------------------

    def list_objects(self, path: str) -> list[dict[str, Any]]:
        """The WorkspaceObjectSummary of each entry of a folder (of the file itself)."""
        with self._lock:
            located = self._existing(path)
            entries = list(self._entries(located)) if located.real.is_dir() else [located]
            return [self._object_summary(entry) for entry in entries]

    def _object_summary(self, located: _Located) -> dict[str, Any]:
        info = located.real.stat()
        kind = self.kind_of(located)
        default = {"directory": "FOLDER", "notebook": "NOTEBOOK", "file": "FILE"}[kind]
        return {
            "path": "/" + located.path,
            "displayName": located.path.rsplit("/", 1)[-1],
            "type": self._object_types.get(located.path, default),
            "timeCreated": _timestamp(info.st_ctime),
            "timeUpdated": _timestamp(info.st_mtime),
            "compositeEtag": self.etag_of(located),
        }

    def set_object_type(self, path: str, object_type: str) -> None:
        """List `path` as a workspace object of `object_type` (LIBRARY, JOB, ...)."""
        with self._lock:
            self._object_types[normalise_path(path)] = object_type

    # -- the "recent" list of should-update-recent -------------------------------------------

    def touch_recent(self, path: str) -> None:
        with self._lock:
            with contextlib.suppress(ValueError):
                self._recent.remove(path)
            self._recent.appendleft(path)

    def recent(self) -> list[str]:
        with self._lock:
            return list(self._recent)

    # -- direct access for tests ------------------------------------------------------------

    def write_bytes(self, path: str, data: bytes) -> None:
        """Put a file in place (making its directories), as a test's fixture would."""
        with self._lock:
            path = normalise_path(path)
            if not path:
                raise ValueError("a file needs a non-empty path")
            parent = self._locate(path.rpartition("/")[0])
            parent.lexical.mkdir(parents=True, exist_ok=True)
            self._write(self._locate(path), data)
