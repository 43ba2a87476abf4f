"""The request core shared by the sync and async clients.

An `Operation` describes one API operation in a few fields, pointing at the
generated endpoint module for the path template and parameter encoding. A call
is a generator (`run_call`) that knows nothing about I/O: it yields an
`httpx.Request` to send or a float to sleep, and is sent back what came of the
request: a `Reply` (status, headers, the body read within bounds), the transport
exception, or the SigningError of a signer that failed (`_exchange` does the
reading). The sync and async clients each drive it with a ten line loop, so
retries, deadlines, signing per attempt, error mapping and logging exist once.

Each request carries its attempt's limits for the sender: the minimum rate its body
must move at (`MinimumRate`; a slow sender cannot hold a call, a large transfer on a
slow link is never cut off), and the seconds it may take in all, which is what
`max_elapsed_seconds` or a caller's deadline (wait_for_session's timeout) leaves of the
call.
"""

from __future__ import annotations

import json
import logging
import math
import secrets
import socket
import string
import time
import uuid
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import httpx
from aidp_notebook_client.types import RequestInfo

from ._errors import (
    InvalidResponseError,
    NameResolutionError,
    RequestTimeoutError,
    ServiceError,
    SigningError,
    TransportError,
    service_error_class,
)
from ._exchange import (
    ATTEMPT_SECONDS,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MIN_RATE,
    MIN_RATE,
    MinimumRate,
    Reply,
)
from ._header_case import BooleanHeaderCase, spelled
from ._listing_mode import DirectoryListing
from ._parsing import BodyError, build_model, decode_json
from ._paths import ContentPathEncoding, check_slash_path, encode_slash_path
from ._response import ApiResponse
from ._retry import RetryPolicy, parse_retry_after
from ._signing import signing_failure
from ._validation import (
    check_header_value,
    check_path_param,
    check_query_param,
    check_request_id,
    new_request_id,
    parameter_types,
)
from ._walk_limits import DEFAULT_MAX_PAGES

T = TypeVar("T")

logger = logging.getLogger("aidp_notebook")

# The transport failures worth another attempt: the request may not have reached
# the service, or its answer got lost. Protocol misuse or bad URLs are not.
_RETRYABLE_TRANSPORT = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
# The transport failures before the request could reach the service. After any other the
# request may have been carried out and only its answer lost (a reset, a read timeout).
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_RETRY_TOKEN_ALPHABET = string.ascii_letters + string.digits
# Header parameters a caller may pass, with their length limits (opc-retry-token: 64 per docs).
_HEADER_PARAMS = {"opc_retry_token": 64, "if_match": 1024, "datalake_tenant_id": 1024}

# Near a deadline an attempt still gets this long, so that a last try can be answered.
MIN_ATTEMPT_SECONDS = 0.5

Step = httpx.Request | float
Outcome = Reply | httpx.RequestError | SigningError | None
CallError = ServiceError | TransportError


@dataclass(frozen=True, slots=True)
class Operation(Generic[T]):
    """One API operation, as the overlay declares it."""

    name: str
    # The generated endpoint module's `_get_kwargs`: method, path, query, headers, JSON body.
    build_kwargs: Callable[..., dict[str, Any]]
    path_params: tuple[str, ...]
    # Builds the response model from the decoded JSON; None when the success has no body.
    from_dict: Callable[[Any], Any] | None
    # What the caller gets from the checked model (e.g. a collection's items).
    unwrap: Callable[[Any], T] | None = None
    # A non-idempotent operation (create) is retried only under an opc-retry-token.
    idempotent: bool = True
    # Whether the operation takes an opc-retry-token; without one, a non-idempotent
    # operation is never retried.
    retry_token: bool = True
    # Path parameters holding a `/`-separated path (spec `x-aidp-path`): see _paths.
    slash_path_params: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Settings:
    """What a client fixes at construction and every call reads."""

    base_url: str
    headers: Mapping[str, str]
    timeout: Mapping[str, float | None]
    retry: RetryPolicy | None
    signer: Any
    clock: Callable[[], float] = time.monotonic
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    # Where the endpoint came from and what to check, for a host that does not resolve.
    endpoint_origin: str = "check the service endpoint"
    # How a `/`-separated path parameter goes on the wire (_paths): "segment" or "path".
    content_path_encoding: ContentPathEncoding = "segment"
    # Pages one list_* call or iter_* loop follows before paging is taken not to end.
    max_pages: int = DEFAULT_MAX_PAGES
    # How the helpers list a folder (_listing); shared, so "auto" learns once per client.
    directory_listing: DirectoryListing = field(default_factory=DirectoryListing)
    # How boolean header parameters are spelled (_header_case): "lower" or "title".
    boolean_header_case: BooleanHeaderCase = "lower"
    # The slowest a body may move (None: no minimum, only the read timeout between bytes).
    min_rate: MinimumRate | None = DEFAULT_MIN_RATE

    @property
    def min_rate_rule(self) -> tuple[int, float] | None:
        """(bytes per second, seconds) of the minimum rate, its window resolved."""
        rule = self.min_rate
        if rule is None:
            return None
        return rule.bytes_per_second, rule.window(self.timeout.get("read"))


