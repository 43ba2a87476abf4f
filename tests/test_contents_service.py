"""The local service's contents resource, over real signed HTTP.

Every request is signed by `OCIAuth` (the `oci` API-key signer for the service's own key)
and sent with httpx over loopback; requests whose target httpx would normalise (raw `..`
segments) go out on a raw connection, signed over exactly the bytes sent. The files
live in a real directory, so the tests also look at the disk: what a round trip wrote,
that a refused request wrote nothing, and that nothing escaped the contents root.
"""

from __future__ import annotations

import base64
import email.utils
import errno
import gc
import hashlib
import http.client
import itertools
import json
import os
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import oci
import pytest
from aidp_notebook import OCIAuth
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_NOTEBOOK_PATH,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    LocalNotebookService,
)
from aidp_notebook.testing._contents import api_error_for
from aidp_notebook_client.models import Content
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oci._vendor.requests.structures import CaseInsensitiveDict

P, W = SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY
API = f"/20260430/aiDataPlatforms/{P}/workspaces/{W}/notebook/api"
NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "id": "m", "metadata": {}, "source": "# Title\n\nSome *text*."},
        {
            "cell_type": "code",
            "execution_count": 1,
            "id": "c",
            "metadata": {"tags": ["x"]},
            "outputs": [{"name": "stdout", "output_type": "stream", "text": ["é 🎉\n"]}],
            "source": ["print('é 🎉')\n", "x = 1"],
        },
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "name": "python3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}
_fresh = itertools.count()


def signer_of(svc: LocalNotebookService) -> Any:
    config = svc.config
    return oci.signer.Signer(
        config["tenancy"], config["user"], config["fingerprint"], None,
        private_key_content=config["key_content"],
    )  # fmt: skip


def quote(path: str, literal: bool = False) -> str:
    """contentPath on the wire: one segment with %2F, or `/` sent literally."""
    if literal:
        return "/".join(urllib.parse.quote(name, safe="") for name in path.split("/"))
    return urllib.parse.quote(path, safe="")


class Contents:
    """Signed calls to the contents routes of one service."""

    def __init__(self, svc: LocalNotebookService, literal: bool = False) -> None:
        self.svc = svc
        self.literal = literal
        self.http = httpx.Client(auth=OCIAuth(signer_of(svc)), timeout=10)

    def url(self, path: str, *, export: bool = False, literal: bool | None = None) -> str:
        route = "actions/export/contents" if export else "contents"
        form = self.literal if literal is None else literal
        return f"{self.svc.endpoint}{API}/{route}/{quote(path, form)}"

    def get(self, path: str, literal: bool | None = None, **params: Any) -> httpx.Response:
        return self.http.get(self.url(path, literal=literal), params=params)

    def put(self, path: str, body: Any, **headers: str) -> httpx.Response:
        return self.http.put(self.url(path), json=body, headers=headers)

    def post(self, path: str, body: Any, **headers: str) -> httpx.Response:
        return self.http.post(self.url(path), json=body, headers=headers)

    def patch(self, path: str, new_path: str, **headers: str) -> httpx.Response:
        return self.http.patch(self.url(path), json={"path": new_path}, headers=headers)

    def delete(self, path: str, **headers: str) -> httpx.Response:
        return self.http.delete(self.url(path), headers=headers)

    def export(self, path: str, body: Any) -> httpx.Response:
        return self.http.post(self.url(path, export=True), json=body)

    def save_text(self, path: str, text: str) -> httpx.Response:
        return self.put(path, {"type": "file", "format": "text", "content": text})

    def mkdir(self, path: str) -> httpx.Response:
        return self.put(path, {"type": "directory"})


class _RawRequest:
    """What the oci signer reads from a request, with the target exactly as it will be sent."""

    def __init__(self, method: str, url: str, target: str, body: bytes | None) -> None:
        self.method = method
        self.url = url
        self.path_url = target
        self.body = body
        self.headers: CaseInsensitiveDict = CaseInsensitiveDict()
        if body is not None:
            self.headers["content-type"] = "application/json"
            self.headers["content-length"] = str(len(body))


def raw_call(
    svc: LocalNotebookService, signer: Any, method: str, target: str, body: bytes | None = None
) -> tuple[int, dict[str, Any]]:
    """Send a signed request whose target no HTTP client would leave alone (`..`, `.`)."""
    host = svc.endpoint.split("//", 1)[1].split("/", 1)[0]
    request = _RawRequest(method, f"http://{host}{target}", target, body)
    signer(request)
    connection = http.client.HTTPConnection(host, timeout=10)
    try:
        connection.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        connection.putheader("host", host)
        for name, value in request.headers.items():
            if name.lower() != "host":
                connection.putheader(name, value)
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        connection.close()


@pytest.fixture(scope="module")
def svc() -> Iterator[LocalNotebookService]:
    with LocalNotebookService() as service:
        yield service


@pytest.fixture(scope="module")
def api(svc: LocalNotebookService) -> Iterator[Contents]:
    client = Contents(svc)
    yield client
    client.http.close()


@pytest.fixture(scope="module")
def signer(svc: LocalNotebookService) -> Any:
    return signer_of(svc)


@pytest.fixture(scope="module")
def literal_api(svc: LocalNotebookService) -> Iterator[Contents]:
    client = Contents(svc, literal=True)
    yield client
    client.http.close()


