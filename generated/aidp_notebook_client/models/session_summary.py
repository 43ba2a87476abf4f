from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    UNSET,
    FieldError,
    Unset,
    wrong_type,
)


@_attrs_define
class SessionSummary:
    """Summary of a notebook session in a list. No field is marked required in the documentation, so none is required here."""

    agent_flow_key: str | None | Unset = UNSET
    """ Key of the agent flow this session belongs to. """
    cluster_id: str | None | Unset = UNSET
    """ ID of the cluster the session runs on. """
    id: str | None | Unset = UNSET
    """ UUID of the notebook session. """
    kernel: KernelSummary | None | Unset = UNSET
    """ Summary of a session's kernel in a list. Oracle's SDK 5.1.1 marks `name` required (and does not enforce it);
    a reader that did would fail a whole listing over one kernel without a name, so nothing is required here: read
    tolerantly. """
    lifecycle_state: str | None | Unset = UNSET
    """ Lifecycle state of the session, for example `ACTIVE`. The documentation gives no enumeration here (unlike
    `Session`), so any string is accepted. """
    name: str | None | Unset = UNSET
    """ A user-friendly name of the notebook session. """
    path: str | None | Unset = UNSET
    """ Path of the notebook of this session, or its working location. """
    type_: str | None | Unset = UNSET
    """ Kind of notebook session, for example `notebook`. No enumeration is documented for the summary. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = dict(self.additional_properties)
        agent_flow_key = self.agent_flow_key
        if not isinstance(agent_flow_key, Unset):
            field_dict["agentFlowKey"] = agent_flow_key
        cluster_id = self.cluster_id
        if not isinstance(cluster_id, Unset):
            field_dict["cluster_id"] = cluster_id
        id = self.id
        if not isinstance(id, Unset):
            field_dict["id"] = id
        kernel = self.kernel
        if not isinstance(kernel, Unset):
            field_dict["kernel"] = None if kernel is None else kernel.to_dict()
        lifecycle_state = self.lifecycle_state
        if not isinstance(lifecycle_state, Unset):
            field_dict["lifecycleState"] = lifecycle_state
        name = self.name
        if not isinstance(name, Unset):
            field_dict["name"] = name
        path = self.path
        if not isinstance(path, Unset):
            field_dict["path"] = path
        type_ = self.type_
        if not isinstance(type_, Unset):
            field_dict["type"] = type_
        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """A SessionSummary from its JSON object; FieldError names the path of a misfit."""
        if not isinstance(src_dict, dict) and not isinstance(src_dict, Mapping):
            raise wrong_type("an object", src_dict)
        d = dict(src_dict)
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

        id = d.pop("id", UNSET)
        if not isinstance(id, str) and id is not UNSET and id is not None:
            raise wrong_type("a string", id, "id")

        kernel = d.pop("kernel", UNSET)
        if kernel is not UNSET and kernel is not None:
            try:
                kernel = KernelSummary.from_dict(kernel)
            except FieldError as error:
                raise error.within("kernel")

        lifecycle_state = d.pop("lifecycleState", UNSET)
        if (
            not isinstance(lifecycle_state, str)
            and lifecycle_state is not UNSET
            and lifecycle_state is not None
        ):
            raise wrong_type("a string", lifecycle_state, "lifecycleState")

        name = d.pop("name", UNSET)
        if not isinstance(name, str) and name is not UNSET and name is not None:
            raise wrong_type("a string", name, "name")

        path = d.pop("path", UNSET)
        if not isinstance(path, str) and path is not UNSET and path is not None:
            raise wrong_type("a string", path, "path")

        type_ = d.pop("type", UNSET)
        if not isinstance(type_, str) and type_ is not UNSET and type_ is not None:
            raise wrong_type("a string", type_, "type")

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


# Imported last, once: models may refer to each other (the names are used only in calls).
from ..models.kernel_summary import KernelSummary
