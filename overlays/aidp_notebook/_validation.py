"""Checks on caller input that run before anything is sent."""

from __future__ import annotations

import re
import uuid

_REQUEST_ID = re.compile(r"[A-Za-z0-9_-]+")


def check_path_param(name: str, value: object) -> str:
    """A path parameter: a non-blank str, not `.` or `..`, encodable as UTF-8."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must not be blank; pass the {name} of the resource")
    if value in (".", ".."):
        # URL normalisation would collapse these into a different resource.
        raise ValueError(f"{name} must not be {value!r}: it would address a different resource")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{name} is not valid Unicode text (it has a lone surrogate)") from None
    return value


def check_request_id(value: object, *, name: str = "opc_request_id") -> str:
    """A caller-chosen opc-request-id: letters, digits, `_` and `-` only."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if not _REQUEST_ID.fullmatch(value):
        raise ValueError(
            f"{name} may contain only letters, digits, '_' and '-' (got {len(value)} characters "
            "including others); omit it to let the SDK generate one"
        )
    return value


def new_request_id() -> str:
    """A fresh opc-request-id as the oci SDK makes them: 32 upper-case hex characters."""
    return uuid.uuid4().hex.upper()


_VISIBLE_ASCII = re.compile(r"[\x21-\x7e]+")


def check_header_value(name: str, value: object, *, max_length: int = 1024) -> str:
    """A header value from the caller: visible ASCII only, so nothing can split the header."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if not 1 <= len(value) <= max_length:
        raise ValueError(f"{name} must be 1 to {max_length} characters long, got {len(value)}")
    if not _VISIBLE_ASCII.fullmatch(value):
        raise ValueError(
            f"{name} may contain only visible ASCII characters (no spaces, line breaks or "
            "non-ASCII); pass the value exactly as the service gave it"
        )
    return value


def check_name(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must not be blank")
    return value
