from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.update_content_details_format import UpdateContentDetailsFormat
from ..models.update_content_details_type import UpdateContentDetailsType
from ..types import (
    UNSET,
    Unset,
    wrong_type,
)


@_attrs_define
class UpdateContentDetails:
    """The model to save at a path. No field is required (Oracle's SDK 5.1.1 included), though the Jupyter contents API
    this operation mirrors refuses a save without `type` (400), so the SDK's helpers always send it. A file or notebook
    also needs `content`, and a file `format` (`text` or `base64`).

    """

    name: str | Unset = UNSET
    """ Name of the file, the last part of its path. """
    path: str | Unset = UNSET
    """ Full path of the file; the path in the URL decides where it is saved. """
    type_: UpdateContentDetailsType | Unset = UNSET
    """ Kind of model to save. """
    format_: UpdateContentDetailsFormat | Unset = UNSET
    """ Format of `content`: `json` for a notebook, `text` or `base64` for a file. `NULL` is listed by the SDKs; it
    means "no format". """
    content: Any | Unset = UNSET
    """ The content: a notebook's nbformat JSON object, a file's UTF-8 text or its bytes in base64, as `format`
    says. Not needed for a directory. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = dict(self.additional_properties)
        name = self.name
        if not isinstance(name, Unset):
            field_dict["name"] = name
        path = self.path
        if not isinstance(path, Unset):
            field_dict["path"] = path
        type_ = self.type_
        if not isinstance(type_, Unset):
            field_dict["type"] = type_.value
        format_ = self.format_
        if not isinstance(format_, Unset):
            field_dict["format"] = format_.value
        content = self.content
        if not isinstance(content, Unset):
            field_dict["content"] = content
        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """A UpdateContentDetails from its JSON object; FieldError names the path of a misfit."""
        if not isinstance(src_dict, dict) and not isinstance(src_dict, Mapping):
            raise wrong_type("an object", src_dict)
        d = dict(src_dict)
        name = d.pop("name", UNSET)
        if not isinstance(name, str) and name is not UNSET:
            raise wrong_type("a string", name, "name")

        path = d.pop("path", UNSET)
        if not isinstance(path, str) and path is not UNSET:
            raise wrong_type("a string", path, "path")

        type_ = d.pop("type", UNSET)
        if type_ is not UNSET:
            if not isinstance(type_, str):
                raise wrong_type("a string", type_, "type")
            type_ = UpdateContentDetailsType(type_)

        format_ = d.pop("format", UNSET)
        if format_ is not UNSET:
            if not isinstance(format_, str):
                raise wrong_type("a string", format_, "format")
            format_ = UpdateContentDetailsFormat(format_)

        content = d.pop("content", UNSET)
        if content is not UNSET:
            if content is UNSET:
                raise wrong_type("any value", content, "content")

        update_content_details = cls(
            name=name,
            path=path,
            type_=type_,
            format_=format_,
            content=content,
        )
        update_content_details.additional_properties = d
        return update_content_details

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
