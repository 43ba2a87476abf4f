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
    kernel: KernelDetails | Unset = UNSET
    """ The kernel of a session in a create or patch body: usually just its kernel spec `name` (`{"name":
    "python3"}`, as Jupyter clients send it), or the `id` of a running kernel to attach. The documentation reuses
    the response's `Kernel` here, whose `id` only the SDKs mark required; a request needs no field, so none is
    required. The fields that describe a running kernel are accepted as the documentation lists them. """
    name: str | Unset = UNSET
    """ A user-friendly name for the session. """
    path: str | Unset = UNSET
    """ Path of the notebook, for example `/data/test.ipynb`. """
    type_: str | Unset = UNSET
    """ Kind of session, for example `notebook`, `file` or `agentflow`. The documentation gives no enumeration for
    this field, so any string is sent as given. """
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
            field_dict["kernel"] = kernel.to_dict()
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
        """A CreateSessionDetails from its JSON object; FieldError names the path of a misfit."""
        if not isinstance(src_dict, dict) and not isinstance(src_dict, Mapping):
            raise wrong_type("an object", src_dict)
        d = dict(src_dict)
        agent_flow_key = d.pop("agentFlowKey", UNSET)
        if not isinstance(agent_flow_key, str) and agent_flow_key is not UNSET:
            raise wrong_type("a string", agent_flow_key, "agentFlowKey")

        cluster_id = d.pop("cluster_id", UNSET)
        if not isinstance(cluster_id, str) and cluster_id is not UNSET:
            raise wrong_type("a string", cluster_id, "cluster_id")

        id = d.pop("id", UNSET)
        if not isinstance(id, str) and id is not UNSET:
            raise wrong_type("a string", id, "id")

        kernel = d.pop("kernel", UNSET)
        if kernel is not UNSET:
            try:
                kernel = KernelDetails.from_dict(kernel)
            except FieldError as error:
                raise error.within("kernel")

        name = d.pop("name", UNSET)
        if not isinstance(name, str) and name is not UNSET:
            raise wrong_type("a string", name, "name")

        path = d.pop("path", UNSET)
        if not isinstance(path, str) and path is not UNSET:
            raise wrong_type("a string", path, "path")

        type_ = d.pop("type", UNSET)
        if not isinstance(type_, str) and type_ is not UNSET:
            raise wrong_type("a string", type_, "type")

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


# Imported last, once: models may refer to each other (the names are used only in calls).
from ..models.kernel_details import KernelDetails
