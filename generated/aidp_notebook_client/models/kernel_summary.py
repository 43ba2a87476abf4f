from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="KernelSummary")


@_attrs_define
class KernelSummary:
    """Summary of a session's kernel in a list. One generated SDK marks `name` required; the documentation does not confirm
    it, so nothing is required here.

    """

    connections: int | Unset = UNSET
    """ The number of active connections to this kernel. """
    execution_state: str | Unset = UNSET
    """ Current execution state of the kernel, typically `idle`, `busy` or `starting`. No enumeration is documented
    for the summary. """
    id: str | Unset = UNSET
    """ UUID of the kernel. """
    last_activity: datetime.datetime | Unset = UNSET
    """ ISO 8601 timestamp (UTC, with a `Z` suffix) of the last kernel activity. """
    name: str | Unset = UNSET
    """ Kernel spec name, for example `python3`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        connections = self.connections

        execution_state = self.execution_state

        id = self.id

        last_activity: str | Unset = UNSET
        if not isinstance(self.last_activity, Unset):
            last_activity = self.last_activity.isoformat()

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if connections is not UNSET:
            field_dict["connections"] = connections
        if execution_state is not UNSET:
            field_dict["execution_state"] = execution_state
        if id is not UNSET:
            field_dict["id"] = id
        if last_activity is not UNSET:
            field_dict["last_activity"] = last_activity
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        connections = d.pop("connections", UNSET)

        execution_state = d.pop("execution_state", UNSET)

        id = d.pop("id", UNSET)

        _last_activity = d.pop("last_activity", UNSET)
        last_activity: datetime.datetime | Unset
        if isinstance(_last_activity, Unset):
            last_activity = UNSET
        else:
            last_activity = datetime.datetime.fromisoformat(_last_activity)

        name = d.pop("name", UNSET)

        kernel_summary = cls(
            connections=connections,
            execution_state=execution_state,
            id=id,
            last_activity=last_activity,
            name=name,
        )

        kernel_summary.additional_properties = d
        return kernel_summary

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
