from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.kernel import Kernel


T = TypeVar("T", bound="CreateSessionDetails")


@_attrs_define
class CreateSessionDetails:
    """Details of a notebook session to create. No field is required; a session that already exists for `path` is returned
    instead of a new one.

    """

    agent_flow_key: str | Unset = UNSET
    """ Key of the agent flow to attach the session to. """
    cluster_id: str | Unset = UNSET
    """ ID of the cluster to run the session on. """
    id: str | Unset = UNSET
    """ UUID for the new session, when the caller chooses it. """
    kernel: Kernel | Unset = UNSET
    """ Information about the notebook kernel of a session. """
    name: str | Unset = UNSET
    """ A user-friendly name for the session. """
    path: str | Unset = UNSET
    """ Path of the notebook, for example `/data/test.ipynb`. """
    type_: str | Unset = UNSET
    """ Kind of session, for example `notebook`, `file` or `agentflow`. The documentation gives no enumeration for
    this field, so any string is sent as given. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agent_flow_key = self.agent_flow_key

        cluster_id = self.cluster_id

        id = self.id

        kernel: dict[str, Any] | Unset = UNSET
        if not isinstance(self.kernel, Unset):
            kernel = self.kernel.to_dict()

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
        if name is not UNSET:
            field_dict["name"] = name
        if path is not UNSET:
            field_dict["path"] = path
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.kernel import Kernel

        d = dict(src_dict)
        agent_flow_key = d.pop("agentFlowKey", UNSET)

        cluster_id = d.pop("cluster_id", UNSET)

        id = d.pop("id", UNSET)

        _kernel = d.pop("kernel", UNSET)
        kernel: Kernel | Unset
        if isinstance(_kernel, Unset):
            kernel = UNSET
        else:
            kernel = Kernel.from_dict(_kernel)

        name = d.pop("name", UNSET)

        path = d.pop("path", UNSET)

        type_ = d.pop("type", UNSET)

        create_session_details = cls(
            agent_flow_key=agent_flow_key,
            cluster_id=cluster_id,
            id=id,
            kernel=kernel,
            name=name,
            path=path,
            type_=type_,
        )

        create_session_details.additional_properties = d
        return create_session_details

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
