"""OCIAuth: sign httpx requests with any signer of the `oci` package.

The `oci` signers are `requests` auth objects. They read `.method`, `.url`,
`.headers`, `.body` and `.path_url` of the request they are given and set
headers on it. `_SignableRequest` offers exactly that view of an httpx request,
with `.headers` being the httpx request's own headers, so whatever the signer
sets (date, host, content headers, authorization) lands on the request as sent.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import httpx

# Methods whose body the OCI signature covers (content-length, content-type, x-content-sha256).
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class _SignableRequest:
    """The slice of a `requests.PreparedRequest` that the oci signers use."""

    __slots__ = ("body", "headers", "method", "path_url", "url")

    def __init__(self, request: httpx.Request) -> None:
        self.method = request.method
        self.url = str(request.url)
        # The httpx headers themselves: case-insensitive, mutable, and what goes on the wire.
        self.headers = request.headers
        # (request-target) must be the path and query exactly as sent: raw, percent-encoded.
        self.path_url = request.url.raw_path.decode("ascii")
        self.body = request.content if request.method in BODY_METHODS else None


def sign_request(signer: Any, request: httpx.Request) -> None:
    """Sign `request` in place with an `oci` signer; a `date` already set is kept."""
    signer(_SignableRequest(request))


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
        sign_request(self.signer, request)
        yield request
