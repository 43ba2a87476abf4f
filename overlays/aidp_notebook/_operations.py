"""The generated operations, run by the request core.

`make generate` writes every operation of the spec twice over into
aidp_notebook_client.operations: an `OperationInfo` (what the spec says about it) and
the methods of both clients, which hand that record and their arguments to the client's
`_call`. Here a record becomes the core's `Operation`, once per operation, and a request
body becomes its checked model. Nothing in this module names an operation except
GET_SESSION, which the waiters poll with, and CREATE_SESSION, which
`create_session_and_wait_for_state` starts with.
"""

from __future__ import annotations

from typing import Any, TypeVar

from aidp_notebook_client import operations as _generated
from aidp_notebook_client.models import Session
from aidp_notebook_client.types import OperationInfo

from ._core import Operation
from ._details import coerce_details

T = TypeVar("T")

_CORE: dict[str, Operation[Any]] = {}


def core_operation(info: OperationInfo[T]) -> Operation[T]:
    """The request core's `Operation` for a generated record (built once, then reused)."""
    op: Operation[T] | None = _CORE.get(info.name)
    if op is None:
        op = Operation(
            info.name,
            info.build_kwargs,
            info.path_params,
            info.from_dict,
            info.unwrap,
            idempotent=info.idempotent,
            retry_token=info.retry_token,
            slash_path_params=info.slash_path_params,
        )
        _CORE[info.name] = op
    return op


def call_params(info: OperationInfo[Any], params: dict[str, Any], body: object) -> dict[str, Any]:
    """The parameters for the endpoint's request builder, with the body checked as its model.

    A body is a model instance or a mapping of its JSON field names (`coerce_details`
    refuses unknown names, with a suggestion, and wrong types); it is checked before
    anything is sent.
    """
    if info.body_model is None or (body is None and not info.body_required):
        return params
    return {**params, "body": coerce_details(body, info.body_model)}


GET_SESSION: Operation[Session] = core_operation(_generated.GET_SESSION)
CREATE_SESSION: Operation[Session] = core_operation(_generated.CREATE_SESSION)
