"""The generated contents models read every form of a fact the sources show.

`Content.format` comes as JSON null or the string "NULL"; `ExportedContents.content` as
a string or a JSON object; a directory's `content` is a list. The models are generated
from openapi/notebook-sessions.yaml, so these tests hold the spec to those readings.
"""

from __future__ import annotations

import datetime
import json

import pytest
from aidp_notebook_client.models import (
    Content,
    ContentFormat,
    ContentType,
    ExportContentsDetails,
    ExportContentsDetailsFormat,
    ExportedContents,
    ModifyContentDetails,
    NotebookDocument,
    UpdateContentDetails,
)
from aidp_notebook_client.types import UNSET

NOTEBOOK = {
    "cells": [{"cell_type": "code", "source": "print(1)", "metadata": {}, "outputs": []}],
    "metadata": {"kernelspec": {"name": "python3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}
# What the Jupyter contents API answers for a notebook model without content.
WITHOUT_CONTENT = {
    "name": "a.ipynb",
    "path": "Shared/a.ipynb",
    "type": "notebook",
    "writable": True,
    "created": "2026-04-30T09:15:27.123456Z",
    "last_modified": "2026-04-30T09:16:00Z",
    "size": 72,
    "mimetype": None,
    "content": None,
    "format": None,
    "hash": None,
    "hash_algorithm": None,
}


def test_nulls_parse_as_none_and_round_trip() -> None:
    content = Content.from_dict(WITHOUT_CONTENT)
    assert content.type_ is ContentType.NOTEBOOK
    assert content.format_ is None
    assert content.mimetype is None
    assert content.content is None
    assert content.hash_ is None
    assert content.description is UNSET
    assert content.last_modified == datetime.datetime(2026, 4, 30, 9, 16, tzinfo=datetime.UTC)
    assert content.to_dict()["format"] is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("NULL", ContentFormat.NULL), ("json", ContentFormat.JSON), ("base64", ContentFormat.BASE64)],
)
def test_format_strings_parse_including_the_string_null(raw: str, expected: ContentFormat) -> None:
    content = Content.from_dict({**WITHOUT_CONTENT, "format": raw})
    assert content.format_ is expected
    assert content.to_dict()["format"] == raw


def test_unknown_format_and_type_survive() -> None:
    content = Content.from_dict({**WITHOUT_CONTENT, "format": "zip", "type": "symlink"})
    assert not content.format_.is_known  # type: ignore[union-attr]
    assert content.to_dict()["format"] == "zip"
    assert content.to_dict()["type"] == "symlink"


def test_only_name_path_and_type_are_required() -> None:
    content = Content.from_dict({"name": "d", "path": "d", "type": "directory"})
    assert content.writable is UNSET
    assert content.created is UNSET
    with pytest.raises(KeyError):
        Content.from_dict({"name": "d", "path": "d"})


def test_directory_listing_content_is_kept_as_a_list() -> None:
    entry = {**WITHOUT_CONTENT}
    content = Content.from_dict(
        {**WITHOUT_CONTENT, "type": "directory", "format": "json", "content": [entry]}
    )
    assert content.content == [entry]


@pytest.mark.parametrize("shape", ["string", "object"])
def test_exported_ipynb_content_is_a_string_or_an_object(shape: str) -> None:
    raw = json.dumps(NOTEBOOK) if shape == "string" else NOTEBOOK
    exported = ExportedContents.from_dict(
        {"name": "a.ipynb", "path": "Shared/a.ipynb", "format": "ipynb", "content": raw}
    )
    if shape == "string":
        assert exported.content == raw
    else:
        assert isinstance(exported.content, NotebookDocument)
        assert exported.content.to_dict() == NOTEBOOK
    assert exported.to_dict()["content"] == raw


def test_request_bodies_send_only_what_was_given() -> None:
    update = UpdateContentDetails.from_dict(
        {"type": "notebook", "format": "json", "content": NOTEBOOK}
    )
    assert update.to_dict() == {"type": "notebook", "format": "json", "content": NOTEBOOK}
    assert ModifyContentDetails(path="b.ipynb").to_dict() == {"path": "b.ipynb"}
    # ExportContentsDetails states its default, ipynb, on the wire.
    assert ExportContentsDetails().to_dict() == {"format": "ipynb"}
    assert ExportContentsDetails(format_=ExportContentsDetailsFormat.HTML).to_dict() == {
        "format": "html"
    }
