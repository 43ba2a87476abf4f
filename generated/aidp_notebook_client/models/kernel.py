from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.kernel_execution_state import KernelExecutionState
from ..types import UNSET, Unset

T = TypeVar("T", bound="Kernel")


@_attrs_define
class Kernel:
    """Information about the notebook kernel of a session."""

    id: str
    """ UUID of the kernel. """
    connections: int | Unset = UNSET
    """ The number of active connections to this kernel. """
    execution_state: KernelExecutionState | Unset = UNSET
    """ Current execution state of the kernel: typically `idle` or `busy`, but other values such as `starting`
    occur. The service may add states; clients keep an unknown value as it was sent. """
    last_activity: datetime.datetime | Unset = UNSET
    """ ISO 8601 timestamp (UTC, with a `Z` suffix) of the last activity seen on this kernel. Together with
    `execution_state == idle` it tells which kernels have been idle since a given time. """
    name: str | Unset = UNSET
    """ Kernel spec name, for example `python3`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        connections = self.connections

        execution_state: str | Unset = UNSET
        if not isinstance(self.execution_state, Unset):
            execution_state = self.execution_state.value

        last_activity: str | Unset = UNSET
        if not isinstance(self.last_activity, Unset):
            last_activity = self.last_activity.isoformat()

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if connections is not UNSET:
            field_dict["connections"] = connections
        if execution_state is not UNSET:
            field_dict["execution_state"] = execution_state
        if last_activity is not UNSET:
            field_dict["last_activity"] = last_activity
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        connections = d.pop("connections", UNSET)

        _execution_state = d.pop("execution_state", UNSET)
        execution_state: KernelExecutionState | Unset
        if isinstance(_execution_state, Unset):
            execution_state = UNSET
        else:
            execution_state = KernelExecutionState(_execution_state)

        _last_activity = d.pop("last_activity", UNSET)
        last_activity: datetime.datetime | Unset
        if isinstance(_last_activity, Unset):
            last_activity = UNSET
        else:
            last_activity = datetime.datetime.fromisoformat(_last_activity)

        name = d.pop("name", UNSET)

        kernel = cls(
            id=id,
            connections=connections,
            execution_state=execution_state,
            last_activity=last_activity,
            name=name,
        )

        kernel.additional_properties = d
        return kernel

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
