from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.content_format import ContentFormat
from ..models.content_type import ContentType
from ..types import (
    UNSET,
    Unset,
    format_datetime,
    parse_datetime,
    wrong_type,
)


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
    writable: bool | None | Unset = UNSET
    """ Whether the caller may change the file or directory. """
    created: datetime.datetime | None | Unset = UNSET
    """ When the file or directory was created (ISO 8601). """
    last_modified: datetime.datetime | None | Unset = UNSET
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
        field_dict: dict[str, Any] = dict(self.additional_properties)
        name = self.name
        field_dict["name"] = name
        path = self.path
        field_dict["path"] = path
        type_ = self.type_
        field_dict["type"] = type_.value
        writable = self.writable
        if not isinstance(writable, Unset):
            field_dict["writable"] = writable
        created = self.created
        if not isinstance(created, Unset):
            field_dict["created"] = (
                None if created is None else format_datetime(created)
            )
        last_modified = self.last_modified
        if not isinstance(last_modified, Unset):
            field_dict["last_modified"] = (
                None if last_modified is None else format_datetime(last_modified)
            )
        size = self.size
        if not isinstance(size, Unset):
            field_dict["size"] = size
        mimetype = self.mimetype
        if not isinstance(mimetype, Unset):
            field_dict["mimetype"] = mimetype
        content = self.content
        if not isinstance(content, Unset):
            field_dict["content"] = content
        format_ = self.format_
        if not isinstance(format_, Unset):
            field_dict["format"] = (
                None
                if format_ is None
                else (format_.value if isinstance(format_, ContentFormat) else format_)
            )
        hash_ = self.hash_
        if not isinstance(hash_, Unset):
            field_dict["hash"] = hash_
        hash_algorithm = self.hash_algorithm
        if not isinstance(hash_algorithm, Unset):
            field_dict["hash_algorithm"] = hash_algorithm
        description = self.description
        if not isinstance(description, Unset):
            field_dict["description"] = description
        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """A Content from its JSON object; FieldError names the path of a misfit."""
        if not isinstance(src_dict, dict) and not isinstance(src_dict, Mapping):
            raise wrong_type("an object", src_dict)
        d = dict(src_dict)
        name = d.pop("name", UNSET)
        if not isinstance(name, str):
            raise wrong_type("a string", name, "name")

        path = d.pop("path", UNSET)
        if not isinstance(path, str):
            raise wrong_type("a string", path, "path")

        type_ = d.pop("type", UNSET)
        if not isinstance(type_, str):
            raise wrong_type("a string", type_, "type")
        type_ = ContentType(type_)

        writable = d.pop("writable", UNSET)
        if (
            not isinstance(writable, bool)
            and writable is not UNSET
            and writable is not None
        ):
            raise wrong_type("a boolean", writable, "writable")

        created = d.pop("created", UNSET)
        if created is not UNSET and created is not None:
            created = parse_datetime(created, "created")

        last_modified = d.pop("last_modified", UNSET)
        if last_modified is not UNSET and last_modified is not None:
            last_modified = parse_datetime(last_modified, "last_modified")

        size = d.pop("size", UNSET)
        if size is not UNSET and size is not None:
            if size is None:
                size = None
            else:
                if not isinstance(size, int) or isinstance(size, bool):
                    raise wrong_type("an integer", size, "size")

        mimetype = d.pop("mimetype", UNSET)
        if mimetype is not UNSET and mimetype is not None:
            if mimetype is None:
                mimetype = None
            else:
                if not isinstance(mimetype, str):
                    raise wrong_type("a string", mimetype, "mimetype")

        content = d.pop("content", UNSET)
        if content is not UNSET and content is not None:
            if content is UNSET:
                raise wrong_type("any value", content, "content")

        format_ = d.pop("format", UNSET)
        if format_ is not UNSET and format_ is not None:
            if format_ is None:
                format_ = None
            else:
                if not isinstance(format_, str):
                    raise wrong_type("a string", format_, "format")
                format_ = ContentFormat(format_)

        hash_ = d.pop("hash", UNSET)
        if hash_ is not UNSET and hash_ is not None:
            if hash_ is None:
                hash_ = None
            else:
                if not isinstance(hash_, str):
                    raise wrong_type("a string", hash_, "hash")

        hash_algorithm = d.pop("hash_algorithm", UNSET)
        if hash_algorithm is not UNSET and hash_algorithm is not None:
            if hash_algorithm is None:
                hash_algorithm = None
            else:
                if not isinstance(hash_algorithm, str):
                    raise wrong_type("a string", hash_algorithm, "hash_algorithm")

        description = d.pop("description", UNSET)
        if description is not UNSET and description is not None:
            if description is None:
                description = None
            else:
                if not isinstance(description, str):
                    raise wrong_type("a string", description, "description")

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
