"""Turn response bodies into models, or into a precise error naming the field.

Responses: the generated `from_dict` checks every field while it builds the model
(one pass: JSON types, required fields, nested objects and arrays), reading null in
an optional field of a response schema as None. `build_model` turns its FieldError
into a `BodyError` whose message names the path (`body.items[3].kernel.id: ...`).

Request bodies built in code as model instances never went through `from_dict`;
`check_model` checks those against the annotations of their class.
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
from aidp_notebook_client.types import FieldError, Unset, json_kind

T = TypeVar("T")


class BodyError(Exception):
    """The body is not what the operation's spec says; the message says how.

    `field` is the path of the offending field (`body.items[3].kernel`), if one.
    """

    def __init__(self, problem: str, field: str | None = None) -> None:
        super().__init__(problem)
        self.field = field


def decode_json(content: bytes) -> Any:
    if not content:
        raise BodyError("the body is empty")
    try:
        return json.loads(content)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BodyError(f"the body is not valid JSON ({exc})") from None
    except RecursionError:
        raise BodyError("the body nests JSON too deeply to decode") from None


def parse_model(content: bytes, from_dict: Callable[[Any], T]) -> T:
    """Decode `content` and build a checked model with `from_dict`."""
    return build_model(decode_json(content), from_dict)


def build_model(data: Any, from_dict: Callable[[Any], T], root: str = "body") -> T:
    """The model `from_dict` builds from decoded JSON; BodyError names a misfit's path."""
    try:
        return from_dict(data)
    except FieldError as exc:
        field = exc.where(root)
        raise BodyError(f"{field}: {exc.problem}", field) from None
    except RecursionError:
        raise BodyError(f"{root} nests objects too deeply") from None


# -- models built in code (request bodies) ----------------------------------------------

# A field check takes the value and the path used in messages.
_Check = Callable[[Any, str], None]


def _type_check(expected: tuple[type, ...], label: str) -> _Check:
    def check(value: Any, where: str) -> None:
        # bool is an int in Python but not in JSON.
        if not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected):
            raise BodyError(f"{where}: expected {label}, got {json_kind(value)}", where)

    return check


def _model_check(cls: type) -> _Check:
    def check(value: Any, where: str) -> None:
        if not isinstance(value, cls):
            raise BodyError(
                f"{where}: expected a {cls.__name__} (or a dict of its JSON fields), "
                f"got {json_kind(value)}",
                where,
            )
        check_model(value, where)

    return check


def _union_check(checks: list[_Check | None]) -> _Check | None:
    if any(c is None for c in checks):
        return None

    def check(value: Any, where: str) -> None:
        problems = []
        for c in checks:
            assert c is not None
            try:
                c(value, where)
            except BodyError as exc:
                problems.append(exc)
            else:
                return
        raise problems[0]

    return check


def _checker_for(annotation: Any) -> _Check | None:
    """A check for one annotated type, or None where any value is acceptable."""
    if annotation is Any:
        return None
    if annotation is type(None):
        return _type_check((type(None),), "null")
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not Unset]
        if len(options) == 1:
            return _checker_for(options[0])
        return _union_check([_checker_for(a) for a in options])
    if origin is list:
        (item,) = typing.get_args(annotation) or (Any,)
        item_check = _checker_for(item)

        def check_list(value: Any, where: str) -> None:
            if not isinstance(value, list | tuple):
                raise BodyError(f"{where}: expected an array, got {json_kind(value)}", where)
            if item_check is not None:
                for index, element in enumerate(value):
                    item_check(element, f"{where}[{index}]")

        return check_list
    if origin is dict or annotation is dict:
        return _type_check((dict,), "an object")
    if isinstance(annotation, type):
        if attrs.has(annotation):
            return _model_check(annotation)
        if issubclass(annotation, enum.Enum):
            return _type_check((annotation,), f"a {annotation.__name__}")
        if annotation is float:
            return _type_check((int, float), "a number")
        if annotation is datetime.datetime:
            return _type_check((datetime.datetime,), "a datetime")
        label = {str: "a string", int: "an integer", bool: "a boolean"}.get(
            annotation, f"a {annotation.__name__}"
        )
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
    """Raise BodyError if a field of `model` does not hold what its annotation says.

    For models built in code, so the path uses the attribute names the code used.
    """
    if not attrs.has(type(model)):
        raise BodyError(f"{where}: expected an object, got {json_kind(model)}", where)
    for name, check in _field_checks(type(model)):
        value = getattr(model, name)
        if not isinstance(value, Unset):
            check(value, f"{where}.{name}")
