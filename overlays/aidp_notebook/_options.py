"""Extra headers (from `with_options`, or set on a caller's own httpx client) that cannot
undo what the SDK sends.

Extra headers ride on every request of the derived client. They may not replace a
header that the OCI signature covers or that the SDK sets itself (host, date,
authorization, x-content-sha256, content-*, accept, user-agent), an OCI header
(opc-*), an HTTP framing header, or a header that an operation takes as an argument
(if-match, ...): each is refused with a ValueError naming it, before any request.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping

import httpx
from aidp_notebook_client.operations import HEADER_PARAMETERS

from ._errors import InvalidConfigError


class Unchanged(enum.Enum):
    """Marks an option of `with_options` that the caller left as it was."""

    UNCHANGED = "UNCHANGED"

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = Unchanged.UNCHANGED

# Set by the SDK or covered by the signature: the signer lists date (or x-date),
# (request-target), host, and for bodies content-length, content-type, x-content-sha256.
_SDK_HEADERS = {
    "accept": "the SDK reads JSON only",
    "authorization": "it carries the OCI request signature",
    "date": "the OCI signature covers it",
    "host": "the OCI signature covers it",
    "user-agent": "the SDK identifies itself; append to it with OCI_SDK_APPEND_USER_AGENT",
    "x-content-sha256": "the OCI signature covers it",
    "x-date": "the OCI signature covers it",
}
# Hop-by-hop and framing headers: httpx sets them from the request itself.
_FRAMING = frozenset(
    {
        "connection", "expect", "keep-alive", "proxy-authorization", "proxy-connection", "te",
        "trailer", "transfer-encoding", "upgrade",
    }
)  # fmt: skip
# RFC 9110 token characters: what a header name may consist of.
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
# Printable ASCII and tab: nothing that could end the header or start another one.
_VALUE = re.compile(r"[\t\x20-\x7e]*")


def _refusal(name: str) -> str | None:
    """Why the extra header `name` (lower case) is refused, or None if it is allowed."""
    if name in _SDK_HEADERS:
        return _SDK_HEADERS[name]
    if name in HEADER_PARAMETERS:
        return f"it is a parameter of the operations: pass {HEADER_PARAMETERS[name]}= to the method"
    if name.startswith("opc-"):
        return "opc-* headers are OCI's own; the SDK sets them or takes them as arguments"
    if name.startswith("content-"):
        return "the SDK sets it from the request body, and the OCI signature covers it"
    if name in _FRAMING:
        return "httpx sets it from the request"
    return None


def check_extra_headers(headers: object, *, source: str = "with with_options") -> dict[str, str]:
    """`headers` as a dict of lower-case names, or a ValueError/TypeError naming the culprit."""
    if not isinstance(headers, Mapping):
        raise TypeError(f"headers must be a mapping of str to str, got {type(headers).__name__}")
    checked: dict[str, str] = {}
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError(
                f"headers must map str to str; {name!r} maps {type(name).__name__} to "
                f"{type(value).__name__}"
            )
        if not _TOKEN.fullmatch(name):
            raise ValueError(f"header {name!r} is not a valid HTTP header name")
        if not _VALUE.fullmatch(value) or value != value.strip():
            raise ValueError(
                f"header {name!r} has a value with line breaks, non-ASCII characters or "
                "leading/trailing spaces; pass printable ASCII text"
            )
        key = name.lower()
        reason = _refusal(key)
        if reason is not None:
            raise ValueError(f"header {name!r} cannot be set {source}: {reason}")
        if key in checked:
            raise ValueError(f"header {name!r} is given twice (header names ignore case)")
        checked[key] = value
    return checked


# What httpx puts on every client unless told otherwise: not the caller's own settings.
def _httpx_default(name: str, value: str) -> bool:
    if name == "user-agent":
        return value.startswith("python-httpx/")
    if name == "accept-encoding":  # what httpx can decode, which varies with what is installed
        return True
    return {"accept": "*/*", "connection": "keep-alive"}.get(name) == value


def http_client_headers(http: httpx.Client | httpx.AsyncClient) -> dict[str, str]:
    """The headers a caller set on its own httpx client, checked like extra headers.

    They ride on every request, as they would with the client's own `get()`; one that
    would undo what the SDK sends, or a setting the SDK would not use, is refused with
    InvalidConfigError at construction.
    """
    unused = [
        what
        for what, given in (
            ("base_url (pass service_endpoint instead)", str(http.base_url)),
            ("params", str(http.params)),
            ("cookies", bool(http.cookies)),
            ("auth (requests are signed by the client's signer)", http.auth is not None),
        )
        if given
    ]
    if unused:
        raise InvalidConfigError(
            "http_client",
            f"it has settings the SDK would not use: {'; '.join(unused)}",
            hint="pass an httpx client without them",
        )
    own = {
        name: value
        for name, value in http.headers.items()
        if not _httpx_default(name.lower(), value)
    }
    try:
        return check_extra_headers(own, source="on the http_client")
    except ValueError as exc:
        raise InvalidConfigError("http_client", str(exc)) from None
