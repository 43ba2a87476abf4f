from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.session_lifecycle_state import SessionLifecycleState
from ..models.session_type import SessionType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.kernel import Kernel


T = TypeVar("T", bound="Session")


@_attrs_define
class Session:
    """A notebook session: the session context of a running notebook instance. Each opened notebook has its own session,
    but several notebook kernels may use the same session to share data across opened notebooks.

    """

    id: str
    """ UUID of the notebook session. """
    name: str
    """ A user-friendly name of the notebook session. """
    agent_flow_key: str | Unset = UNSET
    """ Key of the agent flow this session belongs to. """
    cluster_id: str | Unset = UNSET
    """ ID of the cluster the session runs on. """
    kernel: Kernel | Unset = UNSET
    """ Information about the notebook kernel of a session. """
    lifecycle_state: SessionLifecycleState | Unset = UNSET
    """ Lifecycle state of the notebook session. The service may add states; clients keep an unknown value as it was
    sent. """
    path: str | Unset = UNSET
    """ Path of the notebook of this session, for example `/data/test.ipynb`. """
    type_: SessionType | Unset = UNSET
    """ Kind of notebook session. The service may add kinds; clients keep an unknown value as it was sent. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        agent_flow_key = self.agent_flow_key

        cluster_id = self.cluster_id

        kernel: dict[str, Any] | Unset = UNSET
        if not isinstance(self.kernel, Unset):
            kernel = self.kernel.to_dict()

        lifecycle_state: str | Unset = UNSET
        if not isinstance(self.lifecycle_state, Unset):
            lifecycle_state = self.lifecycle_state.value

        path = self.path

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
            }
        )
        if agent_flow_key is not UNSET:
            field_dict["agentFlowKey"] = agent_flow_key
        if cluster_id is not UNSET:
            field_dict["cluster_id"] = cluster_id
        if kernel is not UNSET:
            field_dict["kernel"] = kernel
        if lifecycle_state is not UNSET:
            field_dict["lifecycleState"] = lifecycle_state
        if path is not UNSET:
            field_dict["path"] = path
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.kernel import Kernel

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        agent_flow_key = d.pop("agentFlowKey", UNSET)

        cluster_id = d.pop("cluster_id", UNSET)

        _kernel = d.pop("kernel", UNSET)
        kernel: Kernel | Unset
        if isinstance(_kernel, Unset):
            kernel = UNSET
        else:
            kernel = Kernel.from_dict(_kernel)

        _lifecycle_state = d.pop("lifecycleState", UNSET)
        lifecycle_state: SessionLifecycleState | Unset
        if isinstance(_lifecycle_state, Unset):
            lifecycle_state = UNSET
        else:
            lifecycle_state = SessionLifecycleState(_lifecycle_state)

        path = d.pop("path", UNSET)

        _type_ = d.pop("type", UNSET)
        type_: SessionType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = SessionType(_type_)

        session = cls(
            id=id,
            name=name,
            agent_flow_key=agent_flow_key,
            cluster_id=cluster_id,
            kernel=kernel,
            lifecycle_state=lifecycle_state,
            path=path,
            type_=type_,
        )

        session.additional_properties = d
        return session

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
