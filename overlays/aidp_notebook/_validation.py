"""Checks on caller input that run before anything is sent."""

from __future__ import annotations

import functools
import math
import os
import random
import re
import types
import typing
from collections.abc import Callable
from typing import Any

from aidp_notebook_client.types import Unset

_REQUEST_ID = re.compile(r"[A-Za-z0-9_-]+")
# The longest id, path or filter value sent: far beyond any the API uses (OCIDs are
# about 100 characters), and short enough that a URL of several still fits.
MAX_PARAM_LENGTH = 4096


class ServiceText(str):
    """Text the service gave that goes back to it as it is (an `opc-next-page` token).

    It is not the caller's input, so MAX_PARAM_LENGTH does not apply to it: a long
    token must not turn into a ValueError that blames the caller. The URL's own limit
    still does (_paging checks it, and raises InvalidResponseError).
    """

    __slots__ = ()


def check_path_param(name: str, value: object) -> str:
    """A path parameter: a non-blank str, not `.` or `..`, encodable as UTF-8."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must not be blank; pass the {name} of the resource")
    if value in (".", ".."):
        # URL normalisation would collapse these into a different resource.
        raise ValueError(f"{name} must not be {value!r}: it would address a different resource")
    _check_text(name, value)
    return value


def _check_text(name: str, value: str) -> None:
    if len(value) > MAX_PARAM_LENGTH and not isinstance(value, ServiceText):
        raise ValueError(
            f"{name} is {len(value)} characters long; the API's ids, paths and filters are "
            f"far shorter (at most {MAX_PARAM_LENGTH} characters are sent)"
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{name} is not valid Unicode text (it has a lone surrogate)") from None


_LABELS = {str: "a str", int: "an int", float: "a float", bool: "a bool"}


@functools.cache
def parameter_types(build_kwargs: Callable[..., Any]) -> dict[str, type]:
    """The plain type (str, int, float, bool) of each parameter of a generated builder."""
    found: dict[str, type] = {}
    try:
        hints = typing.get_type_hints(build_kwargs)
    except (NameError, TypeError):  # an annotation that does not resolve: take them as written
        hints = dict(getattr(build_kwargs, "__annotations__", {}))
    for name, hint in hints.items():
        options = [
            option
            for option in (
                typing.get_args(hint)
                if typing.get_origin(hint) in (typing.Union, types.UnionType)
                else (hint,)
            )
            if option not in (Unset, type(None))
        ]
        if len(options) == 1 and options[0] in _LABELS:
            found[name] = options[0]
    return found


def check_query_param(name: str, value: object, expected: type | None) -> object:
    """A query parameter: of its declared type; text non-empty, valid and not too long.

    None means "not given" and never reaches here; anything else of the wrong type (bytes,
    lists, objects, True for a string) would be sent as some text the caller did not mean.
    """
    if expected is None:
        return value
    if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
        raise TypeError(f"{name} must be {_LABELS[expected]}, got {type(value).__name__}")
    if isinstance(value, str):
        if not value:
            raise ValueError(f"{name} must not be empty; pass None (or leave it out) instead")
        _check_text(name, value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
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


# Request ids only need to be unique, not secret: a generator seeded from the OS is far
# cheaper per call than uuid4's os.urandom (a system call, 14% of the event loop's time
# at 64 calls in flight in `make bench --profile`). Reseeded in a forked child, so two
# processes never hand out the same sequence.
_IDS = random.Random(os.urandom(32))  # noqa: S311 (ids, not secrets)
os.register_at_fork(after_in_child=lambda: _IDS.seed(os.urandom(32)))


def new_request_id() -> str:
    """A fresh opc-request-id as the oci SDK makes them: 32 upper-case hex characters."""
    return f"{_IDS.getrandbits(128):032X}"


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
