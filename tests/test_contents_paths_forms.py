"""Forms the service and its users write, read as they are: Oracle's SDK 5.1.1 models,
notebooks as nbformat reads them, and workspace paths with or without a leading `/`.

Against the local service over loopback (signed and verified there), sync and async.
"""

from __future__ import annotations

import asyncio
import datetime
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from aidp_notebook import KernelSummary, last_activity_time
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_NOTEBOOK_PATH,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    LocalNotebookService,
)
from aidp_notebook_client.models import UpdateContentDetails

P, W = SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY


@pytest.fixture(scope="module")
def module_service() -> Iterator[LocalNotebookService]:
    with LocalNotebookService() as service:
        yield service


# -- item 6: the 5.1.1 models -------------------------------------------------------------


def test_last_activity_is_kept_as_sent_and_read_as_a_time_where_it_is_one(
    service: LocalNotebookService,
) -> None:
    odd = service.add_session(
        P, W, {"name": "odd", "kernel": {"name": "python3", "last_activity": "2 minutes ago"}}
    )
    iso = service.add_session(
        P,
        W,
        {"name": "iso", "kernel": {"name": "python3", "last_activity": "2026-12-07T10:00:00Z"}},
    )
    with service.client() as client:
        plain = client.get_session(P, W, odd["id"])
        timed = client.get_session(P, W, iso["id"])
        listed = {s.name: s for s in client.list_sessions(P, W)}
    # No kernel id (optional in 5.1.1), and a last_activity that is no date-time: both read.
    assert plain.kernel.last_activity == "2 minutes ago"  # type: ignore[union-attr]
    assert last_activity_time(plain) is None
    assert timed.kernel.last_activity == "2026-12-07T10:00:00Z"  # type: ignore[union-attr]
    assert last_activity_time(timed) == datetime.datetime(2026, 12, 7, 10, tzinfo=datetime.UTC)
    assert last_activity_time(listed["iso"].kernel) == last_activity_time(timed)
    assert listed["odd"].kernel.to_dict()["last_activity"] == "2 minutes ago"  # type: ignore[union-attr]


def test_kernel_summary_without_a_name_still_reads_and_save_type_is_optional() -> None:
    # 5.1.1 marks KernelSummary.name required; a tolerant reader still takes one without.
    assert KernelSummary.from_dict({"execution_state": "idle"}).to_dict() == {
        "execution_state": "idle"
    }
    assert KernelSummary.from_dict({"name": "python3"}).name == "python3"
    assert UpdateContentDetails.from_dict({"format": "text", "content": "x"}).to_dict() == {
        "format": "text",
        "content": "x",
    }


@pytest.mark.parametrize(("case", "sent"), [("lower", "true"), ("title", "True")])
def test_should_update_recent_spelling_is_switchable(
    service: LocalNotebookService, case: str, sent: str
) -> None:
    with service.client(boolean_header_case=case) as client:  # type: ignore[arg-type]
        assert client.boolean_header_case == case
        client.get_content(P, W, SEED_NOTEBOOK_PATH, content=0, should_update_recent=True)
        client.with_options(boolean_header_case="lower").get_content(
            P, W, SEED_NOTEBOOK_PATH, content=0, should_update_recent=False
        )

    async def run() -> None:
        async with service.async_client(boolean_header_case=case) as client:  # type: ignore[arg-type]
            await client.get_content(P, W, SEED_NOTEBOOK_PATH, content=0, should_update_recent=True)

    asyncio.run(run())
    sent_values = [r.headers.get("should-update-recent") for r in service.requests]
    assert sent_values == [sent, "false", sent]
    assert all(r.status == 200 and r.signature_valid for r in service.requests)
    with pytest.raises(ValueError, match="boolean_header_case must be 'lower'"):
        service.client(boolean_header_case="True")  # type: ignore[arg-type]


# -- item 4: notebooks as nbformat reads and writes them ------------------------------------


def test_read_notebook_is_what_nbformat_reads_and_write_is_what_it_writes(
    service: LocalNotebookService,
) -> None:
    import nbformat

    seeded = (service.contents_root / SEED_NOTEBOOK_PATH).read_text(encoding="utf-8")
    with service.client() as client:
        notebook = client.read_notebook(P, W, SEED_NOTEBOOK_PATH)
        assert notebook == nbformat.reads(seeded, as_version=4)
        intro = notebook.cells[0]
        assert intro.source == "# Sales analysis\n\nTotals by region <2026>."  # not lines
        intro.source += "!"
        notebook.cells[1].source = notebook.cells[1].source.replace("sales", "costs")
        notebook.cells.append(nbformat.v4.new_code_cell("a = 1\nb = 2"))
        before = nbformat.writes(notebook)
        client.write_notebook(P, W, "Workspace/forms-sync.ipynb", notebook)
    stored = (service.contents_root / "Workspace/forms-sync.ipynb").read_text(encoding="utf-8")
    assert stored == before + "\n"  # the file nbformat.write would write
    assert nbformat.writes(notebook) == before  # the caller's notebook is unchanged
    assert '"a = 1\\n",' in stored  # nbformat's own layout: sources as lines


