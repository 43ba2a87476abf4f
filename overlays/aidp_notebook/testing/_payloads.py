"""Type checks of request bodies (CreateSessionDetails, PatchSessionDetails, Kernel).

Each parser returns only the known fields that were given with a non-null value; unknown
fields are ignored, as a service that is newer than its clients would do.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ._errors import ApiError

_KERNEL_STRINGS = ("id", "name", "execution_state", "last_activity")
_CREATE_STRINGS = ("agentFlowKey", "cluster_id", "id", "name", "path", "type")
_PATCH_STRINGS = ("cluster_id", "id", "name", "path", "type")


def _invalid(message: str) -> ApiError:
    return ApiError(400, message)


def load_object(body: bytes, what: str) -> dict[str, Any]:
    """The JSON object in `body`, or 400 InvalidParameter."""
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _invalid(f"the request body is not valid JSON ({what} expected)") from None
    if not isinstance(value, dict):
        raise _invalid(f"the request body must be a JSON object ({what})")
    return value


def string_fields(source: Mapping[str, Any], names: Sequence[str], where: str) -> dict[str, Any]:
    """The named fields that are present and not null; each must be a string (else 400,
    naming `where` + the field, e.g. "kernel.name")."""
    picked: dict[str, Any] = {}
    for name in names:
        value = source.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise _invalid(f"{where}{name} must be a string")
        picked[name] = value
    return picked


def parse_kernel(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _invalid("kernel must be an object")
    kernel = string_fields(value, _KERNEL_STRINGS, "kernel.")
    connections = value.get("connections")
    if connections is not None:
        # bool is an int subclass in Python, but `true` is not an integer in JSON.
        if isinstance(connections, bool) or not isinstance(connections, int):
            raise _invalid("kernel.connections must be an integer")
        kernel["connections"] = connections
    return kernel


def parse_create_details(body: bytes) -> dict[str, Any]:
    source = load_object(body, "CreateSessionDetails")
    details = string_fields(source, _CREATE_STRINGS, "")
    if source.get("kernel") is not None:
        details["kernel"] = parse_kernel(source["kernel"])
    return details


def parse_patch_details(body: bytes) -> dict[str, Any]:
    source = load_object(body, "PatchSessionDetails")
    details = string_fields(source, _PATCH_STRINGS, "")
    if source.get("kernel") is not None:
        details["kernel"] = parse_kernel(source["kernel"])
    refresh = source.get("must_refresh_context")
    if refresh is not None:
        if not isinstance(refresh, bool):
            raise _invalid("must_refresh_context must be a boolean")
        details["must_refresh_context"] = refresh
    return details
