from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.export_contents_details_format import ExportContentsDetailsFormat
from ..types import (
    UNSET,
    Unset,
    wrong_type,
)


@_attrs_define
class ExportContentsDetails:
    """The format to export a notebook to. No field is required."""

    format_: ExportContentsDetailsFormat | Unset = ExportContentsDetailsFormat.IPYNB
    """ Export format, `ipynb` (the default) or `html`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = dict(self.additional_properties)
        format_ = self.format_
        if not isinstance(format_, Unset):
            field_dict["format"] = format_.value
        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """A ExportContentsDetails from its JSON object; FieldError names the path of a misfit."""
        if not isinstance(src_dict, dict) and not isinstance(src_dict, Mapping):
            raise wrong_type("an object", src_dict)
        d = dict(src_dict)
        format_ = d.pop("format", UNSET)
        if format_ is not UNSET:
            if not isinstance(format_, str):
                raise wrong_type("a string", format_, "format")
            format_ = ExportContentsDetailsFormat(format_)

        export_contents_details = cls(
            format_=format_,
        )
        export_contents_details.additional_properties = d
        return export_contents_details

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
