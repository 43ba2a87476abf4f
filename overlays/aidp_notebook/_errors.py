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
    ├── TransportError                         no usable response (connection, TLS, ...)
    │   ├── RequestTimeoutError                connect or read timeout, or the attempt deadline
    │   └── NameResolutionError                the endpoint's host name does not resolve
    ├── OutcomeUnknownError                    its answer lost, a write may or may not have happened
    ├── SigningError                           the signer failed (key, token, token renewal)
    ├── ClientClosedError                      a call on a closed client
    └── WrongEventLoopError                    an async client used from another event loop

Messages say what went wrong and what to do, and carry the opc-request-id when
there is one. None of them ever holds a key, pass phrase or signature.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# A reason quoted from another library must not carry a PEM block or a JWT along with it.
_SECRET_RE = re.compile(r"-----BEGIN[\s\S]*?(?:-----END[^-]*-----|$)|eyJ[\w-]*\.[\w.-]*")
_MAX_REASON = 200


def safe_reason(exc: BaseException) -> str:
    """`Type: first line of the message`, short, with anything secret-shaped removed."""
    text = _SECRET_RE.sub("<redacted>", str(exc)).strip()
    first_line = text.splitlines()[0] if text else ""
    if len(first_line) > _MAX_REASON:
        first_line = first_line[:_MAX_REASON] + "..."
    name = type(exc).__name__
    return f"{name}: {first_line}" if first_line else name


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
        # A retried failure says so: "503 ... after 4 attempts" is not a one-off.
        tries = f" (after {attempts} attempts)" if attempts > 1 else ""
        super().__init__(
            _with_request_id(f"{prefix}{status} {code}: {message}{tries}", opc_request_id)
        )

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
    """A 2xx response whose body is not valid JSON, lacks what the spec requires, or is
    larger than the client's `max_response_bytes`. `field` is the path of the offending
    field (`body.items[3].kernel.id`) when one is to blame."""

    def __init__(
        self,
        problem: str,
        *,
        status: int,
        opc_request_id: str | None = None,
        operation: str = "",
        url: str = "",
        field: str | None = None,
    ) -> None:
        self.problem = problem
        self.field = field
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


class OutcomeUnknownError(AidpError):
    """A write may or may not have happened: its answer was lost, and reading could not tell.

    An attempt's request reached the service but its answer was lost (the connection
    dropped, or a read timed out); the retry then got an error that the first attempt's
    success would explain (a 404 for a rename whose source is gone, a 412 for a write
    under `if-match` whose etag it changed). The SDK read the target to find out, and
    `checked` says what it found. `error` is the retry's ServiceError (also the
    `__cause__`); `opc_request_id` and `attempts` are the write's.
    """

    def __init__(self, error: ServiceError, lost_attempt: int, checked: str) -> None:
        self.error = error
        self.lost_attempt = lost_attempt
        self.checked = checked
        self.operation = error.operation
        self.opc_request_id = error.opc_request_id
        self.attempts = error.attempts
        prefix = f"{error.operation}: " if error.operation else ""
        super().__init__(
            _with_request_id(
                f"{prefix}the outcome is unknown: the answer to attempt {lost_attempt} was "
                f"lost (the request had been sent), and attempt {error.attempts} got "
                f"{error.status} {error.code}, which that first attempt may have caused. "
                f"Checked: {checked}. Read the target to see whether the change is there "
                "before repeating it",
                error.opc_request_id,
            )
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.error, self.lost_attempt, self.checked))


class RequestTimeoutError(TransportError):
    """The connect or read timeout expired (on the last attempt)."""


class NameResolutionError(TransportError):
    """The endpoint's host name does not resolve: a typo in the region or endpoint, or no DNS.

    Not retried: a name that does not exist now will not exist in a second either.
    """


class SigningError(AidpError):
    """The signer failed to sign a request (a broken key, an expired or unrenewable token).

    The signer's own exception is the `__cause__`; the message quotes it without secrets.
    """

    def __init__(
        self, problem: str, *, operation: str = "", opc_request_id: str | None = None
    ) -> None:
        self.problem = problem
        self.operation = operation
        self.opc_request_id = opc_request_id
        prefix = f"{operation}: " if operation else ""
        super().__init__(_with_request_id(f"{prefix}{problem}", opc_request_id))


class ClientClosedError(AidpError):
    """A call was made on a client (or on the http_client it was given) after closing it."""


class WrongEventLoopError(AidpError):
    """An AsyncNotebookClient was used from an event loop other than the one it started in."""
