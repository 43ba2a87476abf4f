"""The exceptions the SDK raises. Every failure is an `AidpError`.

    AidpError
    ├── InvalidConfigError (also ValueError)   bad config, endpoint, region or key
    ├── ServiceError                           the service answered non-2xx
    │   ├── BadRequestError            400
    │   ├── NotAuthenticatedError      401
    │   ├── NotFoundError              404
    │   ├── ConflictError              409
    │   ├── PreconditionFailedError    412
    │   ├── TooManyRequestsError       429
    │   └── InternalServerError        5xx
    ├── InvalidResponseError                   a 2xx whose body is not what the spec says
    └── TransportError                         no usable response (connection, TLS, ...)
        └── RequestTimeoutError                connect or read timeout

Messages say what went wrong and what to do, and carry the opc-request-id when
there is one. None of them ever holds a key, pass phrase or signature.
"""

from __future__ import annotations

from collections.abc import Mapping


class AidpError(Exception):
    """Base class of every error the SDK raises on failure."""


class InvalidConfigError(AidpError, ValueError):
    """A configuration value is missing or malformed; `key` names it."""

    def __init__(self, key: str, problem: str, *, hint: str | None = None) -> None:
        self.key = key
        self.problem = problem
        self.hint = hint
        text = f"invalid configuration: {key}: {problem}"
        if hint:
            text += f" ({hint})"
        super().__init__(text)


def _with_request_id(text: str, opc_request_id: str | None) -> str:
    return f"{text} (opc-request-id: {opc_request_id})" if opc_request_id else text


class ServiceError(AidpError):
    """The service answered with a non-2xx status."""

    def __init__(
        self,
        *,
        status: int,
        code: str,
        message: str,
        opc_request_id: str | None = None,
        operation: str = "",
        url: str = "",
        headers: Mapping[str, str] | None = None,
        attempts: int = 1,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.opc_request_id = opc_request_id
        self.operation = operation
        self.url = url
        self.headers: dict[str, str] = dict(headers or {})
        self.attempts = attempts
        prefix = f"{operation} failed: " if operation else ""
        super().__init__(_with_request_id(f"{prefix}{status} {code}: {message}", opc_request_id))

    def __reduce__(self) -> tuple[object, ...]:
        # The constructor is keyword-only, so pickle (multiprocessing) rebuilds from fields.
        names = (
            "status", "code", "message", "opc_request_id", "operation", "url", "headers",
            "attempts",
        )  # fmt: skip
        return (_rebuild_service_error, (type(self), {n: getattr(self, n) for n in names}))


def _rebuild_service_error(cls: type[ServiceError], fields: dict[str, object]) -> ServiceError:
    return cls(**fields)  # type: ignore[arg-type]


class BadRequestError(ServiceError):
    """400: the request was malformed or a value was invalid."""


class NotAuthenticatedError(ServiceError):
    """401: missing, wrong or expired credentials, or a clock too far off."""


class NotFoundError(ServiceError):
    """404: no such resource, or no permission to see it."""


class ConflictError(ServiceError):
    """409: the resource is in a state that conflicts with the request."""


class PreconditionFailedError(ServiceError):
    """412: the `if-match` etag no longer matches the resource."""


class TooManyRequestsError(ServiceError):
    """429: throttled; retried by default with backoff."""


class InternalServerError(ServiceError):
    """Any 5xx: the service or something in front of it failed."""


_BY_STATUS: dict[int, type[ServiceError]] = {
    400: BadRequestError,
    401: NotAuthenticatedError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    429: TooManyRequestsError,
}


def service_error_class(status: int) -> type[ServiceError]:
    """The most specific ServiceError subclass for an HTTP status."""
    if status >= 500:
        return InternalServerError
    return _BY_STATUS.get(status, ServiceError)


class InvalidResponseError(AidpError):
    """A 2xx response whose body is not valid JSON or lacks what the spec requires."""

    def __init__(
        self,
        problem: str,
        *,
        status: int,
        opc_request_id: str | None = None,
        operation: str = "",
        url: str = "",
    ) -> None:
        self.problem = problem
        self.status = status
        self.opc_request_id = opc_request_id
        self.operation = operation
        self.url = url
        prefix = f"{operation}: " if operation else ""
        super().__init__(
            _with_request_id(
                f"{prefix}the service answered {status} with a body the SDK cannot use: "
                f"{problem}. This is a service or proxy fault; retry later, and report it "
                "with the opc-request-id if it persists",
                opc_request_id,
            )
        )


class TransportError(AidpError):
    """No usable response arrived: connection refused or reset, TLS or protocol failure."""

    def __init__(
        self,
        problem: str,
        *,
        operation: str = "",
        url: str = "",
        opc_request_id: str | None = None,
        attempts: int = 1,
    ) -> None:
        self.problem = problem
        self.operation = operation
        self.url = url
        self.opc_request_id = opc_request_id
        self.attempts = attempts
        prefix = f"{operation}: " if operation else ""
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        super().__init__(
            _with_request_id(f"{prefix}{problem}{tries} ({url})", opc_request_id)
            if url
            else _with_request_id(f"{prefix}{problem}{tries}", opc_request_id)
        )


class RequestTimeoutError(TransportError):
    """The connect or read timeout expired (on the last attempt)."""
