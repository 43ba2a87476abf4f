"""Listing a folder when GetContent refuses to (Oracle's SDK 5.1.1): ListWorkspaceObjects.

Against the local service over loopback, signed and verified there. With
`list_directories=False` the service answers GetContent of a directory with content=1
by 400, as 5.1.1 says, and serves the entries through ListWorkspaceObjects
(`…/objects?path=/<folder>`, paged by opc-next-page) from the same tree. The helpers
list through whichever form the service takes: "auto" learns it once per client from
the first 400, "contents" and "objects" fix it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from aidp_notebook import BadRequestError
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_WORKSPACE_KEY,
    LocalNotebookService,
)
from aidp_notebook_client.models import ContentType, WorkspaceObjectType

P, W = SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY
OBJECTS = f"/20260430/aiDataPlatforms/{P}/workspaces/{W}/objects?"
NOTEBOOK = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture(scope="module")
def module_service() -> Iterator[LocalNotebookService]:
    """A 5.1.1-like service: no directory listing through GetContent, objects in pages of 2."""
    with LocalNotebookService(list_directories=False, page_size=2) as service:
        tree = {
            "tree/a.txt": b"alpha\n",
            "tree/b.bin": bytes(range(256)),
            "tree/nb.ipynb": json.dumps(NOTEBOOK).encode(),
            "tree/sub/c.txt": b"gamma\n",
            "tree/lib.whl": b"not a file of the contents API\n",
        }
        for path, data in tree.items():
            service._contents.write_bytes(path, data)
        service.set_workspace_object_type("/tree/lib.whl", "LIBRARY")
        yield service


def _operations(service: LocalNotebookService) -> list[str]:
    return [
        "ListWorkspaceObjects" if "/objects?" in r.target else f"{r.method} {r.status}"
        for r in service.requests
    ]


def test_generated_list_is_signed_paged_and_tolerant(service: LocalNotebookService) -> None:
    with service.client() as client:
        items = client.list_workspace_objects(P, W, path="/tree")
    assert [(i.display_name, i.type_) for i in items] == [
        ("a.txt", WorkspaceObjectType.FILE),
        ("b.bin", WorkspaceObjectType.FILE),
        ("lib.whl", "LIBRARY"),
        ("nb.ipynb", WorkspaceObjectType.NOTEBOOK),
        ("sub", WorkspaceObjectType.FOLDER),
    ]
    assert all(i.path == "/tree/" + i.display_name for i in items)
    assert [r.status for r in service.requests] == [200, 200, 200]  # three pages of two
    assert all(r.signature_valid for r in service.requests)
    assert service.requests[0].target == OBJECTS + "path=%2Ftree"


def test_an_unknown_object_type_is_kept_as_sent(service: LocalNotebookService) -> None:
    service.set_workspace_object_type("/tree/sub/c.txt", "SOMETHING_NEW")
    try:
        with service.client() as client:
            (item,) = client.list_workspace_objects(P, W, path="/tree/sub")
            (entry,) = client.list_directory(P, W, "tree/sub")
    finally:
        service.set_workspace_object_type("/tree/sub/c.txt", "FILE")
    assert item.type_ == "SOMETHING_NEW" and not item.type_.is_known
    assert entry.type_ == "SOMETHING_NEW" and not ContentType(entry.type_).is_known
    assert entry["workspace_object_type"] == "SOMETHING_NEW"


def test_auto_learns_objects_from_the_first_400_once_per_client(
    service: LocalNotebookService,
) -> None:
    with service.client() as client:
        assert client.directory_listing == "auto"
        entries = client.list_directory(P, W, "tree")
        assert _operations(service)[0] == "GET 400"
        assert set(_operations(service)[1:]) == {"ListWorkspaceObjects"}
        service.clear_requests()
        again = client.with_options(timeout=30).list_directory(P, W, "tree/sub")
    # Learned once: neither the client nor one derived from it asks GetContent again.
    assert _operations(service) == ["ListWorkspaceObjects"]
    kinds = {e.name: (str(e.type_), e["workspace_object_type"]) for e in entries}
    assert kinds == {
        "a.txt": ("file", "FILE"),
        "b.bin": ("file", "FILE"),
        "lib.whl": ("LIBRARY", "LIBRARY"),
        "nb.ipynb": ("notebook", "NOTEBOOK"),
        "sub": ("directory", "FOLDER"),
    }
    assert {e.path for e in entries} == {f"tree/{name}" for name in kinds}
    assert [e.name for e in again] == ["c.txt"]


def test_contents_form_keeps_the_400_and_objects_form_skips_getcontent(
    service: LocalNotebookService,
) -> None:
    with service.client(directory_listing="contents") as client:
        with pytest.raises(BadRequestError):
            client.list_directory(P, W, "tree")
        assert _operations(service) == ["GET 400"]
        service.clear_requests()
        objects = client.with_options(directory_listing="objects")
        assert objects.directory_listing == "objects"
        assert len(objects.list_directory(P, W, "tree")) == 5
    assert set(_operations(service)) == {"ListWorkspaceObjects"}


def test_a_service_that_lists_through_getcontent_is_not_asked_for_objects() -> None:
    with LocalNotebookService() as service, service.client() as client:
        service._contents.write_bytes("d/x.txt", b"x")
        assert [e.name for e in client.list_directory(P, W, "d")] == ["x.txt"]
        assert [e.name for e in client.list_directory(P, W, "d")] == ["x.txt"]
        assert "ListWorkspaceObjects" not in _operations(service)


def test_a_file_is_not_listed_as_a_directory(service: LocalNotebookService) -> None:
    with service.client(directory_listing="objects") as client:
        with pytest.raises(ValueError, match="is a file, not a directory"):
            client.list_directory(P, W, "tree/a.txt")


def test_bad_option_is_refused(service: LocalNotebookService) -> None:
    with pytest.raises(ValueError, match="directory_listing must be 'auto'"):
        service.client(directory_listing="list")
    with service.client() as client, pytest.raises(ValueError, match="directory_listing"):
        client.with_options(directory_listing="")  # type: ignore[arg-type]


def _check_download(summary: object, target: Path) -> None:
    assert summary.files == 4 and not summary.failed  # type: ignore[attr-defined]
    assert [(i.path, i.reason) for i in summary.skipped] == [  # type: ignore[attr-defined]
        (
            "lib.whl",
            "a workspace object of type 'LIBRARY', which the contents API has no file, "
            "notebook or directory for",
        )
    ]
    assert (target / "a.txt").read_bytes() == b"alpha\n"
    assert (target / "b.bin").read_bytes() == bytes(range(256))
    assert (target / "sub" / "c.txt").read_bytes() == b"gamma\n"
    assert json.loads((target / "nb.ipynb").read_text()) == NOTEBOOK
    assert not (target / "lib.whl").exists()


def test_download_and_upload_dir_sync(service: LocalNotebookService, tmp_path: Path) -> None:
    with service.client() as client:
        summary = client.download_dir(P, W, "tree", tmp_path / "down")
        _check_download(summary, tmp_path / "down")
        first = client.upload_dir(P, W, tmp_path / "down", "up-sync")
        second = client.upload_dir(P, W, tmp_path / "down", "up-sync")
    assert first.files == 4 and first.ok
    # The second run lists the folders it finds through objects, and skips what is there.
    assert second.files == 0 and len(second.skipped) == 4 and second.ok
    assert (service.contents_root / "up-sync" / "sub" / "c.txt").read_bytes() == b"gamma\n"


def test_download_and_upload_dir_async(service: LocalNotebookService, tmp_path: Path) -> None:
    async def run() -> tuple[object, object, list[str]]:
        async with service.async_client() as client:
            down = await client.download_dir(P, W, "tree", tmp_path / "down")
            up = await client.upload_dir(P, W, tmp_path / "down", "up-async")
            names = [e.name for e in await client.list_directory(P, W, "up-async")]
            return down, up, names

    down, up, names = asyncio.run(run())
    _check_download(down, tmp_path / "down")
    assert up.files == 4 and up.ok  # type: ignore[attr-defined]
    assert names == ["a.txt", "b.bin", "nb.ipynb", "sub"]
