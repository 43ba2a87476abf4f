from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_content_details_type import CreateContentDetailsType
from ..types import (
    UNSET,
    Unset,
    wrong_type,
)


@_attrs_define
class CreateContentDetails:
    """What to create: a new untitled file, notebook or directory, or, with `copy_from`, a copy of an existing notebook. No
    field is required.

    """

    copy_from: str | Unset = UNSET
    """ Path of an existing notebook to copy, for example `Shared/Other.ipynb`. """
    ext: str | Unset = UNSET
    """ Extension of the new untitled file, with its dot, for example `.py`. Notebooks are always `.ipynb`. """
    type_: CreateContentDetailsType | Unset = UNSET
    """ Kind of model to create. The Java SDK types this field as the enumeration below, the Python and TypeScript
    SDKs as any string; only the enumerated values are sent. Left out, the service creates a file (a notebook when
    `ext` is `.ipynb`). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = dict(self.additional_properties)
        copy_from = self.copy_from
        if not isinstance(copy_from, Unset):
            field_dict["copy_from"] = copy_from
        ext = self.ext
        if not isinstance(ext, Unset):
            field_dict["ext"] = ext
        type_ = self.type_
        if not isinstance(type_, Unset):
            field_dict["type"] = type_.value
        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """A CreateContentDetails from its JSON object; FieldError names the path of a misfit."""
        if not isinstance(src_dict, dict) and not isinstance(src_dict, Mapping):
            raise wrong_type("an object", src_dict)
        d = dict(src_dict)
        copy_from = d.pop("copy_from", UNSET)
        if not isinstance(copy_from, str) and copy_from is not UNSET:
            raise wrong_type("a string", copy_from, "copy_from")

        ext = d.pop("ext", UNSET)
        if not isinstance(ext, str) and ext is not UNSET:
            raise wrong_type("a string", ext, "ext")

        type_ = d.pop("type", UNSET)
        if type_ is not UNSET:
            if not isinstance(type_, str):
                raise wrong_type("a string", type_, "type")
            type_ = CreateContentDetailsType(type_)

        create_content_details = cls(
            copy_from=copy_from,
            ext=ext,
            type_=type_,
        )
        create_content_details.additional_properties = d
        return create_content_details

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
