"""Turn response bodies into models, or into a precise InvalidResponseError.

The generated `from_dict` trusts its input: a missing required field raises
KeyError, and a field of the wrong JSON type is stored as it came. `parse_model`
decodes the JSON, builds the model, then checks every field against the type the
spec declares, so a caller gets either a model that is what its annotations say,
or an `InvalidResponseError` (via `BodyError`).
"""

from __future__ import annotations

import datetime
import enum
import json
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

import aidp_notebook_client.models as _models
import attrs
from aidp_notebook_client.types import Unset

T = TypeVar("T")


class BodyError(Exception):
    """The body is not what the operation's spec says; the message says how."""


def decode_json(content: bytes) -> Any:
    if not content:
        raise BodyError("the body is empty")
    try:
        return json.loads(content)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BodyError(f"the body is not valid JSON ({exc})") from None
    except RecursionError:
        raise BodyError("the body nests JSON too deeply to decode") from None


# A field check takes the value and the path used in messages.
_Check = Callable[[Any, str], None]


def _type_check(expected: tuple[type, ...], label: str) -> _Check:
    def check(value: Any, where: str) -> None:
        # bool is an int in Python but not in JSON.
        if not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected):
            raise BodyError(f"{where} should be {label}, got {type(value).__name__}")

    return check


def _checker_for(annotation: Any) -> _Check | None:
    """A check for one annotated type, or None where any value is acceptable."""
    if annotation is Any:
        return None
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not Unset]
        if len(options) == 1:
            return _checker_for(options[0])
        checks = [_checker_for(a) for a in options]
        if any(c is None for c in checks):
            return None

        def check_union(value: Any, where: str) -> None:
            problems = []
            for c in checks:
                assert c is not None
                try:
                    c(value, where)
                except BodyError as exc:
                    problems.append(str(exc))
                else:
                    return
            raise BodyError(problems[0])

        return check_union
    if origin is list:
        (item,) = typing.get_args(annotation) or (Any,)
        item_check = _checker_for(item)

        def check_list(value: Any, where: str) -> None:
            if not isinstance(value, list):
                raise BodyError(f"{where} should be a list, got {type(value).__name__}")
            if item_check is not None:
                for index, element in enumerate(value):
                    item_check(element, f"{where}[{index}]")

        return check_list
    if origin is dict or annotation is dict:
        return _type_check((dict,), "an object")
    if isinstance(annotation, type):
        if attrs.has(annotation):
            return check_model
        if issubclass(annotation, enum.Enum):
            return _type_check((annotation,), "a string")
        if annotation is float:
            return _type_check((int, float), "a number")
        if annotation is datetime.datetime:
            return _type_check((datetime.datetime,), "a date-time string")
        label = {str: "a string", int: "an integer"}.get(annotation, annotation.__name__)
        return _type_check((annotation,), label)
    return None


_FIELD_CHECKS: dict[type, tuple[tuple[str, _Check], ...]] = {}


def _field_checks(cls: type) -> tuple[tuple[str, _Check], ...]:
    """The checks of a model class's fields, built once per class."""
    cached = _FIELD_CHECKS.get(cls)
    if cached is not None:
        return cached
    hints = typing.get_type_hints(cls, localns=vars(_models))
    checks = []
    for field in attrs.fields(cls):
        if field.name == "additional_properties":
            continue
        check = _checker_for(hints[field.name])
        if check is not None:
            checks.append((field.name, check))
    _FIELD_CHECKS[cls] = result = tuple(checks)
    return result


def check_model(model: Any, where: str = "body") -> None:
    if not attrs.has(type(model)):
        raise BodyError(f"{where} should be an object, got {type(model).__name__}")
    for name, check in _field_checks(type(model)):
        value = getattr(model, name)
        if not isinstance(value, Unset):
            check(value, f"{where}.{name}")


def parse_model(content: bytes, from_dict: Callable[[Any], T]) -> T:
    """Decode `content` and build a checked model with `from_dict`."""
    data = decode_json(content)
    return build_model(data, from_dict)


def build_model(data: Any, from_dict: Callable[[Any], T]) -> T:
    if not isinstance(data, dict):
        raise BodyError(f"the body should be a JSON object, got {type(data).__name__}")
    try:
        model = from_dict(data)
    except KeyError as exc:
        raise BodyError(f"the required field {exc.args[0]!r} is missing") from None
    except (TypeError, ValueError, AttributeError) as exc:
        # Nested objects of the wrong type, unparsable date-times, non-string enums.
        raise BodyError(f"a field has the wrong type or format ({exc})") from None
    check_model(model)
    return model