@pytest.fixture
def base(svc: LocalNotebookService, api: Contents) -> str:
    """A fresh directory for one test, so tests sharing the service cannot collide."""
    path = f"t{next(_fresh)}"
    assert api.mkdir(path).status_code == 201
    return path


def disk(svc: LocalNotebookService, path: str) -> Path:
    return svc.contents_root / path


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


# -- round trips ------------------------------------------------------------------------------


def test_text_round_trip_is_byte_exact(svc: LocalNotebookService, api: Contents, base: str):
    text = "line one\r\nline\ttwo\nünïcødé 🎉 \u2028 \x00 end without newline"
    path = f"{base}/notes.txt"
    saved = api.save_text(path, text)
    assert saved.status_code == 201, saved.text
    assert disk(svc, path).read_bytes() == text.encode("utf-8")
    got = api.get(path, hash=1)
    assert got.status_code == 200
    model = got.json()
    assert (model["type"], model["format"], model["mimetype"]) == ("file", "text", "text/plain")
    assert model["content"] == text
    assert model["size"] == len(text.encode("utf-8"))
    assert model["hash"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert model["hash_algorithm"] == "sha256"
    assert Content.from_dict(model).path == path


def test_binary_round_trip_through_base64(svc: LocalNotebookService, api: Contents, base: str):
    data = bytes(range(256)) * 3 + b"\xff\xfe not utf-8 \xc3"
    path = f"{base}/blob.bin"
    encoded = base64.b64encode(data).decode("ascii")
    assert (
        api.put(path, {"type": "file", "format": "base64", "content": encoded}).status_code == 201
    )
    assert disk(svc, path).read_bytes() == data
    model = api.get(path).json()  # no format asked: not UTF-8, so base64
    assert (model["format"], model["mimetype"]) == ("base64", "application/octet-stream")
    assert base64.b64decode(model["content"]) == data
    refused = api.get(path, format="text")
    assert refused.status_code == 400
    assert refused.json()["reason"] == "bad format"
    # MIME-style line breaks in base64 are accepted.
    wrapped = "\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76))
    assert (
        api.put(path, {"type": "file", "format": "base64", "content": wrapped}).status_code == 200
    )
    assert disk(svc, path).read_bytes() == data


def test_utf8_text_can_be_read_as_base64_too(api: Contents, base: str):
    path = f"{base}/a.csv"
    api.save_text(path, "a,b\n1,2\n")
    model = api.get(path, format="base64").json()
    assert base64.b64decode(model["content"]) == b"a,b\n1,2\n"
    assert model["mimetype"] == "text/csv"


def test_notebook_round_trip(svc: LocalNotebookService, api: Contents, base: str):
    path = f"{base}/analysis.ipynb"
    saved = api.put(path, {"type": "notebook", "format": "json", "content": NOTEBOOK})
    assert saved.status_code == 201, saved.text
    model = api.get(path).json()
    assert (model["type"], model["format"], model["mimetype"]) == ("notebook", "json", None)
    assert model["content"] == NOTEBOOK
    # On disk as nbformat writes it; read as a file, those bytes come back exactly.
    on_disk = disk(svc, path).read_bytes()
    assert json.loads(on_disk) == NOTEBOOK
    assert on_disk.endswith(b"}\n") and b'\n "cells": [' in on_disk
    as_file = api.get(path, type="file").json()
    assert as_file["type"] == "file"
    assert as_file["content"].encode("utf-8") == on_disk
    # Text asked for a notebook without a type: the file, not a 400.
    assert api.get(path, format="text").json()["content"].encode("utf-8") == on_disk


def test_a_notebook_file_saved_as_text_is_kept_byte_exact(
    svc: LocalNotebookService, api: Contents, base: str
):
    raw = '{\n    "cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 2\n}'
    path = f"{base}/handmade.ipynb"
    assert api.save_text(path, raw).status_code == 201
    assert disk(svc, path).read_bytes() == raw.encode()
    assert api.get(path).json()["content"]["nbformat_minor"] == 2


def test_content_zero_and_null_fields(api: Contents, base: str):
    path = f"{base}/a.txt"
    api.save_text(path, "x")
    model = api.get(path, content=0).json()
    assert model["content"] is None
    assert model["format"] is None
    assert model["mimetype"] is None
    assert model["hash"] is None and model["hash_algorithm"] is None
    assert model["description"] is None
    parsed = Content.from_dict(model)
    assert parsed.format_ is None
    assert parsed.size == 1
    assert parsed.last_modified.tzinfo is not None  # type: ignore[union-attr]


def test_get_headers_etag_and_last_modified(api: Contents, base: str):
    path = f"{base}/a.txt"
    api.save_text(path, "x")
    got = api.get(path)
    assert got.headers["etag"]
    modified = email.utils.parsedate_to_datetime(got.headers["last-modified"])
    assert modified.tzinfo is not None
    assert got.headers["opc-request-id"]


# -- create, replace, rename, delete ----------------------------------------------------------


def test_put_creates_with_201_then_replaces_with_200(
    svc: LocalNotebookService, api: Contents, base: str
):
    path = f"{base}/sub dir/file #1.txt"
    assert api.mkdir(f"{base}/sub dir").status_code == 201
    first = api.save_text(path, "one")
    assert first.status_code == 201
    second = api.save_text(path, "two")
    assert second.status_code == 200
    assert first.headers["etag"] != second.headers["etag"]
    for response in (first, second):
        assert response.headers["opc-work-request-id"].startswith("ocid1.workrequest.")
        location = urllib.parse.urlsplit(response.headers["location"])
        assert location.path.endswith("/contents/" + quote(path))
    assert disk(svc, path).read_text() == "two"
    assert api.mkdir(f"{base}/sub dir").status_code == 200  # already there


def test_put_refusals_leave_the_file_as_it_was(svc: LocalNotebookService, api: Contents, base: str):
    path = f"{base}/keep.txt"
    api.save_text(path, "original")
    api.mkdir(f"{base}/dir")
    refusals = [
        (path, {"type": "file", "format": "base64", "content": "not base64!"}, 400),
        (path, {"type": "file", "format": "text"}, 400),  # no content
        (path, {"type": "file", "content": "x"}, 400),  # no format
        (path, {"type": "file", "format": "json", "content": "x"}, 400),
        (path, {"type": "file", "format": "text", "content": 5}, 400),
        (path, {"type": "notebook", "content": "[]"}, 400),  # not a JSON object
        (path, {"type": "notebook", "format": "text", "content": {}}, 400),
        (path, {"type": "directory"}, 400),  # a file is there
        (path, {"type": "symlink", "content": "x"}, 400),
        (path, {"content": "x"}, 400),  # no type (optional in 5.1.1: a file), no format
        (path, {"type": 5}, 400),
        (path, {"type": "file", "format": "text", "content": "x", "copy_from": "a"}, 400),
        (f"{base}/dir", {"type": "file", "format": "text", "content": "x"}, 400),
        (f"{base}/missing/new.txt", {"type": "file", "format": "text", "content": "x"}, 404),
        (f"{base}/keep.txt/below.txt", {"type": "file", "format": "text", "content": "x"}, 400),
    ]
    for target, body, status in refusals:
        response = api.put(target, body)
        assert response.status_code == status, (body, response.text)
        assert response.json()["code"] in ("InvalidParameter", "NotAuthorizedOrNotFound")
    assert api.http.put(api.url(path), content=b"{not json").status_code == 400
    assert disk(svc, path).read_text() == "original"
    assert files_under(disk(svc, base)) == {"keep.txt", "dir"}  # no temporary files left


def test_if_match_guards_every_write(svc: LocalNotebookService, api: Contents, base: str):
    path = f"{base}/guarded.txt"
    etag = api.save_text(path, "v1").headers["etag"]
    assert api.get(path).headers["etag"] == etag
    body = {"type": "file", "format": "text", "content": "v2"}
    updated = api.put(path, body, **{"if-match": etag})
    assert updated.status_code == 200
    # The first etag is stale now: every guarded write is refused and changes nothing.
    stale = {"if-match": etag}
    assert api.put(path, {**body, "content": "v3"}, **stale).status_code == 412
    assert api.patch(path, f"{base}/moved.txt", **stale).status_code == 412
    assert api.delete(path, **stale).status_code == 412
    assert disk(svc, path).read_text() == "v2"
    current = updated.headers["etag"]
    assert (
        api.put(path, {**body, "content": "v3"}, **{"if-match": f'"{current}"'}).status_code == 200
    )
    assert api.put(path, {**body, "content": "v4"}, **{"if-match": "*"}).status_code == 200
    assert api.put(path, body, **{"if-match": "a, b"}).status_code == 412
    # Nothing there: no etag matches, not even "*", and nothing is created.
    missing = f"{base}/missing.txt"
    refused = api.put(missing, body, **{"if-match": "*"})
    assert refused.status_code == 412
    assert refused.json()["code"] == "NoEtagMatch"
    assert not disk(svc, missing).exists()


def test_etag_follows_the_content_not_the_clock(api: Contents, base: str):
    path = f"{base}/same.txt"
    first = api.save_text(path, "same").headers["etag"]
    assert api.save_text(path, "same").headers["etag"] == first
    assert api.save_text(path, "other").headers["etag"] != first


def test_rename_moves_and_refuses_conflicts(svc: LocalNotebookService, api: Contents, base: str):
    api.save_text(f"{base}/a.txt", "A")
    api.save_text(f"{base}/b.txt", "B")
    conflict = api.patch(f"{base}/a.txt", f"{base}/b.txt")
    assert conflict.status_code == 409
    assert disk(svc, f"{base}/a.txt").read_text() == "A"
    assert disk(svc, f"{base}/b.txt").read_text() == "B"
    api.mkdir(f"{base}/sub")
    moved = api.patch(f"{base}/a.txt", f"/{base}/sub/c.txt/")  # leading and trailing "/"
    assert moved.status_code == 200, moved.text
    assert moved.json()["path"] == f"{base}/sub/c.txt"
    assert moved.json()["content"] is None
    assert urllib.parse.unquote(moved.headers["location"]).endswith(f"/contents/{base}/sub/c.txt")
    assert api.get(f"{base}/a.txt").status_code == 404
    assert api.get(f"{base}/sub/c.txt").json()["content"] == "A"
    assert api.patch(f"{base}/b.txt", f"{base}/nowhere/b.txt").status_code == 404
    assert api.patch(f"{base}/sub", f"{base}/sub/inner").status_code == 400
    assert api.patch(f"{base}/missing.txt", f"{base}/x.txt").status_code == 404
    same = api.http.patch(api.url(f"{base}/b.txt"), json={})  # no new path: nothing moves
    assert same.status_code == 200
    assert same.json()["path"] == f"{base}/b.txt"
    assert api.http.patch(api.url(f"{base}/b.txt"), json={"path": 7}).status_code == 400


def test_rename_of_a_directory_moves_its_tree(svc: LocalNotebookService, api: Contents, base: str):
    api.mkdir(f"{base}/old")
    api.save_text(f"{base}/old/x.txt", "x")
    assert api.patch(f"{base}/old", f"{base}/new").status_code == 200
    assert api.get(f"{base}/new/x.txt").json()["content"] == "x"
    assert not disk(svc, f"{base}/old").exists()


def test_delete(svc: LocalNotebookService, api: Contents, base: str):
    api.save_text(f"{base}/a.txt", "A")
    gone = api.delete(f"{base}/a.txt")
    assert gone.status_code == 204
    assert gone.content == b""
    assert urllib.parse.unquote(gone.headers["location"]).endswith(f"/contents/{base}/a.txt")
    assert gone.headers["opc-work-request-id"]
    assert api.get(f"{base}/a.txt").status_code == 404
    assert api.delete(f"{base}/a.txt").status_code == 404
    api.mkdir(f"{base}/full")
    api.save_text(f"{base}/full/keep.txt", "k")
    refused = api.delete(f"{base}/full")
    assert refused.status_code == 409
    assert "not empty" in refused.json()["message"]
    assert disk(svc, f"{base}/full/keep.txt").read_text() == "k"
    assert api.delete(f"{base}/full/keep.txt").status_code == 204
    assert api.delete(f"{base}/full").status_code == 204
    assert api.delete("").status_code == 400  # the root


def test_recursive_delete_when_chosen(tmp_path: Path):
    with LocalNotebookService(contents_root=tmp_path, recursive_delete=True) as svc:
        api = Contents(svc)
        api.mkdir("tree")
        api.mkdir("tree/deeper")
        api.save_text("tree/deeper/x.txt", "x")
        assert api.delete("tree").status_code == 204
        assert not (tmp_path / "tree").exists()


def test_post_creates_untitled_files_folders_and_notebooks(
    svc: LocalNotebookService, api: Contents, base: str
):
    names = []
    for body in ({}, {}, {"type": "notebook"}, {"type": "notebook"}, {"ext": ".ipynb"},
                 {"type": "directory"}, {"type": "directory"}, {"ext": ".py"},
                 {"type": "unheard-of", "ext": ".txt"}):  # fmt: skip
        created = api.post(base, body)
        assert created.status_code == 201, created.text
        assert created.headers["etag"] and created.headers["location"]
        assert created.json()["content"] is None
        names.append(created.json()["name"])
    assert names == [
        "untitled", "untitled1", "Untitled.ipynb", "Untitled1.ipynb", "Untitled2.ipynb",
        "Untitled Folder", "Untitled Folder 1", "untitled.py", "untitled.txt",
    ]  # fmt: skip
    notebook = api.get(f"{base}/Untitled.ipynb").json()
    assert notebook["content"] == {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    assert disk(svc, f"{base}/Untitled Folder").is_dir()
    assert disk(svc, f"{base}/untitled").read_bytes() == b""


def test_post_copies_a_notebook(svc: LocalNotebookService, api: Contents, base: str):
    api.put(f"{base}/nb.ipynb", {"type": "notebook", "content": NOTEBOOK})
    api.mkdir(f"{base}/into")
    copies = [api.post(f"{base}/into", {"copy_from": f"{base}/nb.ipynb"}) for _ in range(2)]
    assert [c.json()["name"] for c in copies] == ["nb.ipynb", "nb-Copy1.ipynb"]
    beside = api.post(base, {"copy_from": f"/{base}/nb.ipynb", "type": "directory"})
    assert beside.json()["path"] == f"{base}/nb-Copy1.ipynb"
    assert api.get(beside.json()["path"]).json()["content"] == NOTEBOOK
    again = api.post(base, {"copy_from": f"{base}/nb-Copy1.ipynb"})  # a copy of a copy
    assert again.json()["name"] == "nb-Copy2.ipynb"
    api.save_text(f"{base}/archive.tar.gz", "x")
    assert api.post(base, {"copy_from": f"{base}/archive.tar.gz"}).json()["name"] == (
        "archive-Copy1.tar.gz"
    )
    assert api.post(base, {"copy_from": f"{base}/into"}).status_code == 400
    assert api.post(base, {"copy_from": f"{base}/missing.ipynb"}).status_code == 404
    assert api.post(base, {"copy_from": "../outside.ipynb"}).status_code == 400


def test_post_refusals(svc: LocalNotebookService, api: Contents, base: str):
    api.save_text(f"{base}/file.txt", "x")
    before = files_under(disk(svc, base))
    assert api.post(f"{base}/file.txt", {}).status_code == 400  # a file: use PUT
    assert api.post(f"{base}/missing", {}).status_code == 404
    assert api.post(base, {"ext": "/../../evil"}).status_code == 400
    assert api.post(base, {"ext": ".t\nxt"}).status_code == 400
    assert api.post(base, {"type": 1}).status_code == 400
    assert api.http.post(api.url(base), content=b"[]").status_code == 400
    assert files_under(disk(svc, base)) == before


def test_retry_token_replays_the_first_create(svc: LocalNotebookService, api: Contents, base: str):
    token = {"opc-retry-token": f"token-{base}"}
    first = api.post(base, {"type": "notebook"}, **token)
    again = api.post(base, {"type": "notebook"}, **token)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert files_under(disk(svc, base)) == {"Untitled.ipynb"}
    assert api.post(base, {"type": "file"}, **token).status_code == 409
    assert api.post(base, {}, **{"opc-retry-token": "x" * 65}).status_code == 400


# -- reading and listing ----------------------------------------------------------------------


def test_directory_listing_of_250_entries(svc: LocalNotebookService, api: Contents, base: str):
    root = disk(svc, base)
    expected = {}
    for number in range(250):
        name = f"file {number:03d}" + (".ipynb" if number % 10 == 0 else ".txt")
        (root / name).write_bytes(b"{}" if name.endswith(".ipynb") else b"x" * number)
        expected[name] = "notebook" if name.endswith(".ipynb") else "file"
    (root / "folder").mkdir()
    expected["folder"] = "directory"
    (root / ".~aidp-half-written").write_bytes(b"partial")  # a write in progress
    os.mkfifo(root / "pipe")  # reading it would block: neither listed nor served
    listing = api.get(base)
    assert listing.status_code == 200
    model = listing.json()
    assert (model["type"], model["format"], model["size"]) == ("directory", "json", None)
    entries = model["content"]
    assert [entry["name"] for entry in entries] == sorted(expected)
    for entry in entries:
        assert entry["type"] == expected[entry["name"]]
        assert entry["path"] == f"{base}/{entry['name']}"
        assert entry["content"] is None and entry["format"] is None
        if entry["type"] == "file":
            assert entry["size"] == int(entry["name"][5:8])
        Content.from_dict(entry)
    metadata = api.get(base, content=0).json()
    assert metadata["content"] is None
    assert api.get(f"{base}/pipe").status_code == 404


def test_query_parameter_refusals(api: Contents, base: str):
    api.save_text(f"{base}/a.txt", "x")
    api.mkdir(f"{base}/d")
    cases = [
        (f"{base}/a.txt", {"type": "bogus"}, "bad type"),
        (f"{base}/a.txt", {"format": "bogus"}, "bad format"),
        (f"{base}/a.txt", {"type": "directory"}, "bad type"),
        (f"{base}/a.txt", {"type": "notebook"}, "bad type"),  # not notebook JSON
        (f"{base}/a.txt", {"format": "json"}, "bad format"),
        (f"{base}/d", {"type": "file"}, "bad type"),
        (f"{base}/d", {"format": "text"}, "bad format"),
        (f"{base}/a.txt", {"content": 2}, None),
        (f"{base}/a.txt", {"hash": "yes"}, None),
    ]
    for path, params, reason in cases:
        response = api.get(path, **params)
        assert response.status_code == 400, (params, response.text)
        assert response.json().get("reason") == reason
        assert response.json()["code"] == "InvalidParameter"
    twice = api.http.get(api.url(f"{base}/a.txt") + "?type=file&type=file")
    assert twice.status_code == 400


def test_unknown_query_parameters_are_ignored(api: Contents, base: str):
    api.save_text(f"{base}/a.txt", "x")
    assert api.get(f"{base}/a.txt", other="1").json()["content"] == "x"


def test_root_lists_the_seeded_workspace(api: Contents):
    root = api.http.get(f"{api.svc.endpoint}{API}/contents/")
    assert root.status_code == 200
    assert "Workspace" in {entry["name"] for entry in root.json()["content"]}
    assert root.json()["path"] == ""
    bare = api.http.get(f"{api.svc.endpoint}{API}/contents")
    assert bare.json()["path"] == ""


# -- the switches for what the sources leave open ---------------------------------------------


def test_null_format_as_the_string_null():
    with LocalNotebookService(null_format="NULL") as svc:
        api = Contents(svc)
        model = api.get(SEED_NOTEBOOK_PATH, content=0).json()
        assert model["format"] == "NULL"
        entries = api.get("Workspace/Shared").json()["content"]
        assert {entry["format"] for entry in entries} == {"NULL"}
        assert api.get(SEED_NOTEBOOK_PATH).json()["format"] == "json"
        assert Content.from_dict(model).format_ == "NULL"


def test_directory_listing_can_be_refused():
    with LocalNotebookService(list_directories=False) as svc:
        api = Contents(svc)
        refused = api.get("Workspace/Shared")
        assert refused.status_code == 400
        assert refused.json()["reason"] == "bad type"
        assert api.get("Workspace/Shared", content=0).status_code == 200


def test_options_are_checked(tmp_path: Path):
    with pytest.raises(ValueError, match="null_format"):
        LocalNotebookService(null_format="null")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="export_ipynb_as"):
        LocalNotebookService(export_ipynb_as="dict")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a directory"):
        LocalNotebookService(contents_root=tmp_path / "missing")


def test_a_given_root_is_used_as_it_is_and_not_seeded(tmp_path: Path):
    (tmp_path / "mine.txt").write_text("mine")
    with LocalNotebookService(contents_root=tmp_path) as svc:
        api = Contents(svc)
        assert svc.contents_root == tmp_path.resolve()
        assert [e["name"] for e in api.get("").json()["content"]] == ["mine.txt"]
        api.save_text("new.txt", "new")
    assert (tmp_path / "new.txt").read_text() == "new"


# -- export -----------------------------------------------------------------------------------


def test_export_ipynb_is_the_file_as_a_string(svc: LocalNotebookService, api: Contents, base: str):
    path = f"{base}/nb.ipynb"
    api.put(path, {"type": "notebook", "content": NOTEBOOK})
    for body in ({}, {"format": "ipynb"}, {"format": None}):
        exported = api.export(path, body)
        assert exported.status_code == 200, exported.text
        assert exported.headers["etag"] == api.get(path).headers["etag"]
        result = exported.json()
        assert (result["name"], result["path"], result["format"]) == ("nb.ipynb", path, "ipynb")
        assert result["content"].encode("utf-8") == disk(svc, path).read_bytes()


def test_export_ipynb_as_an_object_when_chosen():
    with LocalNotebookService(export_ipynb_as="object") as svc:
        exported = Contents(svc).export(SEED_NOTEBOOK_PATH, {}).json()
        assert isinstance(exported["content"], dict)
        assert exported["content"]["nbformat"] == 4


def test_export_html_is_one_safe_page(api: Contents, base: str):
    hostile = {
        **NOTEBOOK,
        "cells": [
            *NOTEBOOK["cells"],
            {"cell_type": "markdown", "metadata": {}, "source": "<script>alert(1)</script>"},
            {
                "cell_type": "code", "execution_count": None, "metadata": {},
                "source": "display(HTML(...))",
                "outputs": [
                    {"output_type": "display_data", "metadata": {},
                     "data": {"text/html": "<script>alert(2)</script><b>bold</b>"}},
                    {"output_type": "display_data", "metadata": {},
                     "data": {"image/png": "iVBORw0KGgo=\n", "text/plain": "<img>"}},
                    {"output_type": "display_data", "metadata": {},
                     "data": {"image/png": '" onerror="alert(3)', "text/plain": "fallback"}},
                    {"output_type": "error", "ename": "E", "evalue": "v",
                     "traceback": ["\x1b[31mred\x1b[0m trace"]},
                ],
            },
            "not a cell",
        ],
    }  # fmt: skip
    path = f"{base}/page.ipynb"
    api.put(path, {"type": "notebook", "content": hostile})
    exported = api.export(path, {"format": "html"}).json()
    assert exported["format"] == "html"
    page = exported["content"]
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page
    assert "onerror=" not in page.replace("&quot;", "").replace(" onerror=&", "")
    assert "<h1>Title</h1>" in page
    assert "print(&#x27;é 🎉&#x27;)" in page
    assert '<img src="data:image/png;base64,iVBORw0KGgo="' in page
    assert "<pre>fallback</pre>" in page  # an image that is not base64 falls back to text
    assert '<iframe sandbox="" srcdoc="&lt;script&gt;' in page
    assert "red trace" in page and "\x1b" not in page
    assert "<title>page.ipynb</title>" in page


def test_export_refusals(api: Contents, base: str):
    api.save_text(f"{base}/a.txt", "x")
    api.put(f"{base}/nb.ipynb", {"type": "notebook", "content": NOTEBOOK})
    assert api.export(f"{base}/a.txt", {}).status_code == 400
    assert api.export(base, {}).status_code == 400
    assert api.export(f"{base}/missing.ipynb", {}).status_code == 404
    bad = api.export(f"{base}/nb.ipynb", {"format": "pdf"})
    assert bad.status_code == 400
    assert bad.json()["reason"] == "bad format"
    assert api.http.get(api.url(f"{base}/nb.ipynb", export=True)).status_code == 405


# -- paths: both wire forms, and no way out of the root ----------------------------------------


def test_both_wire_forms_name_the_same_file(svc: LocalNotebookService, base: str):
    encoded, literal = Contents(svc), Contents(svc, literal=True)
    path = f"{base}/a b/c+d.txt"
    literal.mkdir(f"{base}/a b")
    saved = literal.save_text(path, "same")
    assert saved.status_code == 201
    # Location answers in the form the client used.
    assert saved.headers["location"].endswith("/contents/" + quote(path, literal=True))
    assert encoded.get(path).json()["content"] == "same"
    moved = encoded.patch(path, f"{base}/moved.txt")
    assert moved.headers["location"].endswith("/contents/" + quote(f"{base}/moved.txt"))
    assert literal.get(f"{base}/moved.txt").json()["path"] == f"{base}/moved.txt"


HOSTILE_TARGETS = [
    "..", "../..", "a/../../..", "%2E%2E", "%2e%2e%2F%2e%2e%2Fetc%2Fpasswd", "x%2F..%2F..%2Fy",
    "%2F%2E%2E%2Fsecret", "a%00b", "a%0Ab", "%7F", "a%2F%2Fb", "a//b", "%ZZ", "%FF%FE", "%C3",
    "./secret", ".",
    # These stay inside the root once resolved, but a `..` segment is refused all the same.
    "a%2F..%2Fb", "a/../b", "a/%2e%2E/b",
]  # fmt: skip


@pytest.mark.parametrize("tail", HOSTILE_TARGETS)
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
def test_hostile_paths_are_refused_before_the_disk(
    svc: LocalNotebookService, signer: Any, method: str, tail: str
):
    before = files_under(svc.contents_root)
    body = {"GET": None, "DELETE": None}.get(
        method, json.dumps({"type": "directory", "path": "z"}).encode()
    )
    status, error = raw_call(svc, signer, method, f"{API}/contents/{tail}", body)
    assert status == 400, (tail, error)
    assert error["code"] == "InvalidParameter"
    assert files_under(svc.contents_root) == before


def test_paths_in_bodies_cannot_escape(svc: LocalNotebookService, api: Contents, base: str):
    api.save_text(f"{base}/a.txt", "x")
    for new_path in ("../a.txt", f"{base}/../../a.txt", "a\x00b", "a/\n", f"{base}//b.txt"):
        assert api.patch(f"{base}/a.txt", new_path).status_code == 400, new_path
    assert disk(svc, f"{base}/a.txt").read_text() == "x"


def test_symlinks_cannot_lead_out_of_the_root(
    svc: LocalNotebookService, api: Contents, base: str, tmp_path: Path
):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    os.symlink(outside, disk(svc, f"{base}/door"))
    os.symlink(outside / "secret.txt", disk(svc, f"{base}/key.txt"))
    api.save_text(f"{base}/inside.txt", "inside")
    os.symlink(disk(svc, f"{base}/inside.txt"), disk(svc, f"{base}/alias.txt"))
    body = {"type": "file", "format": "text", "content": "pwned"}
    for path in (f"{base}/door/secret.txt", f"{base}/key.txt", f"{base}/door"):
        assert api.get(path).status_code == 400, path
        assert api.put(path, body).status_code == 400, path
        assert api.delete(path).status_code == 400, path
    assert api.put(f"{base}/door/new.txt", body).status_code == 400
    assert api.patch(f"{base}/inside.txt", f"{base}/door/stolen.txt").status_code == 400
    assert api.post(base, {"copy_from": f"{base}/key.txt"}).status_code == 400
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]
    assert (outside / "secret.txt").read_text() == "secret"
    # A link that stays inside works, and only it is listed.
    assert api.get(f"{base}/alias.txt").json()["content"] == "inside"
    listed = {entry["name"] for entry in api.get(base).json()["content"]}
    assert listed == {"inside.txt", "alias.txt"}


