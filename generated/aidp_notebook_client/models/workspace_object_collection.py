from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    UNSET,
    FieldError,
    wrong_type,
)


@_attrs_define
class WorkspaceObjectCollection:
    """One page of workspace objects. The body carries no paging information: the `opc-next-page` header names the next
    page.

    """

    items: list[WorkspaceObjectSummary]
    """ The workspace objects. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = dict(self.additional_properties)
        items = self.items
        field_dict["items"] = [v0.to_dict() for v0 in items]
        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """A WorkspaceObjectCollection from its JSON object; FieldError names the path of a misfit."""
        if not isinstance(src_dict, dict) and not isinstance(src_dict, Mapping):
            raise wrong_type("an object", src_dict)
        d = dict(src_dict)
        items = d.pop("items", UNSET)
        if not isinstance(items, (list, tuple)):
            raise wrong_type("an array", items, "items")
        _items_list: list[WorkspaceObjectSummary] = []
        for _items_index, _items_item in enumerate(items):
            try:
                _items_value = WorkspaceObjectSummary.from_dict(_items_item)
            except FieldError as error:
                raise error.within("items", _items_index)

            _items_list.append(_items_value)
        items = _items_list

        workspace_object_collection = cls(
            items=items,
        )
        workspace_object_collection.additional_properties = d
        return workspace_object_collection

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


# Imported last, once: models may refer to each other (the names are used only in calls).
from ..models.workspace_object_summary import WorkspaceObjectSummary