@dataclass(frozen=True, slots=True)
class AfterLostAnswer:
    """A call's final service error, met after an earlier attempt's answer was lost.

    That attempt may have been carried out, and the error may be its doing: a rename
    retried finds nothing at the old path (404), a write under `if-match` finds the etag
    its own first attempt changed (412).
    """

    failure: ServiceError
    lost_attempt: int  # the first attempt whose answer was lost


# What run_call asks, for an AfterLostAnswer, to find out whether the write happened: None
# when this error cannot be the write's own doing, else a call generator that reads the
# target and returns the response the caller would have had (or raises).
Confirm = Callable[[AfterLostAnswer], Generator[Step, Outcome, ApiResponse[Any]] | None]


class DeadlineReached(Exception):
    """run_call's caller-given deadline ended the retries; `failure` is the last error."""

    def __init__(self, failure: CallError) -> None:
        super().__init__(str(failure))
        self.failure = failure


def new_retry_token() -> str:
    """An opc-retry-token as the oci SDK makes them: 30 random letters and digits."""
    return "".join(secrets.choice(_RETRY_TOKEN_ALPHABET) for _ in range(30))


def _error_body(reply: Reply) -> tuple[str, str]:
    """The (code, message) of an error response, whatever the body looks like."""
    try:
        data = decode_json(reply.content)
    except BodyError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("code"), str):
        message = data.get("message")
        return data["code"], message if isinstance(message, str) else "(no message)"
    reason = reply.reason_phrase or "Unknown"
    kind = reply.headers.get("content-type", "no content type").split(";")[0]
    if not reply.content:
        detail = "with an empty body"
    else:
        size = str(len(reply.content))
        if reply.truncated:
            # Only the start was read; the declared length, if any, says how much there was.
            declared = reply.headers.get("content-length", "")
            size = declared if declared.isascii() and declared.isdigit() else f"{size}+"
        detail = f"with a non-JSON body ({kind}, {size} bytes)"
    return (
        f"HTTP{reply.status_code}",
        f"{reason} {detail}; something between you and the service (a proxy or load "
        "balancer) may have answered",
    )


def _service_error(
    op: Operation[Any], reply: Reply, request: httpx.Request, request_id: str, attempts: int
) -> ServiceError:
    code, message = _error_body(reply)
    return service_error_class(reply.status_code)(
        status=reply.status_code,
        code=code,
        message=message,
        opc_request_id=reply.headers.get("opc-request-id", request_id),
        operation=op.name,
        url=str(request.url),
        headers=reply.headers,
        attempts=attempts,
    )


def _unresolved_host(exc: BaseException) -> socket.gaierror | None:
    """The name-resolution failure behind a connection error, if that is what it was."""
    seen = 0
    cause: BaseException | None = exc
    while cause is not None and seen < 10:
        if isinstance(cause, socket.gaierror):
            return cause
        cause = cause.__cause__ or cause.__context__
        seen += 1
    return None


