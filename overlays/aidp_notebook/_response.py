"""ApiResponse: the parsed body of a call together with its HTTP details."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

import httpx

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ApiResponse(Generic[T]):
    """What a `*_detailed` method returns: `.data` plus status and headers."""

    data: T
    status_code: int
    headers: httpx.Headers
    attempts: int = 1

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
