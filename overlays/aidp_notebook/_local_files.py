"""Local file work of the contents helpers: reading, writing without loss, walking a tree.

Writes never leave a truncated file where the caller expects a whole one: the bytes go
to a temporary file in the target's own directory (same filesystem), are flushed to
disk, and the temporary file is renamed over the target in one step. If anything fails
on the way, the temporary file is removed and the target is as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ._errors import AidpError

StrPath = str | os.PathLike[str]
TEMP_PREFIX = ".~aidp-"  # a half-written download carries it until it is renamed


class LocalFileError(AidpError, OSError):
    """A local file or directory could not be read or written; the message says which."""

    def __init__(self, message: str, *, path: str, errno: int | None = None) -> None:
        # Only `errno` of OSError's fields: with `filename` set, str() would drop the message.
        super().__init__(message)
        self.path = path
        self.errno = errno


def local_path(name: str, value: object) -> Path:
    """A caller's local path argument (str or os.PathLike), or TypeError naming it."""
    if isinstance(value, bytes) or not isinstance(value, str | os.PathLike):
        raise TypeError(f"{name} must be a str or os.PathLike path, got {type(value).__name__}")
    text = os.fspath(value)
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a text path, got {type(text).__name__}")
    if not text or "\0" in text:
        raise ValueError(f"{name} must be a non-empty path without NUL characters")
    return Path(text)


def _failure(action: str, path: Path, exc: OSError) -> LocalFileError:
    reason = exc.strerror or type(exc).__name__
    return LocalFileError(
        f"cannot {action} {str(path)!r}: {reason}", path=str(path), errno=exc.errno
    )


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file (a FIFO or device would block or never end)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise LocalFileError(f"{str(path)!r} is {kind}", path=str(path))
        return path.read_bytes()
    except LocalFileError:
        raise
    except OSError as exc:
        raise _failure("read", path, exc) from None


def write_atomically(path: Path, data: bytes) -> Path:
    """Put `data` at `path` in one rename; on failure `path` is as it was."""
    directory = path.parent
    try:
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=directory)
    except OSError as exc:
        raise _failure("write into", directory, exc) from None
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file 0600; give it the mode a new file would get.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise _failure("write", path, exc) from None
        raise
    return path


def write_text_atomically(path: Path, text: str) -> Path:
    return write_atomically(path, text.encode("utf-8"))


def exists(path: Path) -> bool:
    return os.path.lexists(path)


def inside(root: Path, path: Path) -> bool:
    """Whether `path`, with symlinks resolved, is `root` or under it."""
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(path))
    return real == real_root or real_root in real.parents


@dataclass
class LocalTree:
    """What an upload will send: directories and files relative to the root, POSIX style."""

    directories: list[str] = field(default_factory=list)
    files: list[tuple[str, int]] = field(default_factory=list)  # (relative path, size)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (relative path, reason)


def scan_tree(root: Path) -> LocalTree:
    """Every regular file and directory under `root`, in name order.

    Symbolic links to directories are not followed (they could loop); links to files
    are read through. Special files (FIFOs, sockets, devices) are skipped with a reason.
    """
    if not root.is_dir():
        raise LocalFileError(f"{str(root)!r} is not a directory", path=str(root))
    tree = LocalTree()
    for relative, entry in _walk(root, ""):
        try:
            info = entry.stat(follow_symlinks=True)
        except OSError as exc:
            tree.skipped.append((relative, f"cannot be read: {exc.strerror or exc}"))
            continue
        if entry.is_dir(follow_symlinks=False):
            tree.directories.append(relative)
        elif stat.S_ISREG(info.st_mode):
            tree.files.append((relative, info.st_size))
        elif stat.S_ISDIR(info.st_mode):
            tree.skipped.append((relative, "a symbolic link to a directory (not followed)"))
        else:
            tree.skipped.append((relative, "not a regular file"))
    return tree


def _walk(root: Path, prefix: str) -> Iterator[tuple[str, os.DirEntry[str]]]:
    folder = root / prefix if prefix else root
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        raise _failure("list", folder, exc) from None
    for entry in entries:
        relative = f"{prefix}/{entry.name}" if prefix else entry.name
        yield relative, entry
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(root, relative)