def _transport_error(  # noqa: PLR0917 (private, called from one place)
    settings: Settings,
    op: Operation[Any],
    exc: httpx.RequestError,
    url: str,
    request_id: str,
    attempts: int,
) -> TransportError:
    kind = type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        detail = f"{kind}: {exc}" if str(exc) else kind
        return RequestTimeoutError(
            f"the request timed out ({detail}); raise the client's timeout or retry later",
            operation=op.name,
            url=url,
            opc_request_id=request_id,
            attempts=attempts,
        )
    unresolved = _unresolved_host(exc) if isinstance(exc, httpx.ConnectError) else None
    if unresolved is not None:
        host = httpx.URL(url).host
        return NameResolutionError(
            f"the host {host} does not resolve ({unresolved.strerror or unresolved}); "
            f"{settings.endpoint_origin}",
            operation=op.name,
            url=url,
            opc_request_id=request_id,
            attempts=attempts,
        )
    return TransportError(
        f"no response from the service ({kind}: {exc}); check the endpoint, network and proxy",
        operation=op.name,
        url=url,
        opc_request_id=request_id,
        attempts=attempts,
    )


def build_request(
    settings: Settings,
    op: Operation[Any],
    path_args: tuple[object, ...],
    params: Mapping[str, Any],
    budget: float | None = None,
) -> httpx.Request:
    """A fresh, unsigned request for one attempt that may take `budget` seconds in all."""
    if op.slash_path_params and settings.content_path_encoding == "path":
        kwargs = _with_literal_slashes(op, path_args, params)
    else:
        kwargs = op.build_kwargs(*path_args, **params)
    headers = dict(settings.headers)
    for name, value in kwargs.get("headers", {}).items():
        headers[name.lower()] = spelled(name.lower(), value, settings.boolean_header_case)
    content = None
    if "json" in kwargs:
        content = json.dumps(kwargs["json"], separators=(",", ":"), ensure_ascii=False).encode()
        headers["content-type"] = "application/json"
    extensions: dict[str, Any] = {"timeout": settings.timeout}
    rule = settings.min_rate_rule
    if rule is not None:
        extensions[MIN_RATE] = rule
    if budget is not None:
        # No single timeout may outlast the attempt.
        extensions["timeout"] = {
            name: budget if value is None else min(value, budget)
            for name, value in settings.timeout.items()
        }
        extensions[ATTEMPT_SECONDS] = budget
    url = settings.base_url + kwargs["url"]
    try:
        return httpx.Request(
            kwargs["method"].upper(),
            url,
            params=kwargs.get("params"),
            headers=headers,
            content=content,
            extensions=extensions,
        )
    except httpx.InvalidURL as exc:
        # Over-long values (a URL is limited to 65,536 characters) fail here, unsent.
        raise ValueError(
            f"{op.name}: the request URL cannot be built ({exc}); an id or filter is far "
            "longer than any the API uses"
        ) from None


def _with_literal_slashes(
    op: Operation[Any], path_args: tuple[object, ...], params: Mapping[str, Any]
) -> dict[str, Any]:
    """The endpoint's request, with its `/`-separated path parameters keeping `/` as is.

    The generated builder encodes every path parameter as one segment. It is given a
    random marker in place of each such value (unreserved characters: it comes out as it
    went in), and the marker is then replaced with the value encoded `/` and all.
    """
    args = list(path_args)
    fills: dict[str, str] = {}
    for index, name in enumerate(op.path_params):
        if name in op.slash_path_params:
            marker = f"aidp{uuid.uuid4().hex}"
            fills[marker] = encode_slash_path(str(args[index]), "path")
            args[index] = marker
    kwargs = op.build_kwargs(*args, **params)
    url: str = kwargs["url"]
    for marker, encoded in fills.items():
        if url.count(marker) != 1:  # pragma: no cover - a 128-bit random marker
            raise RuntimeError(f"{op.name}: cannot place a path parameter in {url!r}")
        url = url.replace(marker, encoded)
    return {**kwargs, "url": url}


