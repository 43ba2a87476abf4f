from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.exported_contents_format import ExportedContentsFormat
from ..types import (
    UNSET,
    FieldError,
    wrong_type,
)


@_attrs_define
class ExportedContents:
    """A notebook exported to `ipynb` or `html`."""

    name: str
    """ Name of the notebook, the last part of its path. """
    path: str
    """ Full path of the notebook in the workspace. """
    format_: ExportedContentsFormat
    """ Format actually produced, `ipynb` or `html`. The service may add formats; clients keep an unknown value as
    it was sent. """
    content: NotebookDocument | str
    """ The exported notebook. For `html`, a string holding a self-contained page (images embedded as base64). For
    `ipynb`, the SDK text says a string holding the `.ipynb` file; one client expects the notebook as a JSON object.
    Which one the service sends is unconfirmed: a reader accepts both. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = dict(self.additional_properties)
        name = self.name
        field_dict["name"] = name
        path = self.path
        field_dict["path"] = path
        format_ = self.format_
        field_dict["format"] = format_.value
        content = self.content
        field_dict["content"] = (
            content.to_dict() if isinstance(content, NotebookDocument) else content
        )
        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """A ExportedContents from its JSON object; FieldError names the path of a misfit."""
        if not isinstance(src_dict, dict) and not isinstance(src_dict, Mapping):
            raise wrong_type("an object", src_dict)
        d = dict(src_dict)
        name = d.pop("name", UNSET)
        if not isinstance(name, str):
            raise wrong_type("a string", name, "name")

        path = d.pop("path", UNSET)
        if not isinstance(path, str):
            raise wrong_type("a string", path, "path")

        format_ = d.pop("format", UNSET)
        if not isinstance(format_, str):
            raise wrong_type("a string", format_, "format")
        format_ = ExportedContentsFormat(format_)

        content = d.pop("content", UNSET)
        try:
            if not isinstance(content, str):
                raise wrong_type("a string", content, "content")

        except FieldError:
            try:
                try:
                    content = NotebookDocument.from_dict(content)
                except FieldError as error:
                    raise error.within("content")

            except FieldError:
                raise wrong_type("a string or an object", content, "content") from None

        exported_contents = cls(
            name=name,
            path=path,
            format_=format_,
            content=content,
        )
        exported_contents.additional_properties = d
        return exported_contents

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
from ..models.notebook_document import NotebookDocument
