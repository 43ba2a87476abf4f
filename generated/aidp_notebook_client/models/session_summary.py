from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.kernel_summary import KernelSummary


T = TypeVar("T", bound="SessionSummary")


@_attrs_define
class SessionSummary:
    """Summary of a notebook session in a list. No field is marked required in the documentation, so none is required here."""

    agent_flow_key: str | Unset = UNSET
    """ Key of the agent flow this session belongs to. """
    cluster_id: str | Unset = UNSET
    """ ID of the cluster the session runs on. """
    id: str | Unset = UNSET
    """ UUID of the notebook session. """
    kernel: KernelSummary | Unset = UNSET
    """ Summary of a session's kernel in a list. One generated SDK marks `name` required; the documentation does not
    confirm it, so nothing is required here. """
    lifecycle_state: str | Unset = UNSET
    """ Lifecycle state of the session, for example `ACTIVE`. The documentation gives no enumeration here (unlike
    `Session`), so any string is accepted. """
    name: str | Unset = UNSET
    """ A user-friendly name of the notebook session. """
    path: str | Unset = UNSET
    """ Path of the notebook of this session, or its working location. """
    type_: str | Unset = UNSET
    """ Kind of notebook session, for example `notebook`. No enumeration is documented for the summary. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agent_flow_key = self.agent_flow_key

        cluster_id = self.cluster_id

        id = self.id

        kernel: dict[str, Any] | Unset = UNSET
        if not isinstance(self.kernel, Unset):
            kernel = self.kernel.to_dict()

        lifecycle_state = self.lifecycle_state

        name = self.name

        path = self.path

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if agent_flow_key is not UNSET:
            field_dict["agentFlowKey"] = agent_flow_key
        if cluster_id is not UNSET:
            field_dict["cluster_id"] = cluster_id
        if id is not UNSET:
            field_dict["id"] = id
        if kernel is not UNSET:
            field_dict["kernel"] = kernel
        if lifecycle_state is not UNSET:
            field_dict["lifecycleState"] = lifecycle_state
        if name is not UNSET:
            field_dict["name"] = name
        if path is not UNSET:
            field_dict["path"] = path
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.kernel_summary import KernelSummary

        d = dict(src_dict)
        agent_flow_key = d.pop("agentFlowKey", UNSET)

        cluster_id = d.pop("cluster_id", UNSET)

        id = d.pop("id", UNSET)

        _kernel = d.pop("kernel", UNSET)
        kernel: KernelSummary | Unset
        if isinstance(_kernel, Unset):
            kernel = UNSET
        else:
            kernel = KernelSummary.from_dict(_kernel)

        lifecycle_state = d.pop("lifecycleState", UNSET)

        name = d.pop("name", UNSET)

        path = d.pop("path", UNSET)

        type_ = d.pop("type", UNSET)

        session_summary = cls(
            agent_flow_key=agent_flow_key,
            cluster_id=cluster_id,
            id=id,
            kernel=kernel,
            lifecycle_state=lifecycle_state,
            name=name,
            path=path,
            type_=type_,
        )

        session_summary.additional_properties = d
        return session_summary

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
