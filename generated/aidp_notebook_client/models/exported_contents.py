from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.exported_contents_format import ExportedContentsFormat

if TYPE_CHECKING:
    from ..models.notebook_document import NotebookDocument


T = TypeVar("T", bound="ExportedContents")


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
        from ..models.notebook_document import NotebookDocument

        name = self.name

        path = self.path

        format_ = self.format_.value

        content: dict[str, Any] | str
        if isinstance(self.content, NotebookDocument):
            content = self.content.to_dict()
        else:
            content = self.content

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "path": path,
                "format": format_,
                "content": content,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.notebook_document import NotebookDocument

        d = dict(src_dict)
        name = d.pop("name")

        path = d.pop("path")

        format_ = ExportedContentsFormat(d.pop("format"))

        def _parse_content(data: object) -> NotebookDocument | str:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                content_type_1 = NotebookDocument.from_dict(data)

                return content_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NotebookDocument | str, data)

        content = _parse_content(d.pop("content"))

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
