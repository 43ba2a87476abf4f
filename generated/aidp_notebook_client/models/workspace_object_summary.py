from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.workspace_object_type import WorkspaceObjectType
from ..types import (
    UNSET,
    FieldError,
    Unset,
    format_datetime,
    parse_datetime,
    wrong_type,
)


@_attrs_define
class WorkspaceObjectSummary:
    """An object of the workspace in a list. It carries no size, key, MIME type or writable flag; per-object details come
    from GetContent with `content=0`.

    """

    path: str
    """ Full path of the object, with a leading `/`, for example `/Shared/Folder1/Notebook1.ipynb`. """
    display_name: str
    """ Name of the object, the last part of its path. """
    type_: WorkspaceObjectType
    """ Kind of workspace object. `FOLDER` is a directory of the contents API, `NOTEBOOK` a notebook and `FILE` a
    file; the other kinds have no contents counterpart. The service may add kinds (the SDK's summary takes any
    string); clients keep an unknown value as it was sent. """
    time_created: datetime.datetime
    """ When the object was created (RFC 3339). """
    time_updated: datetime.datetime | None | Unset = UNSET
    """ When the object was last updated (RFC 3339). """
    metadata: WorkspaceObjectSummaryMetadata | None | Unset = UNSET
    """ The object's metadata asked for with `metadataKeys`, as strings. """
    composite_etag: str | None | Unset = UNSET
    """ Entity tag over the object's data and metadata. """
    description: str | None | Unset = UNSET
    """ The user's description of the object. """
    system_tags: WorkspaceObjectSummarySystemTags | None | Unset = UNSET
    """ System tags of the object, by namespace. """
    created_by: str | None | Unset = UNSET
    """ Who created the object. """
    created_by_name: str | None | Unset = UNSET
    """ The name of who created the object. """
    updated_by: str | None | Unset = UNSET
    """ Who last updated the object. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = dict(self.additional_properties)
        path = self.path
        field_dict["path"] = path
        display_name = self.display_name
        field_dict["displayName"] = display_name
        type_ = self.type_
        field_dict["type"] = type_.value
        time_created = self.time_created
        field_dict["timeCreated"] = format_datetime(time_created)
        time_updated = self.time_updated
        if not isinstance(time_updated, Unset):
            field_dict["timeUpdated"] = (
                None if time_updated is None else format_datetime(time_updated)
            )
        metadata = self.metadata
        if not isinstance(metadata, Unset):
            field_dict["metadata"] = None if metadata is None else metadata.to_dict()
        composite_etag = self.composite_etag
        if not isinstance(composite_etag, Unset):
            field_dict["compositeEtag"] = composite_etag
        description = self.description
        if not isinstance(description, Unset):
            field_dict["description"] = description
        system_tags = self.system_tags
        if not isinstance(system_tags, Unset):
            field_dict["systemTags"] = (
                None if system_tags is None else system_tags.to_dict()
            )
        created_by = self.created_by
        if not isinstance(created_by, Unset):
            field_dict["createdBy"] = created_by
        created_by_name = self.created_by_name
        if not isinstance(created_by_name, Unset):
            field_dict["createdByName"] = created_by_name
        updated_by = self.updated_by
        if not isinstance(updated_by, Unset):
            field_dict["updatedBy"] = updated_by
        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """A WorkspaceObjectSummary from its JSON object; FieldError names the path of a misfit."""
        if not isinstance(src_dict, dict) and not isinstance(src_dict, Mapping):
            raise wrong_type("an object", src_dict)
        d = dict(src_dict)
        path = d.pop("path", UNSET)
        if not isinstance(path, str):
            raise wrong_type("a string", path, "path")

        display_name = d.pop("displayName", UNSET)
        if not isinstance(display_name, str):
            raise wrong_type("a string", display_name, "displayName")

        type_ = d.pop("type", UNSET)
        if not isinstance(type_, str):
            raise wrong_type("a string", type_, "type")
        type_ = WorkspaceObjectType(type_)

        time_created = d.pop("timeCreated", UNSET)
        time_created = parse_datetime(time_created, "timeCreated")

        time_updated = d.pop("timeUpdated", UNSET)
        if time_updated is not UNSET and time_updated is not None:
            time_updated = parse_datetime(time_updated, "timeUpdated")

        metadata = d.pop("metadata", UNSET)
        if metadata is not UNSET and metadata is not None:
            try:
                metadata = WorkspaceObjectSummaryMetadata.from_dict(metadata)
            except FieldError as error:
                raise error.within("metadata")

        composite_etag = d.pop("compositeEtag", UNSET)
        if (
            not isinstance(composite_etag, str)
            and composite_etag is not UNSET
            and composite_etag is not None
        ):
            raise wrong_type("a string", composite_etag, "compositeEtag")

        description = d.pop("description", UNSET)
        if (
            not isinstance(description, str)
            and description is not UNSET
            and description is not None
        ):
            raise wrong_type("a string", description, "description")

        system_tags = d.pop("systemTags", UNSET)
        if system_tags is not UNSET and system_tags is not None:
            try:
                system_tags = WorkspaceObjectSummarySystemTags.from_dict(system_tags)
            except FieldError as error:
                raise error.within("systemTags")

        created_by = d.pop("createdBy", UNSET)
        if (
            not isinstance(created_by, str)
            and created_by is not UNSET
            and created_by is not None
        ):
            raise wrong_type("a string", created_by, "createdBy")

        created_by_name = d.pop("createdByName", UNSET)
        if (
            not isinstance(created_by_name, str)
            and created_by_name is not UNSET
            and created_by_name is not None
        ):
            raise wrong_type("a string", created_by_name, "createdByName")

        updated_by = d.pop("updatedBy", UNSET)
        if (
            not isinstance(updated_by, str)
            and updated_by is not UNSET
            and updated_by is not None
        ):
            raise wrong_type("a string", updated_by, "updatedBy")

        workspace_object_summary = cls(
            path=path,
            display_name=display_name,
            type_=type_,
            time_created=time_created,
            time_updated=time_updated,
            metadata=metadata,
            composite_etag=composite_etag,
            description=description,
            system_tags=system_tags,
            created_by=created_by,
            created_by_name=created_by_name,
            updated_by=updated_by,
        )
        workspace_object_summary.additional_properties = d
        return workspace_object_summary

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
from ..models.workspace_object_summary_metadata import WorkspaceObjectSummaryMetadata
from ..models.workspace_object_summary_system_tags import (
    WorkspaceObjectSummarySystemTags,
)