def prepare_params(
    settings: Settings,
    op: Operation[Any],
    path_args: tuple[object, ...],
    params: dict[str, Any],
) -> dict[str, Any]:
    """Validate the caller's input before anything is sent; fill in request and retry ids."""
    for name, value in zip(op.path_params, path_args, strict=True):
        if name in op.slash_path_params:
            check_slash_path(name, value)
        else:
            check_path_param(name, value)
    # None means "not given"; the generated code would send it as a header otherwise.
    params = {name: value for name, value in params.items() if value is not None}
    for name, max_length in _HEADER_PARAMS.items():
        if name in params:
            check_header_value(name, params[name], max_length=max_length)
    expected = parameter_types(op.build_kwargs)
    for name, value in params.items():
        if name not in _HEADER_PARAMS and name not in ("body", "opc_request_id"):
            check_query_param(name, value, expected.get(name))
    request_id = params.get("opc_request_id")
    params["opc_request_id"] = (
        new_request_id() if request_id is None else check_request_id(request_id)
    )
    retries = settings.retry is not None and settings.retry.retries_enabled
    if not op.idempotent and op.retry_token and retries and "opc_retry_token" not in params:
        # A create retried without a token could create twice; with one it cannot.
        params["opc_retry_token"] = new_retry_token()
    return params


def run_call(
    settings: Settings,
    op: Operation[T],
    path_args: tuple[object, ...],
    params: dict[str, Any],
    *,
    deadline: float | None = None,
    confirm: Confirm | None = None,
) -> Generator[Step, Outcome, ApiResponse[T]]:
    """One API call with its retries, as a generator the clients drive.

    With `deadline` (a time on `settings.clock`), no attempt or backoff runs past it: a
    retry that would is made at the deadline instead, and a failure then raises
    DeadlineReached carrying the last error.

    With `confirm`, a service error that ends the call after an attempt whose answer was
    lost goes to it first (see AfterLostAnswer): it may turn out to be the success it was.
    """
    params = prepare_params(settings, op, path_args, params)
    request_id: str = params["opc_request_id"]
    policy = settings.retry
    max_attempts = policy.max_attempts if policy is not None else 1
    retry_allowed = op.idempotent or params.get("opc_retry_token") is not None
    refresh = getattr(settings.signer, "refresh_security_token", None)
    token_refreshed = False
    started = settings.clock()
    attempt = 0
    lost_attempt: int | None = None
    while True:
        attempt += 1
        sent_at = settings.clock()
        budget = _attempt_budget(settings, sent_at, started, deadline)
        request = build_request(settings, op, path_args, params, budget)
        outcome = yield request
        elapsed = settings.clock() - sent_at
        failure: CallError
        retry_after: float | None = None
        if isinstance(outcome, Reply):
            status = outcome.status_code
            _log_attempt(request, status, outcome.headers.get("opc-request-id"), attempt, elapsed)
            if 200 <= status < 300:
                return _success(settings, op, outcome, request, request_id, attempt)
            failure = _service_error(op, outcome, request, request_id, attempt)
            if status == 401 and callable(refresh) and not token_refreshed:
                # Token signers (instance/resource principals) expire: refresh once, go again.
                token_refreshed = True
                _refresh_token(refresh, op, request_id)
                max_attempts += 1
                continue
            retryable = policy is not None and policy.is_retryable_status(status, failure.code)
            retry_after = parse_retry_after(outcome.headers.get("retry-after"))
        elif isinstance(outcome, SigningError):
            raise SigningError(
                outcome.problem, operation=op.name, opc_request_id=request_id
            ) from outcome.__cause__
        else:
            assert isinstance(outcome, httpx.RequestError)
            _log_attempt(request, None, None, attempt, elapsed, exc=outcome)
            failure = _transport_error(settings, op, outcome, str(request.url), request_id, attempt)
            retryable = isinstance(outcome, _RETRYABLE_TRANSPORT) and not isinstance(
                failure, NameResolutionError
            )
            if lost_attempt is None and not isinstance(outcome, _NOT_SENT):
                lost_attempt = attempt
        if policy is None or not retryable or not retry_allowed or attempt >= max_attempts:
            check = None
            if lost_attempt is not None and confirm and isinstance(failure, ServiceError):
                check = confirm(AfterLostAnswer(failure, lost_attempt))
            if check is not None:
                _log_confirming(op, failure, lost_attempt, attempt, request_id)
                confirmed: ApiResponse[T] = yield from check
                return confirmed
            raise failure
        yield _backoff(settings, policy, failure, attempt, retry_after, started, deadline)


def _log_confirming(
    op: Operation[Any], failure: CallError, lost_attempt: int | None, attempt: int, request_id: str
) -> None:
    logger.info(
        "%s: the answer to attempt %s was lost and attempt %d got %s; reading the target "
        "to see whether the first one was carried out (opc-request-id=%s)",
        op.name, lost_attempt, attempt, _reason(failure), request_id,
    )  # fmt: skip


