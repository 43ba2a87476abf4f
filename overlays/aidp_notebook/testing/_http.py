"""What passes between the HTTP server and the application: a request in, an Exchange out.

The application (signature checks, faults, routes) never sees the HTTP library, and the
server (`_server.py`, on aiohttp) never sees the AIDP semantics.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from ._errors import ApiError
from ._faults import Fault
from ._signature import ReceivedRequest


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass(frozen=True)
class Exchange:
    response: Response
    fault: Fault | None = None


class Application(Protocol):
    def handle(self, request: ReceivedRequest) -> Exchange: ...

    def framing_error(self, error: ApiError, request_id: str | None) -> Response: ...

    def now(self) -> float: ...