_NAME_CHARS = st.one_of(
    st.sampled_from(" #?%+&=;:@!$'()*,~[]{}<>\"\\^`|é"),
    st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF, exclude_categories=("Cs",)),
    st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="/"),
)
_NAMES = st.text(_NAME_CHARS, min_size=1, max_size=12).filter(lambda n: n not in (".", ".."))


@settings(
    max_examples=100,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(names=st.lists(_NAMES, min_size=1, max_size=3), literal=st.booleans())
def test_any_unicode_path_decodes_back_unchanged(
    svc: LocalNotebookService,
    api: Contents,
    literal_api: Contents,
    names: list[str],
    literal: bool,
):
    writer, reader = (literal_api, api) if literal else (api, literal_api)
    folder = f"h{next(_fresh)}"
    directories = [folder, *(f"{folder}/{'/'.join(names[:i])}" for i in range(1, len(names)))]
    for directory in directories:
        assert writer.mkdir(directory).status_code == 201
    path = f"{folder}/{'/'.join(names)}"
    saved = writer.save_text(path, path)
    assert saved.status_code == 201, saved.text
    assert Content.from_dict(saved.json()).path == path
    got = reader.get(path)
    assert got.status_code == 200, got.text
    model = Content.from_dict(got.json())
    assert (model.path, model.name, model.content) == (path, names[-1], path)
    assert disk(svc, path).read_text() == path


AWKWARD_NAMES = [
    "a b", "#hash", "why?", "100%", "a+b", "%2F", "%41", "...", "~tilde", "😀𝄞", "名前",
    "semi;colon", "a\\b", "quote\"d", "'single'", "trailing ",
]  # fmt: skip


@pytest.mark.parametrize("literal", [False, True], ids=["encoded-slash", "literal-slash"])
def test_awkward_names_decode_back_unchanged(
    svc: LocalNotebookService, api: Contents, literal_api: Contents, base: str, literal: bool
):
    writer, reader = (literal_api, api) if literal else (api, literal_api)
    writer.mkdir(f"{base}/dir #?%+")
    for name in AWKWARD_NAMES:
        path = f"{base}/dir #?%+/{name}"
        saved = writer.save_text(path, name)
        assert saved.status_code == 201, (name, saved.text)
        assert saved.json()["path"] == path
        assert reader.get(path).json()["content"] == name
    listed = {entry["name"] for entry in api.get(f"{base}/dir #?%+").json()["content"]}
    assert listed == set(AWKWARD_NAMES)


# -- signatures, workspaces, methods, the recent list -------------------------------------------


def test_contents_need_a_valid_signature(svc: LocalNotebookService, api: Contents, base: str):
    api.save_text(f"{base}/a.txt", "signed")
    with httpx.Client(timeout=10) as anonymous:
        unsigned = anonymous.get(api.url(f"{base}/a.txt"))
        assert unsigned.status_code == 401
        assert "signed" not in unsigned.text
        assert (
            anonymous.put(api.url(f"{base}/a.txt"), json={"type": "directory"}).status_code == 401
        )
    with LocalNotebookService(seed=False) as other:  # another service's key
        with httpx.Client(auth=OCIAuth(signer_of(other)), timeout=10) as stranger:
            assert stranger.delete(api.url(f"{base}/a.txt")).status_code == 401
    # A body changed after signing is refused and writes nothing.
    request = api.http.build_request(
        "PUT", api.url(f"{base}/a.txt"), json={"type": "file", "format": "text", "content": "ok"}
    )
    signed = next(OCIAuth(signer_of(svc)).auth_flow(request))
    tampered = httpx.Request(
        "PUT",
        signed.url,
        headers=signed.headers,
        content=signed.content.replace(b"ok", b"no"),
    )
    assert api.http.send(tampered, auth=None).status_code == 401
    assert disk(svc, f"{base}/a.txt").read_text() == "signed"
    assert all(r.signature_valid for r in svc.requests if r.status not in (401,))


def test_unknown_workspace_and_methods(svc: LocalNotebookService, api: Contents):
    other = f"{svc.endpoint}/20260430/aiDataPlatforms/{P}/workspaces/nope/notebook/api/contents/x"
    assert api.http.get(other).status_code == 404
    not_allowed = api.http.request("HEAD", api.url(SEED_NOTEBOOK_PATH))
    assert not_allowed.status_code == 405
    assert not_allowed.headers["allow"] == "DELETE, GET, PATCH, POST, PUT"
    assert api.http.get(f"{svc.endpoint}{API}/actions/other/contents/x").status_code == 404


def test_should_update_recent(svc: LocalNotebookService, api: Contents, base: str):
    api.save_text(f"{base}/a.txt", "x")
    api.http.get(api.url(f"{base}/a.txt"), headers={"should-update-recent": "True"})
    assert svc.recent_contents[0] == f"{base}/a.txt"
    api.put(f"{base}/b.txt", {"type": "file", "format": "text", "content": "y"},
            **{"should-update-recent": "true"})  # fmt: skip
    assert svc.recent_contents[:2] == [f"{base}/b.txt", f"{base}/a.txt"]
    api.http.get(api.url(f"{base}/a.txt"), headers={"should-update-recent": "false"})
    assert svc.recent_contents[0] == f"{base}/b.txt"
    bad = api.http.get(api.url(f"{base}/a.txt"), headers={"should-update-recent": "yes"})
    assert bad.status_code == 400


# -- the seed, and sessions linked to contents ------------------------------------------------


def test_seeded_sessions_are_on_seeded_files():
    with LocalNotebookService() as svc:
        api = Contents(svc)
        seeded = svc.get_session_json(P, W, SEED_SESSION_ID)
        assert seeded is not None
        notebook = api.get(seeded["path"]).json()
        assert notebook["path"] == SEED_NOTEBOOK_PATH
        assert notebook["type"] == "notebook"
        assert notebook["content"]["nbformat"] == 4


def test_renaming_a_file_moves_the_sessions_opened_on_it():
    with LocalNotebookService() as svc:
        api = Contents(svc)
        other = svc.add_session(P, W, {"name": "o", "path": "Workspace/Shared/other.ipynb"})
        moved = api.patch(SEED_NOTEBOOK_PATH, "Workspace/Shared/renamed.ipynb")
        assert moved.status_code == 200
        session = svc.get_session_json(P, W, SEED_SESSION_ID)
        assert session is not None
        assert session["path"] == "/Workspace/Shared/renamed.ipynb"  # keeps its leading "/"
        assert svc.get_session_json(P, W, other["id"])["path"] == other["path"]  # type: ignore[index]
        # A directory move carries every session under it.
        assert api.patch("Workspace/Shared", "Workspace/Team").status_code == 200
        sessions = api.http.get(f"{svc.endpoint}{API}/sessions").json()["items"]
        paths = {session["path"] for session in sessions}
        assert "/Workspace/Team/renamed.ipynb" in paths
        assert "/Workspace/Team/nightly-etl.py" in paths
        assert "Workspace/Team/other.ipynb" in paths
        assert "/Workspace/Users/dev/support-triage.flow" in paths
        # Deleting the file leaves the session as it is.
        assert api.delete("Workspace/Team/renamed.ipynb").status_code == 204
        assert svc.get_session_json(P, W, SEED_SESSION_ID) is not None


@pytest.mark.parametrize(
    ("number", "status"),
    [(errno.ENOENT, 404), (errno.EEXIST, 409), (errno.ENAMETOOLONG, 400), (errno.EROFS, 409),
     (errno.EIO, 500)],
)  # fmt: skip
def test_filesystem_failures_become_api_errors(number: int, status: int):
    error = api_error_for(OSError(number, os.strerror(number)), "a/b.txt")
    assert error.status == status
    assert "Errno" not in error.message  # no host details in what the client sees


def test_the_private_contents_directory_goes_away_with_the_service():
    svc = LocalNotebookService()
    root = svc.contents_root
    assert (root / SEED_NOTEBOOK_PATH).is_file()
    del svc
    gc.collect()
    assert not root.exists()
