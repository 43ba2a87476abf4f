"""Shared types of the generated package: the UNSET marker, the errors and date-times
of model parsing, file parts and raw responses."""

import datetime
from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, Any, BinaryIO, Generic, Literal, SupportsIndex, TypeVar

from attrs import define


class Unset:
    """Marks an optional field that the JSON document did not contain."""

    _instance: "Unset | None" = None

    def __new__(cls) -> "Unset":
        # One marker for the whole process, so `is UNSET` checks hold after copy or pickle.
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"

    def __reduce__(self) -> str:
        return "UNSET"


UNSET: Unset = Unset()


class FieldError(ValueError):
    """A JSON document does not fit a model: `path` says where, the message what is wrong.

    Every generated `from_dict` raises it. The path grows as the error passes up through
    nested models and lists, so the outermost caller sees, e.g., `items[3].kernel.id`.
    """

    def __init__(self, problem: str, *path: str | int) -> None:
        super().__init__(problem)
        self.problem = problem
        self.path: tuple[str | int, ...] = path

    def within(self, *outer: str | int) -> "FieldError":
        """The same error, seen from the model (and list index) that contains it."""
        self.path = (*outer, *self.path)
        return self

    def where(self, root: str = "") -> str:
        """The path as text after `root`: `root.items[3].kernel`."""
        text = root
        for part in self.path:
            if isinstance(part, int):
                text += f"[{part}]"
            else:
                text += f".{part}" if text else part
        return text

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.problem}" if where else self.problem

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.problem, *self.path))


class MissingFieldError(FieldError, KeyError):
    """A required field is absent (also a KeyError, as for any missing key)."""

    __str__ = FieldError.__str__


def json_kind(value: object) -> str:
    """What a value is, for messages: `null` for None, else its Python type."""
    return "null" if value is None else type(value).__name__


def wrong_type(expected: str, value: object, *path: str | int) -> FieldError:
    """The error for a value that is not `expected`, or for a required field left out."""
    if value is UNSET:
        return MissingFieldError("required field is missing", *path)
    return FieldError(f"expected {expected}, got {json_kind(value)}", *path)


class WireDateTime(datetime.datetime):
    """A date-time read from the API that remembers its text.

    It is an ordinary (immutable) datetime in every respect; `to_dict()` gives back the
    text it was parsed from, so a parsed model round-trips to the API's own JSON
    (`2026-04-30T12:34:56.789Z` stays that, not `...56.789000+00:00`).
    """

    __slots__ = ("_wire",)
    _wire: str

    def __repr__(self) -> str:
        return "datetime." + super().__repr__().replace(
            type(self).__name__, "datetime", 1
        )

    def __reduce_ex__(self, protocol: "SupportsIndex") -> "str | tuple[Any, ...]":
        # Copies and pickles keep the text; a value made by arithmetic has none to keep.
        wire = getattr(self, "_wire", None)
        if wire is None:
            return super().__reduce_ex__(protocol)
        return (parse_datetime, (wire,))


def parse_datetime(value: object, *path: str | int) -> datetime.datetime:
    """An ISO 8601 date-time from JSON text, or a FieldError naming `path`."""
    if not isinstance(value, str):
        raise wrong_type("a date-time string", value, *path)
    try:
        parsed = WireDateTime.fromisoformat(value)
    except ValueError:
        shown = value if len(value) <= 40 else value[:40] + "..."
        raise FieldError(
            f"expected an ISO 8601 date-time, got {shown!r}", *path
        ) from None
    parsed._wire = value
    return parsed


def format_datetime(value: datetime.datetime) -> str:
    """A date-time as JSON text: as the API sent it, else ISO 8601 with `Z` for UTC."""
    wire = getattr(value, "_wire", None)
    if wire is not None:
        return str(wire)
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# What httpx accepts as one multipart file part.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    tuple[str | None, FileContent, str | None]
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """A file to upload as a multipart part."""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """The (name, content, type) tuple httpx expects for a multipart part."""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A raw response of an endpoint with its parsed body."""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


__all__ = [
    "UNSET",
    "FieldError",
    "File",
    "FileTypes",
    "MissingFieldError",
    "RequestFiles",
    "Response",
    "Unset",
    "WireDateTime",
    "format_datetime",
    "json_kind",
    "parse_datetime",
    "wrong_type",
]
