from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.session_lifecycle_state import SessionLifecycleState
from ..models.session_type import SessionType
from ..types import (
    UNSET,
    FieldError,
    Unset,
    wrong_type,
)


@_attrs_define
class Session:
    """A notebook session: the session context of a running notebook instance. Each opened notebook has its own session,
    but several notebook kernels may use the same session to share data across opened notebooks.

    """

    id: str
    """ UUID of the notebook session. """
    name: str
    """ A user-friendly name of the notebook session. """
    agent_flow_key: str | None | Unset = UNSET
    """ Key of the agent flow this session belongs to. """
    cluster_id: str | None | Unset = UNSET
    """ ID of the cluster the session runs on. """
    kernel: Kernel | None | Unset = UNSET
    """ Information about the notebook kernel of a session. Oracle's SDK 5.1.1 marks no field required (older SDK
    versions marked `id`), so none is required here. """
    lifecycle_state: SessionLifecycleState | None | Unset = UNSET
    """ Lifecycle state of the notebook session. The service may add states; clients keep an unknown value as it was
    sent. """
    path: str | None | Unset = UNSET
    """ Path of the notebook of this session, for example `/data/test.ipynb`. """
    type_: SessionType | None | Unset = UNSET
    """ Kind of notebook session. The service may add kinds; clients keep an unknown value as it was sent. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = dict(self.additional_properties)
        id = self.id
        field_dict["id"] = id
        name = self.name
        field_dict["name"] = name
        agent_flow_key = self.agent_flow_key
        if not isinstance(agent_flow_key, Unset):
            field_dict["agentFlowKey"] = agent_flow_key
        cluster_id = self.cluster_id
        if not isinstance(cluster_id, Unset):
            field_dict["cluster_id"] = cluster_id
        kernel = self.kernel
        if not isinstance(kernel, Unset):
            field_dict["kernel"] = None if kernel is None else kernel.to_dict()
        lifecycle_state = self.lifecycle_state
        if not isinstance(lifecycle_state, Unset):
            field_dict["lifecycleState"] = (
                None if lifecycle_state is None else lifecycle_state.value
            )
        path = self.path
        if not isinstance(path, Unset):
            field_dict["path"] = path
        type_ = self.type_
        if not isinstance(type_, Unset):
            field_dict["type"] = None if type_ is None else type_.value
        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """A Session from its JSON object; FieldError names the path of a misfit."""
        if not isinstance(src_dict, dict) and not isinstance(src_dict, Mapping):
            raise wrong_type("an object", src_dict)
        d = dict(src_dict)
        id = d.pop("id", UNSET)
        if not isinstance(id, str):
            raise wrong_type("a string", id, "id")

        name = d.pop("name", UNSET)
        if not isinstance(name, str):
            raise wrong_type("a string", name, "name")

        agent_flow_key = d.pop("agentFlowKey", UNSET)
        if (
            not isinstance(agent_flow_key, str)
            and agent_flow_key is not UNSET
            and agent_flow_key is not None
        ):
            raise wrong_type("a string", agent_flow_key, "agentFlowKey")

        cluster_id = d.pop("cluster_id", UNSET)
        if (
            not isinstance(cluster_id, str)
            and cluster_id is not UNSET
            and cluster_id is not None
        ):
            raise wrong_type("a string", cluster_id, "cluster_id")

        kernel = d.pop("kernel", UNSET)
        if kernel is not UNSET and kernel is not None:
            try:
                kernel = Kernel.from_dict(kernel)
            except FieldError as error:
                raise error.within("kernel")

        lifecycle_state = d.pop("lifecycleState", UNSET)
        if lifecycle_state is not UNSET and lifecycle_state is not None:
            if not isinstance(lifecycle_state, str):
                raise wrong_type("a string", lifecycle_state, "lifecycleState")
            lifecycle_state = SessionLifecycleState(lifecycle_state)

        path = d.pop("path", UNSET)
        if not isinstance(path, str) and path is not UNSET and path is not None:
            raise wrong_type("a string", path, "path")

        type_ = d.pop("type", UNSET)
        if type_ is not UNSET and type_ is not None:
            if not isinstance(type_, str):
                raise wrong_type("a string", type_, "type")
            type_ = SessionType(type_)

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


# Imported last, once: models may refer to each other (the names are used only in calls).
from ..models.kernel import Kernel
