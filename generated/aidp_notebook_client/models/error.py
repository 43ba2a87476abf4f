from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    UNSET,
    wrong_type,
)


@_attrs_define
class Error:
    """Error information returned with every non-2xx response."""

    code: str
    """ A short error code that defines the error, meant for programmatic parsing. """
    message: str
    """ A human-readable error message. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = dict(self.additional_properties)
        code = self.code
        field_dict["code"] = code
        message = self.message
        field_dict["message"] = message
        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """A Error from its JSON object; FieldError names the path of a misfit."""
        if not isinstance(src_dict, dict) and not isinstance(src_dict, Mapping):
            raise wrong_type("an object", src_dict)
        d = dict(src_dict)
        code = d.pop("code", UNSET)
        if not isinstance(code, str):
            raise wrong_type("a string", code, "code")

        message = d.pop("message", UNSET)
        if not isinstance(message, str):
            raise wrong_type("a string", message, "message")

        error = cls(
            code=code,
            message=message,
        )
        error.additional_properties = d
        return error

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
