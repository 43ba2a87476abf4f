"""ApiResponse: the parsed body of a call together with its HTTP details."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

import httpx

T = TypeVar("T")


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
        return _header(self.headers, "opc-next-page")

    @property
    def has_next_page(self) -> bool:
        return self.next_page is not None

    @property
    def etag(self) -> str | None:
        """The resource's etag, for `if_match` on a later update or delete."""
        return _header(self.headers, "etag")

    @property
    def opc_request_id(self) -> str | None:
        """The service's id for this request; quote it when asking Oracle about it."""
        return _header(self.headers, "opc-request-id")


def _header(headers: httpx.Headers, name: str) -> str | None:
    value: str | None = headers.get(name)
    return value
