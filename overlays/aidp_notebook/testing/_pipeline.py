"""What happens to one request: verify its signature, record it, apply a fault, route it."""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from types import MappingProxyType

from ._errors import ApiError, message_for
from ._faults import Call, Fault, FaultQueue
from ._http import Exchange, Response
from ._keys import KeyRing
from ._recording import RecordedRequest, RequestLog
from ._routes import Router, json_response
from ._signature import ReceivedRequest, verify

logger = logging.getLogger("aidp_notebook.testing")

_REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")


def response_request_id(sent: str | None) -> str:
    """Echo a well-formed opc-request-id; otherwise make one the way the oci SDK does."""
    if sent is not None and _REQUEST_ID.fullmatch(sent):
        return sent
    return uuid.uuid4().hex.upper()


def error_response(error: ApiError, request_id: str) -> Response:
    return json_response(
        error.status, error.envelope(), {**error.headers, "opc-request-id": request_id}
    )


def fault_response(fault: Fault, status: int, request_id: str) -> Response:
    headers = {"opc-request-id": request_id}
    body = fault.body
    if body is None and status >= 400:
        response = error_response(ApiError(status, message_for(status)), request_id)
        headers, data = dict(response.headers), response.body
    elif body is None:
        data = b""
    elif isinstance(body, bytes):
        headers["content-type"] = "application/octet-stream"
        data = body
    elif isinstance(body, str):
        headers["content-type"] = "text/plain; charset=utf-8"
        data = body.encode("utf-8")
    else:
        headers["content-type"] = "application/json"
        data = json.dumps(dict(body)).encode("utf-8")
    # The fault's own headers win, whatever case they are spelled in.
    for name, value in (fault.headers or {}).items():
        headers[name.lower()] = value
    return Response(status, headers, data)


def _first(headers: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = headers.get(name)
    return values[0] if values else None


class Pipeline:
    def __init__(
        self,
        *,
        keyring: KeyRing,
        router: Router,
        faults: FaultQueue,
        log: RequestLog,
        allowed_hosts: Collection[str],
        now: Callable[[], float],
        describe: Callable[[ReceivedRequest], Call],
    ) -> None:
        self._keyring = keyring
        self._router = router
        self._faults = faults
        self._log = log
        self._allowed_hosts = allowed_hosts
        self._now = now
        self._describe = describe

    def now(self) -> float:
        return self._now()

    def handle(self, request: ReceivedRequest) -> Exchange:
        verdict = verify(
            request, keyring=self._keyring, allowed_hosts=self._allowed_hosts, now=self._now()
        )
        request_id = response_request_id(_first(request.headers, "opc-request-id"))
        fault = self._faults.next(self._describe(request))
        if fault is not None and fault.action == "drop":
            response = Response(0)  # nothing is sent; the request never reaches the store
        elif fault is not None and fault.status is not None:
            response = fault_response(fault, fault.status, request_id)
        elif not verdict.valid:
            problem = verdict.problem or "not authenticated"
            response = error_response(ApiError(401, problem), request_id)
        else:
            response = self._route(request, request_id)
        self._log.append(
            RecordedRequest(
                method=request.method,
                target=request.target,
                headers=MappingProxyType(
                    {name: ", ".join(values) for name, values in request.headers.items()}
                ),
                body=request.body,
                body_length=len(request.body),
                signature_valid=verdict.valid,
                signature_problem=verdict.problem,
                status=response.status,
                key_id=verdict.key_id,
                signature=verdict.signature,
            )
        )
        return Exchange(response, fault)

    def _route(self, request: ReceivedRequest, request_id: str) -> Response:
        try:
            response = self._router.handle(request)
        except ApiError as exc:
            return error_response(exc, request_id)
        except Exception:
            # A bug here must cost one 500, not the connection thread. The request line is
            # safe to log; headers (Authorization) are not logged.
            logger.exception("local service: error handling %s", request.method)
            return error_response(ApiError(500, "internal error in the local service"), request_id)
        return Response(
            response.status, {**response.headers, "opc-request-id": request_id}, response.body
        )

    def framing_error(self, error: ApiError, request_id: str | None) -> Response:
        return error_response(error, response_request_id(request_id))