def test_read_and_write_notebook_async(service: LocalNotebookService) -> None:
    import nbformat

    async def run() -> object:
        async with service.async_client() as client:
            notebook = await client.read_notebook(P, W, SEED_NOTEBOOK_PATH)
            notebook.cells[0].source += "?"
            await client.write_notebook(P, W, "Workspace/forms-async.ipynb", notebook)
            return await client.read_notebook(P, W, "Workspace/forms-async.ipynb")

    again = asyncio.run(run())
    stored = (service.contents_root / "Workspace/forms-async.ipynb").read_text(encoding="utf-8")
    assert again == nbformat.reads(stored, as_version=4)
    assert again.cells[0].source.endswith("<2026>.?")  # type: ignore[attr-defined]


# -- item 5: paths as users write them -------------------------------------------------------

CONTENTS = f"/20260430/aiDataPlatforms/{P}/workspaces/{W}/notebook/api/contents/"
OBJECTS = f"/20260430/aiDataPlatforms/{P}/workspaces/{W}/objects?"


def test_both_forms_name_one_file_and_the_relative_one_is_sent(
    service: LocalNotebookService, tmp_path: Path
) -> None:
    source = tmp_path / "x.txt"
    source.write_bytes(b"one file\n")
    (service.contents_root / "Workspace" / "paths").mkdir(exist_ok=True)
    with service.client() as client:
        session = client.get_session(P, W, SEED_SESSION_ID)
        assert session.path == "/" + SEED_NOTEBOOK_PATH  # how sessions write it
        # A session's path goes to the helpers as it is.
        assert client.read_notebook(P, W, session.path) == client.read_notebook(
            P, W, SEED_NOTEBOOK_PATH
        )
        client.upload_file(P, W, source, "/Workspace/paths/x.txt")
        back = client.download_file(P, W, "Workspace/paths/x.txt", tmp_path / "back.txt")
        client.rename_content(P, W, "Workspace/paths/x.txt", "/Workspace/paths/y.txt")
        client.with_options(content_path_encoding="path").download_file(
            P, W, "/Workspace/paths/y.txt", tmp_path / "y.txt"
        )
    assert back.read_bytes() == (tmp_path / "y.txt").read_bytes() == b"one file\n"
    targets = [r.target for r in service.requests if "/notebook/api/contents/" in r.target]
    paths = [t.split("/notebook/api/contents/", 1)[1].partition("?")[0] for t in targets]
    # The contents API takes the path relative to the root: no leading '/' is sent.
    assert "Workspace%2Fpaths%2Fx.txt" in paths and "Workspace/paths/y.txt" in paths
    assert not any(p.startswith(("%2F", "/")) for p in paths)
    assert all(r.status in (200, 201) for r in service.requests)


def test_the_top_of_the_workspace_lists_through_objects(service: LocalNotebookService) -> None:
    with service.client() as client:
        assert [e.name for e in client.list_directory(P, W, "/")] == ["Workspace"]
        assert [str(e.type_) for e in client.list_directory(P, W, "")] == ["directory"]
        inner = client.list_directory(P, W, "/Workspace/Shared")
    assert OBJECTS + "path=%2F" in [r.target for r in service.requests]
    assert {e.name for e in inner} >= {"sales-analysis.ipynb", "nightly-etl.py", "data"}

    async def run() -> list[str]:
        async with service.async_client(directory_listing="objects") as client:
            return [e.name for e in await client.list_directory(P, W, "/")]

    assert asyncio.run(run()) == ["Workspace"]
    with (
        service.client(directory_listing="contents") as client,
        pytest.raises(ValueError, match="top-level folder 'Workspace'"),
    ):
        client.list_directory(P, W, "/")


def test_objects_get_the_leading_slash_whatever_form_is_given(
    service: LocalNotebookService, tmp_path: Path
) -> None:
    with service.client(directory_listing="objects") as client:
        client.list_directory(P, W, "Workspace/Shared")
        client.list_directory(P, W, "/Workspace/Shared")
        summary = client.download_dir(P, W, "/Workspace/Shared/data", tmp_path / "data")
    assert summary.files == 1 and summary.ok
    assert (tmp_path / "data" / "sample.bin").read_bytes() == bytes(range(256))
    listed = [r.target for r in service.requests if "/objects?" in r.target]
    assert listed[:2] == [OBJECTS + "path=%2FWorkspace%2FShared"] * 2


def test_paths_that_are_still_wrong_are_refused_before_sending(
    service: LocalNotebookService,
) -> None:
    with service.client() as client:
        for bad, message in (("//Workspace", "leading '/'"), ("/a/../b", "'..' segment")):
            with pytest.raises(ValueError, match=message):
                client.read_notebook(P, W, bad)
        with pytest.raises(ValueError, match="'/' is the top of the workspace, not a file"):
            client.read_notebook(P, W, "/")
    assert service.requests == []


def test_a_save_without_type_is_sent_and_taken(service: LocalNotebookService) -> None:
    with service.client() as client:
        saved = client.update_content(
            P, W, "Workspace/no-type.txt", {"format": "text", "content": "typed by content"}
        )
    (put,) = [r for r in service.requests if r.method == "PUT"]
    assert "type" not in json.loads(put.body)
    assert str(saved.type_) == "file"
    assert (service.contents_root / "Workspace/no-type.txt").read_text() == "typed by content"
