"""Request bodies: accept the generated model or a plain dict of the API's JSON fields.

A dict is checked like a response: known JSON names only (a typo such as `nmae`
fails here with a suggestion, instead of being sent and ignored by the service),
values of the declared types. Everything is validated before the network.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Mapping
from importlib import resources
from typing import Any, Protocol, Self, TypeVar

import attrs
from aidp_notebook_client.types import FieldError, MissingFieldError

from ._parsing import BodyError, check_model


class _Model(Protocol):
    additional_properties: dict[str, Any]

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self: ...

    def to_dict(self) -> dict[str, Any]: ...


M = TypeVar("M", bound=_Model)


def _known_fields(schema: str) -> list[str]:
    """The JSON field names of a schema, from the manifest `make generate` writes."""
    manifest = resources.files("aidp_notebook_client").joinpath("spec-manifest.json")
    schemas: dict[str, dict[str, str]] = json.loads(manifest.read_text())["schemas"]
    return sorted(schemas.get(schema, {}))


def coerce_details(details: object, model: type[M], *, name: str = "details") -> M:
    """`details` as a checked `model`, from the model itself or a dict of JSON fields.

    Wrong types are a TypeError and unknown or missing fields a ValueError, each naming
    the field's path and the rule (`details.kernel.name: expected a string, got int`).
    """
    if isinstance(details, model):
        try:
            check_model(details, name)
        except BodyError as exc:
            raise TypeError(str(exc)) from None
        candidate = details
    elif isinstance(details, Mapping):
        candidate = _from_mapping(details, model, name)
    else:
        raise TypeError(
            f"{name} must be a {model.__name__} or a dict of its JSON fields, "
            f"got {type(details).__name__}"
        )
    # The body must also survive JSON encoding (no sets, bytes or NaN in extra fields).
    try:
        json.dumps(candidate.to_dict(), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} cannot be sent as JSON: {exc}") from None
    return candidate


def _from_mapping(details: Mapping[Any, Any], model: type[M], name: str) -> M:
    bad_keys = [key for key in details if not isinstance(key, str)]
    if bad_keys:
        raise TypeError(f"{name} keys must be str, got {bad_keys[0]!r}")
    builder: Callable[[Mapping[str, Any]], M] = model.from_dict
    try:
        candidate = builder(details)
    except MissingFieldError as exc:
        raise ValueError(f"{exc.where(name)}: {exc.problem}") from None
    except FieldError as exc:
        raise TypeError(f"{exc.where(name)}: {exc.problem}") from None
    _refuse_unknown_fields(candidate, name)
    return candidate


def _refuse_unknown_fields(candidate: Any, where: str) -> None:
    """A ValueError for the first model, at any depth, holding a field its schema lacks."""
    unknown = sorted(candidate.additional_properties)
    if unknown:
        schema = type(candidate).__name__
        known = _known_fields(schema)
        hints = [
            f"{key!r} (did you mean {match[0]!r}?)" if match else repr(key)
            for key in unknown
            for match in [difflib.get_close_matches(key, known, n=1)]
        ]
        raise ValueError(
            f"{where} has unknown field(s) {', '.join(hints)}; the API's fields for "
            f"{schema} are: {', '.join(known)}"
        )
    for field in attrs.fields(type(candidate)):
        value = getattr(candidate, field.name)
        if attrs.has(type(value)):
            _refuse_unknown_fields(value, f"{where}.{field.name}")
