"""The request core shared by the sync and async clients.

An `Operation` describes one API operation in a few fields, pointing at the
generated endpoint module for the path template and parameter encoding. A call
is a generator (`run_call`) that knows nothing about I/O: it yields an
`httpx.Request` to send or a float to sleep, and is sent back the response (or
the transport exception). The sync and async clients each drive it with a ten
line loop, so retries, signing per attempt, error mapping and logging exist once.
"""

from __future__ import annotations

import json
import logging
import secrets
import string
import time
import uuid
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx
from aidp_notebook_client.types import RequestInfo

from ._errors import (
    InvalidResponseError,
    RequestTimeoutError,
    ServiceError,
    TransportError,
    service_error_class,
)
from ._parsing import BodyError, build_model, decode_json
from ._paths import ContentPathEncoding, check_slash_path, encode_slash_path
from ._response import ApiResponse
from ._retry import RetryPolicy, parse_retry_after
from ._validation import check_header_value, check_path_param, check_request_id, new_request_id

T = TypeVar("T")

logger = logging.getLogger("aidp_notebook")

# The transport failures worth another attempt: the request may not have reached
# the service, or its answer got lost. Protocol misuse or bad URLs are not.
_RETRYABLE_TRANSPORT = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
_RETRY_TOKEN_ALPHABET = string.ascii_letters + string.digits
# Header parameters a caller may pass, with their length limits (opc-retry-token: 64 per docs).
_HEADER_PARAMS = {"opc_retry_token": 64, "if_match": 1024, "datalake_tenant_id": 1024}

Step = httpx.Request | float
Outcome = httpx.Response | httpx.RequestError | None
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
    # How a `/`-separated path parameter goes on the wire (_paths): "segment" or "path".
    content_path_encoding: ContentPathEncoding = "segment"


def new_retry_token() -> str:
    """An opc-retry-token as the oci SDK makes them: 30 random letters and digits."""
    return "".join(secrets.choice(_RETRY_TOKEN_ALPHABET) for _ in range(30))


def _error_body(response: httpx.Response) -> tuple[str, str]:
    """The (code, message) of an error response, whatever the body looks like."""
    try:
        data = decode_json(response.content)
    except BodyError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("code"), str):
        message = data.get("message")
        return data["code"], message if isinstance(message, str) else "(no message)"
    reason = response.reason_phrase or "Unknown"
    kind = response.headers.get("content-type", "no content type").split(";")[0]
    if not response.content:
        detail = "with an empty body"
    else:
        detail = f"with a non-JSON body ({kind}, {len(response.content)} bytes)"
    return (
        f"HTTP{response.status_code}",
        f"{reason} {detail}; something between you and the service (a proxy or load "
        "balancer) may have answered",
    )


def _service_error(
    op: Operation[Any], response: httpx.Response, request_id: str, attempts: int
) -> ServiceError:
    code, message = _error_body(response)
    return service_error_class(response.status_code)(
        status=response.status_code,
        code=code,
        message=message,
        opc_request_id=response.headers.get("opc-request-id", request_id),
        operation=op.name,
        url=str(response.request.url),
        headers=response.headers,
        attempts=attempts,
    )


def _transport_error(
    op: Operation[Any], exc: httpx.RequestError, url: str, request_id: str, attempts: int
) -> TransportError:
    kind = type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return RequestTimeoutError(
            f"the request timed out ({kind}); raise the client's timeout or retry later",
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
) -> httpx.Request:
    """A fresh, unsigned request for one attempt."""
    if op.slash_path_params and settings.content_path_encoding == "path":
        kwargs = _with_literal_slashes(op, path_args, params)
    else:
        kwargs = op.build_kwargs(*path_args, **params)
    headers = dict(settings.headers)
    for name, value in kwargs.get("headers", {}).items():
        headers[name.lower()] = value
    content = None
    if "json" in kwargs:
        content = json.dumps(kwargs["json"], separators=(",", ":"), ensure_ascii=False).encode()
        headers["content-type"] = "application/json"
    return httpx.Request(
        kwargs["method"].upper(),
        settings.base_url + kwargs["url"],
        params=kwargs.get("params"),
        headers=headers,
        content=content,
        extensions={"timeout": settings.timeout},
    )


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
) -> Generator[Step, Outcome, ApiResponse[T]]:
    """One API call with its retries, as a generator the clients drive."""
    params = prepare_params(settings, op, path_args, params)
    request_id: str = params["opc_request_id"]
    policy = settings.retry
    max_attempts = policy.max_attempts if policy is not None else 1
    retry_allowed = op.idempotent or params.get("opc_retry_token") is not None
    refresh = getattr(settings.signer, "refresh_security_token", None)
    token_refreshed = False
    started = settings.clock()
    attempt = 0
    while True:
        attempt += 1
        request = build_request(settings, op, path_args, params)
        sent_at = settings.clock()
        outcome = yield request
        elapsed = settings.clock() - sent_at
        failure: CallError
        retry_after: float | None = None
        if isinstance(outcome, httpx.Response):
            status = outcome.status_code
            _log_attempt(request, status, outcome.headers.get("opc-request-id"), attempt, elapsed)
            if 200 <= status < 300:
                return _success(op, outcome, request_id, attempt)
            failure = _service_error(op, outcome, request_id, attempt)
            if status == 401 and callable(refresh) and not token_refreshed:
                # Token signers (instance/resource principals) expire: refresh once, go again.
                token_refreshed = True
                refresh()
                max_attempts += 1
                continue
            retryable = policy is not None and policy.is_retryable_status(status, failure.code)
            retry_after = parse_retry_after(outcome.headers.get("retry-after"))
        else:
            assert isinstance(outcome, httpx.RequestError)
            _log_attempt(request, None, None, attempt, elapsed, exc=outcome)
            failure = _transport_error(op, outcome, str(request.url), request_id, attempt)
            retryable = isinstance(outcome, _RETRYABLE_TRANSPORT)
        if policy is None or not retryable or not retry_allowed or attempt >= max_attempts:
            raise failure
        delay = policy.delay(attempt, retry_after)
        if settings.clock() - started + delay > policy.max_elapsed_seconds:
            logger.info(
                "%s: giving up after %d attempts: the next wait (%.1f s) would pass "
                "max_elapsed_seconds=%s",
                op.name, attempt, delay, policy.max_elapsed_seconds,
            )  # fmt: skip
            raise failure
        logger.info(
            "%s: attempt %d failed (%s); retrying in %.2f s (opc-request-id=%s)",
            op.name, attempt, _short(failure), delay, request_id,
        )  # fmt: skip
        yield delay


def _short(error: CallError) -> str:
    if isinstance(error, ServiceError):
        return f"{error.status} {error.code}"
    return type(error).__name__


def _success(
    op: Operation[T], response: httpx.Response, request_id: str, attempts: int
) -> ApiResponse[T]:
    data: Any = None
    if op.from_dict is not None:
        try:
            data = build_model(decode_json(response.content), op.from_dict)
            if op.unwrap is not None:
                data = op.unwrap(data)
        except BodyError as exc:
            raise InvalidResponseError(
                str(exc),
                status=response.status_code,
                opc_request_id=response.headers.get("opc-request-id", request_id),
                operation=op.name,
                url=str(response.request.url),
            ) from None
    request = RequestInfo(response.request)
    return ApiResponse(data, response.status_code, response.headers, attempts, request)


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