def _backoff(  # noqa: PLR0917 (private, called from one place)
    settings: Settings,
    policy: RetryPolicy,
    failure: CallError,
    attempt: int,
    retry_after: float | None,
    started: float,
    deadline: float | None,
) -> float:
    """The wait before the next attempt; raises when the call must stop retrying."""
    delay = policy.delay(attempt, retry_after)
    now = settings.clock()
    if now - started + delay > policy.max_elapsed_seconds:
        logger.info(
            "%s: giving up after %d attempts (%s): the next wait (%.1f s) would pass "
            "max_elapsed_seconds=%s",
            failure.operation, attempt, _reason(failure), delay, policy.max_elapsed_seconds,
        )  # fmt: skip
        raise failure
    if deadline is not None and now + delay >= deadline:
        if now >= deadline:
            raise DeadlineReached(failure)
        delay = deadline - now  # the last attempt, right at the deadline
    logger.info(
        "%s: attempt %d failed (%s); retrying in %.2f s (opc-request-id=%s)",
        failure.operation, attempt, _reason(failure), delay, failure.opc_request_id,
    )  # fmt: skip
    return delay


def _attempt_budget(
    settings: Settings, now: float, started: float, deadline: float | None
) -> float | None:
    """Seconds the next attempt may take: what the call has left, if it has a limit.

    An attempt has no limit of its own: the minimum rate ends one whose body stalls or
    drips, and one that keeps moving may take as long as the call may.
    """
    ends = [] if deadline is None else [deadline]
    if settings.retry is not None and math.isfinite(settings.retry.max_elapsed_seconds):
        ends.append(started + settings.retry.max_elapsed_seconds)
    return max(min(ends) - now, MIN_ATTEMPT_SECONDS) if ends else None


def _refresh_token(refresh: Callable[[], Any], op: Operation[Any], request_id: str) -> None:
    try:
        refresh()
    except Exception as exc:  # whatever the token service raised is a signing failure
        failure = signing_failure(exc)
        raise SigningError(failure.problem, operation=op.name, opc_request_id=request_id) from exc


def _reason(error: CallError) -> str:
    """Why an attempt failed, in a few words, for the retry log."""
    if isinstance(error, ServiceError):
        return f"{error.status} {error.code}: {error.message[:200]}"
    return error.problem


def _success(  # noqa: PLR0917 (private, called from one place)
    settings: Settings,
    op: Operation[T],
    reply: Reply,
    request: httpx.Request,
    request_id: str,
    attempts: int,
) -> ApiResponse[T]:
    data: Any = None
    if op.from_dict is not None:
        field = None
        try:
            if reply.truncated:
                raise BodyError(
                    f"the body is larger than max_response_bytes ({settings.max_response_bytes} "
                    "bytes); if such a response is expected, give the client a larger "
                    "max_response_bytes"
                )
            data = build_model(decode_json(reply.content), op.from_dict)
            if op.unwrap is not None:
                data = op.unwrap(data)
        except BodyError as exc:
            field = exc.field
            problem = str(exc)
        else:
            return ApiResponse(
                data, reply.status_code, reply.headers, attempts, RequestInfo(request)
            )
        raise InvalidResponseError(
            problem,
            status=reply.status_code,
            opc_request_id=reply.headers.get("opc-request-id", request_id),
            operation=op.name,
            url=str(request.url),
            field=field,
        )
    return ApiResponse(data, reply.status_code, reply.headers, attempts, RequestInfo(request))


def _log_attempt(  # noqa: PLR0917 (private, called from one place)
    request: httpx.Request,
    status: int | None,
    response_request_id: str | None,
    attempt: int,
    elapsed: float,
    exc: Exception | None = None,
) -> None:
    if not logger.isEnabledFor(logging.DEBUG):
        return
    # Method, URL, outcome and ids only: never headers, which carry the signature.
    logger.debug(
        "%s %s -> %s opc-request-id=%s attempt=%d elapsed=%.1fms",
        request.method,
        request.url,
        status if exc is None else type(exc).__name__,
        response_request_id or request.headers.get("opc-request-id"),
        attempt,
        elapsed * 1000,
    )
