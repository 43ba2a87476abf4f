"""A directory walk ends, whatever the service lists: tried as an attacker would.

Each hostile service below answers GetContent listings over loopback (signatures
checked): one lists two more subdirectories in every directory, without end; one
answers every path with the same directory; one lists entries outside the directory
asked for; one is finite but far too broad. download_dir must end with an
InvalidResponseError naming a path, after a bounded number of requests, with nothing
written; upload_dir must not take a listing of another directory as this one's. Last,
upload_dir against LocalNotebookService leaves out the temporary files a killed
download leaves behind.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from aidp_notebook import InvalidResponseError
from aidp_notebook._local_files import TEMP_PREFIX
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_WORKSPACE_KEY,
    LocalNotebookService,
)

from ._fault_servers import RawRequest
from ._listing_servers import (
    Answer,
    Answerer,
    ListingService,
    content_path,
    directory,
    entry,
    query,
)

P, W = SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY
FLAVOURS = ["sync", "async"]


def run(flavour: str, service: ListingService, method: str, *args: Any, **kwargs: Any) -> Any:
    """Call a helper on a fresh sync or async client of `service`, and close the client."""
    if flavour == "sync":
        with service.client(False) as client:
            return getattr(client, method)(*args, **kwargs)

    async def main() -> Any:
        async with service.client(True) as client:
            return await getattr(client, method)(*args, **kwargs)

    return asyncio.run(main())


def listings(service: ListingService) -> list[str]:
    return [content_path(r) for r in service.requests if query(r).get("type") == "directory"]


def two_more_everywhere(request: RawRequest) -> Answer:
    """Every directory holds `a` and `b`, with paths that are right: a tree without end."""
    path = content_path(request)
    return 200, {}, directory(path, [entry(f"{path}/a"), entry(f"{path}/b")])


def the_same_directory(request: RawRequest) -> Answer:
    """Whatever path is asked for, the answer is the directory `top` and its `a` and `b`."""
    return 200, {}, directory("top", [entry("top/a"), entry("top/b")])


def children_elsewhere(request: RawRequest) -> Answer:
    """The directory asked for, holding entries whose paths are in another directory."""
    path = content_path(request)
    return 200, {}, directory(path, [entry("elsewhere/a"), entry("elsewhere/b")])


def broad(files: int) -> Answerer:
    def answer(request: RawRequest) -> Answer:
        path = content_path(request)
        return 200, {}, directory(path, [entry(f"{path}/f{i}.txt", "file") for i in range(files)])

    return answer


def ten_broad_directories(request: RawRequest) -> Answer:
    """`top` lists ten directories, each with 300 files: 3,010 entries in all."""
    path = content_path(request)
    if path == "top":
        return 200, {}, directory(path, [entry(f"top/d{i}") for i in range(10)])
    return 200, {}, directory(path, [entry(f"{path}/f{i}.txt", "file") for i in range(300)])


def raises_naming_a_path(
    flavour: str, service: ListingService, target: Path, **kwargs: Any
) -> InvalidResponseError:
    with pytest.raises(InvalidResponseError) as caught:
        run(flavour, service, "download_dir", P, W, "top", target, **kwargs)
    assert "'top" in str(caught.value)  # the path, quoted
    assert caught.value.operation == "GetContent"
    assert not target.exists()  # the walk comes first: nothing was written
    assert not service.problems
    return caught.value


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_tree_without_end_stops_at_max_requests(flavour: str, tmp_path: Path) -> None:
    with ListingService(two_more_everywhere) as service:
        error = raises_naming_a_path(flavour, service, tmp_path / "t", max_requests=40)
    assert len(listings(service)) == 40
    assert "max_requests=40" in str(error)
    assert error.opc_request_id == "hostile-40"  # the listing that named one more


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_tree_without_end_stops_at_max_entries(flavour: str, tmp_path: Path) -> None:
    with ListingService(two_more_everywhere) as service:
        error = raises_naming_a_path(flavour, service, tmp_path / "t", max_entries=61)
    # Two entries a listing: the 31st listing brings the walk to 62 entries.
    assert len(listings(service)) == 31
    assert "max_entries=61" in str(error)


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_service_that_ignores_the_path_is_caught_at_once(flavour: str, tmp_path: Path) -> None:
    with ListingService(the_same_directory) as service:
        error = raises_naming_a_path(flavour, service, tmp_path / "t")
    assert listings(service) == ["top", "top/a"]
    assert "'top/a'" in str(error)
    assert "listed already" in str(error)


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_entries_outside_the_directory_are_refused(flavour: str, tmp_path: Path) -> None:
    with ListingService(children_elsewhere) as service:
        error = raises_naming_a_path(flavour, service, tmp_path / "t")
    assert listings(service) == ["top"]
    assert "'elsewhere/a'" in str(error)
    assert "not in that directory" in str(error)
    assert error.opc_request_id == "hostile-1"


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_finite_but_too_broad_listing_stops_at_max_entries(flavour: str, tmp_path: Path) -> None:
    with ListingService(broad(1_500)) as service:
        error = raises_naming_a_path(flavour, service, tmp_path / "t", max_entries=1_000)
    assert listings(service) == ["top"]
    assert "1500 entries" in str(error)


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_entries_count_across_the_whole_walk(flavour: str, tmp_path: Path) -> None:
    with ListingService(ten_broad_directories) as service:
        error = raises_naming_a_path(flavour, service, tmp_path / "t", max_entries=1_000)
    # 10 + 300 a directory: the fourth directory's listing goes over 1,000.
    assert listings(service) == ["top", "top/d0", "top/d1", "top/d2", "top/d3"]
    assert "'top/d3'" in str(error)


def test_the_default_bound_on_entries(tmp_path: Path) -> None:
    """100,001 entries in one listing: over the documented default of 100,000."""
    with ListingService(broad(100_001)) as service:
        error = raises_naming_a_path("sync", service, tmp_path / "t")
    assert "max_entries=100000" in str(error)


def test_a_tree_within_the_bounds_downloads(tmp_path: Path) -> None:
    """The bounds are not off by one: exactly max_requests listings still succeed."""

    def answer(request: RawRequest) -> Answer:
        path = content_path(request)
        if query(request).get("type") != "directory":
            return 200, {}, {**entry(path, "file"), "format": "text", "content": "x"}
        if path.count("/") < 2:
            return 200, {}, directory(path, [entry(f"{path}/a"), entry(f"{path}/f.txt", "file")])
        return 200, {}, directory(path, [])

    with ListingService(answer) as service:
        summary = run("sync", service, "download_dir", P, W, "top", tmp_path / "t",
                      max_requests=3, max_entries=4)  # fmt: skip
    assert summary.ok
    assert summary.files == 2
    assert (tmp_path / "t" / "a" / "f.txt").read_text() == "x"


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"max_entries": 0}, ValueError),
        ({"max_requests": -1}, ValueError),
        ({"max_entries": True}, TypeError),
        ({"max_requests": "10"}, TypeError),
    ],
)
def test_bad_bounds_are_refused_before_anything_is_sent(
    options: dict[str, Any], error: type[Exception], tmp_path: Path
) -> None:
    with ListingService(two_more_everywhere) as service:
        with pytest.raises(error, match="max_"):
            run("sync", service, "download_dir", P, W, "top", tmp_path / "t", **options)
    assert service.requests == []


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_upload_dir_does_not_take_another_directorys_listing(flavour: str, tmp_path: Path) -> None:
    """The service answers the listing of `top/sub` with `top`'s, which has an `x.txt`:
    `top/sub/x.txt` is not there, and must be uploaded, not skipped."""
    uploaded: list[str] = []

    def answer(request: RawRequest) -> Answer:
        path = content_path(request)
        if request.method == "PUT":
            uploaded.append(path)
            return 200, {}, entry(path, "directory" if b'"directory"' in request.body else "file")
        if query(request).get("type") == "directory":
            return 200, {}, directory("top", [entry("top/x.txt", "file"), entry("top/sub")])
        return 404, {}, {"code": "NotAuthorizedOrNotFound", "message": "no such file"}

    local = tmp_path / "local"
    (local / "sub").mkdir(parents=True)
    (local / "sub" / "x.txt").write_text("new")
    with ListingService(answer) as service:
        summary = run(flavour, service, "upload_dir", P, W, local, "top")
    assert summary.ok
    assert summary.files == 1
    assert summary.skipped == []
    assert "top/sub/x.txt" in uploaded


# -- what a killed download leaves behind is not uploaded ------------------------------------


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_upload_dir_skips_the_temporary_files_of_a_killed_download(
    flavour: str, service: LocalNotebookService, tmp_path: Path
) -> None:
    """A download writes `.~aidp-*` beside its target and renames it; killed, it leaves
    the temporary file. upload_dir must not send it: it is reported as skipped."""
    local = tmp_path / "tree"
    (local / "sub").mkdir(parents=True)
    (local / "a.txt").write_text("a")
    (local / "sub" / "b.txt").write_text("b")
    leftovers = []
    for folder in (local, local / "sub"):
        fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
        os.write(fd, b"half a download")
        os.close(fd)
        leftovers.append(Path(name).relative_to(local).as_posix())
    remote = f"leftovers-{flavour}"
    make = service.client if flavour == "sync" else service.async_client

    async def upload_async() -> Any:
        async with make() as client:
            return await client.upload_dir(P, W, local, remote)

    if flavour == "sync":
        with make() as client:
            summary = client.upload_dir(P, W, local, remote)
    else:
        summary = asyncio.run(upload_async())
    assert summary.ok
    assert summary.files == 2
    assert sorted(issue.path for issue in summary.skipped) == sorted(leftovers)
    assert {issue.reason for issue in summary.skipped} == {
        "a temporary file of an unfinished download"
    }
    on_service = service.contents_root / remote
    stored = sorted(p.relative_to(on_service).as_posix() for p in on_service.rglob("*"))
    assert stored == ["a.txt", "sub", "sub/b.txt"]
