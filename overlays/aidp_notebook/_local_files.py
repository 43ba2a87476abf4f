"""Local file work of the contents helpers: reading, writing without loss, walking a tree.

Writes never leave a truncated file where the caller expects a whole one: the bytes go
to a temporary file in the target's own directory (same filesystem), are flushed to
disk, and the temporary file is renamed over the target in one step. If anything fails
on the way, the temporary file is removed and the target is as it was.

Modes are those of `cp` and `curl -o`: a file written over keeps its permission bits, a new
file gets 0666 less the umask. The kernel applies the umask itself (the temporary file is
created with mode 0666), so the process-wide umask is never read or changed: reading it
means setting it, which would change the mode of files other threads create meanwhile.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
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


def _kept_mode(path: Path) -> int | None:
    """The permission bits of the regular file `path` names, or None for a new file."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    # Set-id bits are not carried over: they belong to the old content, not to a download.
    return stat.S_IMODE(info.st_mode) & 0o777 if stat.S_ISREG(info.st_mode) else None


def _create_temporary(directory: Path, mode: int) -> tuple[int, Path]:
    """A new, empty temporary file in `directory`, created with `mode` less the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = directory / f"{TEMP_PREFIX}{secrets.token_hex(6)}"
        try:
            return os.open(temp, flags, mode), temp  # O_EXCL: never an existing file or link
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(directory))


def write_atomically(path: Path, data: bytes) -> Path:
    """Put `data` at `path` in one rename; on failure `path` is as it was.

    A file written over keeps its permission bits; a new file gets 0666 less the umask.
    """
    directory = path.parent
    kept = _kept_mode(path)
    try:
        # Owner-only until the kept mode is set, so the bytes are never readable by more.
        fd, temp = _create_temporary(directory, 0o666 if kept is None else 0o600)
    except OSError as exc:
        raise _failure("write into", directory, exc) from None
    try:
        with os.fdopen(fd, "wb") as stream:
            if kept is not None:
                os.chmod(stream.fileno() if os.chmod in os.supports_fd else temp, kept)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
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
