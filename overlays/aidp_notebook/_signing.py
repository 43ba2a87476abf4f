"""OCIAuth: sign httpx requests with any signer of the `oci` package.

The `oci` signers are `requests` auth objects. They read `.method`, `.url`,
`.headers`, `.body` and `.path_url` of the request they are given and set
headers on it. `_SignableRequest` offers exactly that view of an httpx request.
Its `.headers` is a plain case-insensitive dict rather than the httpx headers:
the signer copies the whole mapping and writes it back, which on httpx's
list-backed headers costs more than the rest of the request. Whatever the signer
set or removed is then applied to the httpx request, so it lands on the wire.

The clients' own senders (aiohttp, httpcore's pool) do not send the httpx request
itself: `signed_headers` signs a view of it and hands back the headers to send.
"""

from __future__ import annotations

import sys
from collections.abc import Generator, Iterable, Iterator, MutableMapping
from typing import Any

import httpx

from ._errors import SigningError, safe_reason

# Methods whose body the OCI signature covers (content-length, content-type, x-content-sha256).
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class _Headers(MutableMapping[str, str]):
    """A case-insensitive dict that remembers each name as first given."""

    __slots__ = ("_items",)

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._items = {name.lower(): (name, value) for name, value in pairs}

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()][1]

    def __setitem__(self, name: str, value: str) -> None:
        self._items[name.lower()] = (name, value)

    def __delitem__(self, name: str) -> None:
        del self._items[name.lower()]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)


class _SignableRequest:
    """The slice of a `requests.PreparedRequest` that the oci signers use."""

    __slots__ = ("body", "headers", "method", "path_url", "url")

    def __init__(self, request: httpx.Request) -> None:
        self.method = request.method
        self.url = str(request.url)
        self.headers = _Headers(request.headers.items())
        # (request-target) must be the path and query exactly as sent: raw, percent-encoded.
        self.path_url = request.url.raw_path.decode("ascii")
        self.body = request.content if request.method in BODY_METHODS else None


class _PlainView:
    """The signable view for an `oci` signer: a plain dict of lower-case header names,
    which is how those signers name headers (no case-insensitive mapping to copy)."""

    __slots__ = ("body", "headers", "method", "path_url", "url")

    def __init__(self, request: httpx.Request) -> None:
        self.method = request.method
        self.url = str(request.url)
        self.headers = {name.lower(): value for name, value in request.headers.items()}
        self.path_url = request.url.raw_path.decode("ascii")
        self.body = request.content if request.method in BODY_METHODS else None


def is_oci_signer(signer: Any) -> bool:
    """True for the `oci` package's own signers: they name headers in lower case (so a
    plain dict serves them) and may sign from several threads at once."""
    module = sys.modules.get("oci.signer")  # not imported: it cannot be one of its signers
    base = getattr(module, "AbstractBaseSigner", None)
    return base is not None and isinstance(signer, base)


def signed_headers(signer: Any, request: httpx.Request, *, oci_signer: bool) -> dict[str, str]:
    """The headers to send for `request`, signed; `oci_signer` is `is_oci_signer(signer)`.

    Any other signer (a wrapper, a test double) gets case-insensitive headers, so that a
    `Date` it sets and the `date` an inner oci signer looks for are one header. A signer
    that fails raises SigningError, the original as `__cause__`.
    """
    view: _PlainView | _SignableRequest = (
        _PlainView(request) if oci_signer else _SignableRequest(request)
    )
    try:
        signer(view)
    except Exception as exc:  # whatever the signer raises is a signing failure
        raise signing_failure(exc) from exc
    return dict(view.headers.items())


def sign_request(signer: Any, request: httpx.Request) -> None:
    """Sign `request` in place with an `oci` signer; a `date` already set is kept."""
    view = _SignableRequest(request)
    signer(view)
    headers = request.headers
    for name, value in view.headers.items():
        if headers.get(name) != value:
            headers[name] = value
    for name in [name for name in headers if name not in view.headers]:
        del headers[name]


class OCIAuth(httpx.Auth):
    """An `httpx.Auth` that signs every request (and every retry) with an OCI signer.

    `signer` is any signer of the `oci` package: `oci.signer.Signer` (API key),
    or one of `oci.auth.signers` (instance principals, resource principals,
    security token). Works with `httpx.Client` and `httpx.AsyncClient`::

        auth = OCIAuth(oci.signer.Signer.from_config(config))
        httpx.get(url, auth=auth)
    """

    requires_request_body = True  # the body hash needs the bytes, also for streams

    def __init__(self, signer: Any) -> None:
        if not callable(signer):
            raise TypeError(
                f"OCIAuth needs an oci signer (e.g. oci.signer.Signer), got {type(signer).__name__}"
            )
        self.signer = signer

    def __repr__(self) -> str:
        # Never show the signer's fields: they include the private key.
        return f"OCIAuth(signer={type(self.signer).__name__})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        try:
            sign_request(self.signer, request)
        except Exception as exc:  # whatever the signer raises is a signing failure
            raise signing_failure(exc) from exc
        yield request


def signing_failure(exc: BaseException) -> SigningError:
    """The SigningError for a signer (or token refresh) that raised `exc`."""
    return SigningError(
        f"signing the request failed ({safe_reason(exc)}); check the key or token the signer "
        "uses (for instance or resource principals, that their token service is reachable)"
    )
