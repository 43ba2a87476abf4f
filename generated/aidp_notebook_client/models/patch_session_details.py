from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.kernel import Kernel


T = TypeVar("T", bound="PatchSessionDetails")


@_attrs_define
class PatchSessionDetails:
    """The fields of a notebook session to change; fields left out stay as they are. No field is required."""

    cluster_id: str | Unset = UNSET
    """ ID of the cluster the session runs on. """
    id: str | Unset = UNSET
    """ UUID of the notebook session. """
    kernel: Kernel | Unset = UNSET
    """ Information about the notebook kernel of a session. """
    must_refresh_context: bool | Unset = False
    """ Set to true to ask for a fresh execution context for the session. """
    name: str | Unset = UNSET
    """ The new user-friendly name of the session (rename). """
    path: str | Unset = UNSET
    """ Path of the notebook. Known from the generated SDKs only; the documentation excerpt ends before this field.
    """
    type_: str | Unset = UNSET
    """ Kind of session. The enumeration is unconfirmed, so any string is sent as given. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cluster_id = self.cluster_id

        id = self.id

        kernel: dict[str, Any] | Unset = UNSET
        if not isinstance(self.kernel, Unset):
            kernel = self.kernel.to_dict()

        must_refresh_context = self.must_refresh_context

        name = self.name

        path = self.path

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if cluster_id is not UNSET:
            field_dict["cluster_id"] = cluster_id
        if id is not UNSET:
            field_dict["id"] = id
        if kernel is not UNSET:
            field_dict["kernel"] = kernel
        if must_refresh_context is not UNSET:
            field_dict["must_refresh_context"] = must_refresh_context
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
        cluster_id = d.pop("cluster_id", UNSET)

        id = d.pop("id", UNSET)

        _kernel = d.pop("kernel", UNSET)
        kernel: Kernel | Unset
        if isinstance(_kernel, Unset):
            kernel = UNSET
        else:
            kernel = Kernel.from_dict(_kernel)

        must_refresh_context = d.pop("must_refresh_context", UNSET)

        name = d.pop("name", UNSET)

        path = d.pop("path", UNSET)

        type_ = d.pop("type", UNSET)

        patch_session_details = cls(
            cluster_id=cluster_id,
            id=id,
            kernel=kernel,
            must_refresh_context=must_refresh_context,
            name=name,
            path=path,
            type_=type_,
        )

        patch_session_details.additional_properties = d
        return patch_session_details

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
