"""Shared types of the generated package: the UNSET marker, the errors and date-times
of model parsing, file parts, raw responses, and what the clients' operation methods
(operations.py) hand to the client and return."""

import datetime
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import IO, Any, BinaryIO, Generic, Literal, SupportsIndex, TypeVar

import httpx
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


@dataclass(frozen=True, slots=True)
class RequestInfo:
    """The request a response answers, as `oci.response.Response.request` describes it."""

    _request: httpx.Request

    @property
    def method(self) -> str:
        return self._request.method

    @property
    def url(self) -> str:
        return str(self._request.url)

    def __repr__(self) -> str:
        return f"RequestInfo(method={self.method!r}, url={self.url!r})"


@dataclass(frozen=True, slots=True)
class ApiResponse(Generic[T]):
    """What a `*_detailed` method returns: `.data` plus status and headers.

    It also answers the attributes of an `oci.response.Response` (`status`, `request_id`,
    `next_page`, `has_next_page`, `request`), so `oci.pagination` and `oci.wait_until`
    work with the `_detailed` methods.
    """

    data: T
    status_code: int
    headers: httpx.Headers
    attempts: int = 1
    request: RequestInfo | None = None

    @property
    def status(self) -> int:
        """The HTTP status, under the name the oci SDK uses."""
        return self.status_code

    @property
    def request_id(self) -> str | None:
        """`opc-request-id`, under the name the oci SDK uses."""
        return self.opc_request_id

    @property
    def next_page(self) -> str | None:
        """The `opc-next-page` token: pass it as `page=` to get the next page."""
        value: str | None = self.headers.get("opc-next-page")
        return value

    @property
    def has_next_page(self) -> bool:
        return self.next_page is not None

    @property
    def etag(self) -> str | None:
        """The resource's etag, for `if_match` on a later update or delete."""
        value: str | None = self.headers.get("etag")
        return value

    @property
    def opc_request_id(self) -> str | None:
        """The service's id for this request; quote it when asking Oracle about it."""
        value: str | None = self.headers.get("opc-request-id")
        return value


@dataclass(frozen=True, slots=True)
class OperationInfo(Generic[T]):
    """What the spec says about one operation, in the terms a client needs to run it.

    `T` is what the operation's plain method returns: the success body's model, the
    `items` of a collection, or None for a success without a body.
    """

    name: str  # the operationId
    method: str  # the HTTP method, upper case
    # The endpoint module's `_get_kwargs`: method, path, query, headers and JSON body.
    build_kwargs: Callable[..., dict[str, Any]]
    path_params: tuple[str, ...]
    # Path parameters whose value is a `/`-separated path (`x-aidp-path: true` in the spec):
    # checked segment by segment, and sent as one segment (`/` as %2F) or with `/` as is.
    slash_path_params: tuple[str, ...]
    # Builds the success body's model from decoded JSON; None when the success has no body.
    from_dict: Callable[[Any], Any] | None
    # What the plain method returns from that model (a collection's items); None: the model.
    unwrap: Callable[[Any], T] | None
    # The request body's model, and whether the spec requires a body.
    body_model: type[Any] | None
    body_required: bool
    # False for an operation that must not be repeated blindly (POST, unless the spec marks
    # it `x-aidp-idempotent: true`); true otherwise (or `x-aidp-idempotent: false`).
    idempotent: bool
    # Whether the operation takes an `opc-retry-token` header.
    retry_token: bool


__all__ = [
    "UNSET",
    "ApiResponse",
    "FieldError",
    "File",
    "FileTypes",
    "MissingFieldError",
    "OperationInfo",
    "RequestFiles",
    "RequestInfo",
    "Response",
    "Unset",
    "WireDateTime",
    "format_datetime",
    "json_kind",
    "parse_datetime",
    "wrong_type",
]
