"""The service's error envelope: an HTTP status with a `{"code", "message"}` JSON body."""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus

# The codes OCI services use; anything else falls back to the status phrase in CamelCase.
_CODES = {
    400: "InvalidParameter",
    401: "NotAuthenticated",
    404: "NotAuthorizedOrNotFound",
    405: "MethodNotAllowed",
    409: "Conflict",
    411: "LengthRequired",
    412: "NoEtagMatch",
    413: "RequestEntityTooLarge",
    429: "TooManyRequests",
    500: "InternalServerError",
    501: "MethodNotImplemented",
    502: "BadGateway",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
}


def code_for(status: int) -> str:
    if status in _CODES:
        return _CODES[status]
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return "UnknownError"
    return "".join(word.capitalize() for word in phrase.replace("-", " ").split())


def message_for(status: int) -> str:
    try:
        return HTTPStatus(status).description or HTTPStatus(status).phrase
    except ValueError:
        return "Unknown error."


class ApiError(Exception):
    """Ends a request with an error response; `message` is shown to the client."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or code_for(status)
        self.message = message
        self.headers = dict(headers or {})

    def envelope(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}
