from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.content_format import ContentFormat
from ..models.content_type import ContentType
from ..types import UNSET, Unset

T = TypeVar("T", bound="Content")


@_attrs_define
class Content:
    """The model of a file, notebook or directory, as in the Jupyter contents API, plus `description`. The generated SDKs
    mark nine fields required; the documentation's required flags are unconfirmed, so only `name`, `path` and `type` are
    required here, and a reader must take a missing field, a JSON null and (for `format`) the string `"NULL"` alike as
    "not given".

    """

    name: str
    """ Name of the file or directory, the last part of its path. """
    path: str
    """ Full path of the file, notebook or directory in the workspace. """
    type_: ContentType
    """ Kind of model: `notebook`, `file` or `directory`. The service may add kinds; clients keep an unknown value
    as it was sent. """
    writable: bool | Unset = UNSET
    """ Whether the caller may change the file or directory. """
    created: datetime.datetime | Unset = UNSET
    """ When the file or directory was created (ISO 8601). """
    last_modified: datetime.datetime | Unset = UNSET
    """ When the file or directory was last modified (ISO 8601). """
    size: int | None | Unset = UNSET
    """ Size of the file or notebook in bytes; null for a directory, and when unknown. """
    mimetype: None | str | Unset = UNSET
    """ MIME type of a file with content, for example `text/plain` or `application/octet-stream`; null otherwise.
    """
    content: Any | Unset = UNSET
    """ The content, null unless it was asked for. A notebook: its nbformat JSON object (format `json`). A file: a
    string, its UTF-8 text (format `text`) or its bytes in base64 (format `base64`). A directory: the list of the
    models of its entries, each without content (format `json`). """
    format_: ContentFormat | None | Unset = UNSET
    """ Format of `content`: `json` for notebooks and directories, `text` or `base64` for files. Null, or the string
    `NULL`, when there is no content: both mean "no format". """
    hash_: None | str | Unset = UNSET
    """ Hex digest of the content when `hash=1` was asked for; null otherwise. """
    hash_algorithm: None | str | Unset = UNSET
    """ Name of the algorithm of `hash` (a Python `hashlib` name such as `sha256`); null when `hash` is. """
    description: None | str | Unset = UNSET
    """ The user's description of the file; not in the Jupyter contents API. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        path = self.path

        type_ = self.type_.value

        writable = self.writable

        created: str | Unset = UNSET
        if not isinstance(self.created, Unset):
            created = self.created.isoformat()

        last_modified: str | Unset = UNSET
        if not isinstance(self.last_modified, Unset):
            last_modified = self.last_modified.isoformat()

        size: int | None | Unset
        if isinstance(self.size, Unset):
            size = UNSET
        else:
            size = self.size

        mimetype: None | str | Unset
        if isinstance(self.mimetype, Unset):
            mimetype = UNSET
        else:
            mimetype = self.mimetype

        content = self.content

        format_: None | str | Unset
        if isinstance(self.format_, Unset):
            format_ = UNSET
        elif isinstance(self.format_, ContentFormat):
            format_ = self.format_.value
        else:
            format_ = self.format_

        hash_: None | str | Unset
        if isinstance(self.hash_, Unset):
            hash_ = UNSET
        else:
            hash_ = self.hash_

        hash_algorithm: None | str | Unset
        if isinstance(self.hash_algorithm, Unset):
            hash_algorithm = UNSET
        else:
            hash_algorithm = self.hash_algorithm

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "path": path,
                "type": type_,
            }
        )
        if writable is not UNSET:
            field_dict["writable"] = writable
        if created is not UNSET:
            field_dict["created"] = created
        if last_modified is not UNSET:
            field_dict["last_modified"] = last_modified
        if size is not UNSET:
            field_dict["size"] = size
        if mimetype is not UNSET:
            field_dict["mimetype"] = mimetype
        if content is not UNSET:
            field_dict["content"] = content
        if format_ is not UNSET:
            field_dict["format"] = format_
        if hash_ is not UNSET:
            field_dict["hash"] = hash_
        if hash_algorithm is not UNSET:
            field_dict["hash_algorithm"] = hash_algorithm
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        path = d.pop("path")

        type_ = ContentType(d.pop("type"))

        writable = d.pop("writable", UNSET)

        _created = d.pop("created", UNSET)
        created: datetime.datetime | Unset
        if isinstance(_created, Unset):
            created = UNSET
        else:
            created = datetime.datetime.fromisoformat(_created)

        _last_modified = d.pop("last_modified", UNSET)
        last_modified: datetime.datetime | Unset
        if isinstance(_last_modified, Unset):
            last_modified = UNSET
        else:
            last_modified = datetime.datetime.fromisoformat(_last_modified)

        def _parse_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        size = _parse_size(d.pop("size", UNSET))

        def _parse_mimetype(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        mimetype = _parse_mimetype(d.pop("mimetype", UNSET))

        content = d.pop("content", UNSET)

        def _parse_format_(data: object) -> ContentFormat | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                format_type_1 = ContentFormat(data)

                return format_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ContentFormat | None | Unset, data)

        format_ = _parse_format_(d.pop("format", UNSET))

        def _parse_hash_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hash_ = _parse_hash_(d.pop("hash", UNSET))

        def _parse_hash_algorithm(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hash_algorithm = _parse_hash_algorithm(d.pop("hash_algorithm", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        content = cls(
            name=name,
            path=path,
            type_=type_,
            writable=writable,
            created=created,
            last_modified=last_modified,
            size=size,
            mimetype=mimetype,
            content=content,
            format_=format_,
            hash_=hash_,
            hash_algorithm=hash_algorithm,
            description=description,
        )

        content.additional_properties = d
        return content

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
