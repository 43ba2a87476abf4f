from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    UNSET,
    Unset,
    wrong_type,
)


@_attrs_define
class KernelSummary:
    """Summary of a session's kernel in a list. Oracle's SDK 5.1.1 marks `name` required (and does not enforce it); a
    reader that did would fail a whole listing over one kernel without a name, so nothing is required here: read
    tolerantly.

    """

    connections: int | None | Unset = UNSET
    """ The number of active connections to this kernel. """
    execution_state: str | None | Unset = UNSET
    """ Current execution state of the kernel, typically `idle`, `busy` or `starting`. No enumeration is documented
    for the summary. """
    id: str | None | Unset = UNSET
    """ UUID of the kernel. """
    last_activity: str | None | Unset = UNSET
    """ When the kernel was last active, kept as sent (a plain string in Oracle's SDK 5.1.1; usually ISO 8601).
    `aidp_notebook.last_activity_time` reads it as a date-time where it is one. """
    name: str | None | Unset = UNSET
    """ Kernel spec name, for example `python3`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = dict(self.additional_properties)
        connections = self.connections
        if not isinstance(connections, Unset):
            field_dict["connections"] = connections
        execution_state = self.execution_state
        if not isinstance(execution_state, Unset):
            field_dict["execution_state"] = execution_state
        id = self.id
        if not isinstance(id, Unset):
            field_dict["id"] = id
        last_activity = self.last_activity
        if not isinstance(last_activity, Unset):
            field_dict["last_activity"] = last_activity
        name = self.name
        if not isinstance(name, Unset):
            field_dict["name"] = name
        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """A KernelSummary from its JSON object; FieldError names the path of a misfit."""
        if not isinstance(src_dict, dict) and not isinstance(src_dict, Mapping):
            raise wrong_type("an object", src_dict)
        d = dict(src_dict)
        connections = d.pop("connections", UNSET)
        if (
            (not isinstance(connections, int) or isinstance(connections, bool))
            and connections is not UNSET
            and connections is not None
        ):
            raise wrong_type("an integer", connections, "connections")

        execution_state = d.pop("execution_state", UNSET)
        if (
            not isinstance(execution_state, str)
            and execution_state is not UNSET
            and execution_state is not None
        ):
            raise wrong_type("a string", execution_state, "execution_state")

        id = d.pop("id", UNSET)
        if not isinstance(id, str) and id is not UNSET and id is not None:
            raise wrong_type("a string", id, "id")

        last_activity = d.pop("last_activity", UNSET)
        if (
            not isinstance(last_activity, str)
            and last_activity is not UNSET
            and last_activity is not None
        ):
            raise wrong_type("a string", last_activity, "last_activity")

        name = d.pop("name", UNSET)
        if not isinstance(name, str) and name is not UNSET and name is not None:
            raise wrong_type("a string", name, "name")

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
