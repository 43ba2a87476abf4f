"""The six generated contents methods end to end, and contentPath on the wire.

Every call goes through a client's request core to the local service over loopback,
signed by the `oci` signer and verified there; the files are on a real disk, which the
tests also read. contentPath is sent as one segment (`/` as %2F) by default, with `/` as
it is under `content_path_encoding="path"`, and the service decodes both to one path.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import urllib.parse
from collections.abc import Iterator

import pytest
from aidp_notebook import (
    AsyncNotebookClient,
    BadRequestError,
    ConflictError,
    NotebookClient,
    NotFoundError,
    PreconditionFailedError,
    RetryPolicy,
)
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_NOTEBOOK_PATH,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)
from aidp_notebook_client.models import (
    Content,
    ContentType,
    ExportedContents,
    ExportedContentsFormat,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import use_fake_clock

P, W = SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY
CONTENTS = f"/20260430/aiDataPlatforms/{P}/workspaces/{W}/notebook/api/contents/"
EXPORT = f"/20260430/aiDataPlatforms/{P}/workspaces/{W}/notebook/api/actions/export/contents/"
_fresh = itertools.count()


@pytest.fixture(scope="module")
def module_service() -> Iterator[LocalNotebookService]:
    with LocalNotebookService() as service:
        yield service


@pytest.fixture
def base(service: LocalNotebookService) -> str:
    """A fresh directory for one test, made through the service's own disk."""
    path = f"c{next(_fresh)}"
    (service.contents_root / path).mkdir()
    return path


def _tail(target: str, prefix: str = CONTENTS) -> str:
    assert target.startswith(prefix), target
    return target[len(prefix) :]


# -- the six operations, sync and async ---------------------------------------------------


def test_every_contents_operation_sync(service: LocalNotebookService, base: str) -> None:
    with service.client() as client:
        created = client.create_content_detailed(P, W, base, {"type": "notebook"})
        assert created.status_code == 201
        assert created.data.path == f"{base}/Untitled.ipynb"
        assert created.etag and created.headers.get("location")
        saved = client.update_content_detailed(
            P, W, f"{base}/a.txt", {"type": "file", "format": "text", "content": "one"}
        )
        assert saved.status_code == 201
        assert isinstance(saved.data, Content)
        replaced = client.update_content_detailed(
            P, W, f"{base}/a.txt", {"type": "file", "format": "text", "content": "two"},
            if_match=saved.etag,
        )  # fmt: skip
        assert replaced.status_code == 200
        got = client.get_content_detailed(P, W, f"{base}/a.txt", format_="text", hash_=1)
        assert (got.data.content, got.data.format_, got.data.hash_algorithm) == (
            "two", "text", "sha256",
        )  # fmt: skip
        assert got.etag == replaced.etag
        bare = client.get_content(P, W, f"{base}/a.txt", content=0)
        assert bare.content is None
        moved = client.modify_content(P, W, f"{base}/a.txt", {"path": f"{base}/b.txt"})
        assert moved.path == f"{base}/b.txt"
        exported = client.export_contents(P, W, SEED_NOTEBOOK_PATH, {"format": "html"})
        assert isinstance(exported, ExportedContents)
        assert exported.format_ == ExportedContentsFormat.HTML
        assert isinstance(exported.content, str) and exported.content.startswith("<!DOCTYPE")
        assert client.delete_content(P, W, f"{base}/b.txt") is None
        with pytest.raises(NotFoundError):
            client.get_content(P, W, f"{base}/b.txt")
    assert sorted(p.name for p in (service.contents_root / base).iterdir()) == ["Untitled.ipynb"]
    assert all(r.signature_valid for r in service.requests)
    assert len(service.requests) == 9


def test_every_contents_operation_async(service: LocalNotebookService, base: str) -> None:
    async def scenario() -> None:
        async with service.async_client() as client:
            created = await client.create_content(P, W, base, {"type": "directory"})
            assert created.type_ == ContentType.DIRECTORY
            folder = created.path
            saved = await client.update_content_detailed(
                P, W, f"{folder}/x.bin", {"type": "file", "format": "base64", "content": "AAEC"}
            )
            got = await client.get_content(P, W, f"{folder}/x.bin", format_="base64")
            assert got.content == "AAEC"
            with pytest.raises(PreconditionFailedError):
                await client.delete_content(P, W, f"{folder}/x.bin", if_match="stale")
            await client.modify_content(
                P, W, f"{folder}/x.bin", {"path": f"{folder}/y.bin"}, if_match=saved.etag
            )
            exported = await client.export_contents(P, W, SEED_NOTEBOOK_PATH, {})
            assert exported.format_ == ExportedContentsFormat.IPYNB
            await client.delete_content(P, W, f"{folder}/y.bin")
            await client.delete_content(P, W, folder)

    asyncio.run(scenario())
    assert list((service.contents_root / base).iterdir()) == []
    assert all(r.signature_valid for r in service.requests)


def test_conflicts_come_back_as_their_errors(service: LocalNotebookService, base: str) -> None:
    with service.client() as client:
        for name in ("a.txt", "b.txt"):
            client.update_content(
                P, W, f"{base}/{name}", {"type": "file", "format": "text", "content": name}
            )
        with pytest.raises(ConflictError) as caught:
            client.modify_content(P, W, f"{base}/a.txt", {"path": f"{base}/b.txt"})
        assert caught.value.status == 409
        assert caught.value.opc_request_id
        with pytest.raises(BadRequestError, match=r"bad format|base64"):
            client.get_content(P, W, f"{base}/a.txt", format_="json")
    assert (service.contents_root / base / "b.txt").read_text() == "b.txt"


# -- retries: a create only under a token, an export like a GET ----------------------------


def test_a_retried_create_carries_one_token_and_creates_once(
    service: LocalNotebookService, base: str
) -> None:
    # The first attempt is processed, but its answer comes too late: the client retries.
    service.inject(Fault(delay=1.0))
    with service.client(timeout=(5, 0.3), retry=RetryPolicy(max_attempts=3)) as client:
        use_fake_clock(client)
        created = client.create_content(P, W, base, {"type": "file", "ext": ".txt"})
    posts = [r for r in service.requests if r.method == "POST"]
    assert len(posts) == 2
    token = posts[0].headers["opc-retry-token"]
    assert re.fullmatch(r"[A-Za-z0-9]{30}", token)
    assert posts[1].headers["opc-retry-token"] == token
    assert [p.name for p in (service.contents_root / base).iterdir()] == ["untitled.txt"]
    assert created.path == f"{base}/untitled.txt"


def test_without_retries_a_create_is_sent_once_and_without_a_token(
    service: LocalNotebookService, base: str
) -> None:
    service.inject(Fault(status=503))
    with service.client(retry=None) as client, pytest.raises(Exception, match="503"):
        client.create_content(P, W, base, {})
    (post,) = service.requests
    assert "opc-retry-token" not in post.headers


def test_an_export_is_retried_like_a_read_and_takes_no_token(
    service: LocalNotebookService,
) -> None:
    service.inject(Fault(status=503))
    with service.client(retry=RetryPolicy(max_attempts=3)) as client:
        use_fake_clock(client)
        exported = client.export_contents(P, W, SEED_NOTEBOOK_PATH, {"format": "ipynb"})
    assert exported.path == SEED_NOTEBOOK_PATH
    posts = [r for r in service.requests if r.method == "POST"]
    assert [p.status for p in posts] == [503, 200]
    assert all("opc-retry-token" not in p.headers for p in posts)


# -- contentPath on the wire -----------------------------------------------------------------


def test_the_default_sends_the_path_as_one_segment(service: LocalNotebookService) -> None:
    with service.client() as client:
        assert client.content_path_encoding == "segment"
        client.get_content(P, W, SEED_NOTEBOOK_PATH, content=0)
        client.export_contents(P, W, SEED_NOTEBOOK_PATH, {})
    get, export = service.requests
    assert _tail(get.target).split("?")[0] == "Workspace%2FShared%2Fsales-analysis.ipynb"
    assert _tail(export.target, EXPORT) == "Workspace%2FShared%2Fsales-analysis.ipynb"
    assert get.signature_valid and export.signature_valid


def test_the_path_option_sends_slashes_as_they_are(service: LocalNotebookService) -> None:
    with service.client(content_path_encoding="path") as client:
        assert client.content_path_encoding == "path"
        got = client.get_content(P, W, SEED_NOTEBOOK_PATH, content=0)
        assert got.path == SEED_NOTEBOOK_PATH
        # with_options switches back and forth, sharing the connection pool.
        client.with_options(content_path_encoding="segment").get_content(
            P, W, SEED_NOTEBOOK_PATH, content=0
        )
    literal, encoded = service.requests
    assert _tail(literal.target).split("?")[0] == "Workspace/Shared/sales-analysis.ipynb"
    assert _tail(encoded.target).split("?")[0] == "Workspace%2FShared%2Fsales-analysis.ipynb"
    assert literal.signature_valid and encoded.signature_valid


def test_other_path_parameters_keep_their_slashes_encoded(service: LocalNotebookService) -> None:
    # Only contentPath (x-aidp-path in the spec) may span segments; an id never does.
    with service.client(content_path_encoding="path") as client, pytest.raises(NotFoundError):
        client.get_content(P, "ws/with/slash", "a/b", content=0)
    (request,) = service.requests
    assert "/workspaces/ws%2Fwith%2Fslash/notebook/api/contents/a/b?" in request.target


def test_the_encoding_option_is_checked(service: LocalNotebookService) -> None:
    with pytest.raises(ValueError, match="content_path_encoding must be 'segment'"):
        service.client(content_path_encoding="slash")  # type: ignore[arg-type]
    with service.client() as client, pytest.raises(ValueError, match="content_path_encoding"):
        client.with_options(content_path_encoding="")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("path", "rule"),
    [
        ("", "must not be blank"),
        ("   ", "must not be blank"),
        (".", "'.'"),
        ("..", "'..'"),
        ("/Shared/a.ipynb", "empty segment (a leading '/')"),
        ("Shared/", "empty segment (a trailing '/')"),
        ("Shared//a.ipynb", "empty segment ('//')"),
        ("Shared/./a.ipynb", "'.' segment"),
        ("Shared/../../etc/passwd", "'..' segment"),
        ("a\x00b", "NUL or other control characters"),
        ("a\nb", "NUL or other control characters"),
        ("a\x7fb", "NUL or other control characters"),
        ("a\x85b", "NUL or other control characters"),
        ("a\ud800b", "not valid Unicode"),
    ],
)
@pytest.mark.parametrize("encoding", ["segment", "path"])
def test_bad_paths_are_refused_before_anything_is_sent(
    service: LocalNotebookService, path: str, rule: str, encoding: str
) -> None:
    with service.client(content_path_encoding=encoding) as client:  # type: ignore[arg-type]
        for call in (
            lambda: client.get_content(P, W, path),
            lambda: client.delete_content(P, W, path),
            lambda: client.export_contents(P, W, path, {}),
            lambda: client.update_content(P, W, path, {"type": "directory"}),
        ):
            with pytest.raises(ValueError, match=re.escape(rule)) as caught:
                call()
            assert "content_path" in str(caught.value)
    assert service.requests == []


def test_a_path_that_is_not_a_string_is_a_type_error(service: LocalNotebookService) -> None:
    with service.client() as client, pytest.raises(TypeError, match="content_path must be a str"):
        client.get_content(P, W, b"a/b")  # type: ignore[arg-type]
    assert service.requests == []


_NAME_CHARS = st.one_of(
    st.sampled_from(" #?%+&=;:@!$'()*,~[]{}<>\"\\^`|é"),
    st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF, exclude_categories=("Cs",)),
    st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="/"),
)
_NAMES = st.text(_NAME_CHARS, min_size=1, max_size=12).filter(
    lambda name: name not in (".", "..") and name.strip() != "" and not name.startswith(".~")
)


@pytest.fixture(scope="module")
def both_clients(
    module_service: LocalNotebookService,
) -> Iterator[dict[str, NotebookClient]]:
    clients = {
        encoding: module_service.client(content_path_encoding=encoding)  # type: ignore[arg-type]
        for encoding in ("segment", "path")
    }
    yield clients
    for client in clients.values():
        client.close()


@settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    names=st.lists(_NAMES, min_size=1, max_size=3), encoding=st.sampled_from(["segment", "path"])
)
def test_any_unicode_path_survives_the_round_trip(
    service: LocalNotebookService,
    both_clients: dict[str, NotebookClient],
    names: list[str],
    encoding: str,
) -> None:
    client = both_clients[encoding]
    folder = f"h{next(_fresh)}"
    for depth in range(len(names)):
        directory = "/".join([folder, *names[:depth]])
        assert client.update_content(P, W, directory, {"type": "directory"}).path == directory
    path = "/".join([folder, *names])
    saved = client.update_content(P, W, path, {"type": "file", "format": "text", "content": path})
    assert saved.path == path
    assert saved.name == names[-1]
    # Read back with the other encoding: both name the same file.
    other = both_clients["path" if encoding == "segment" else "segment"]
    got = other.get_content(P, W, path)
    assert (got.path, got.content) == (path, path)
    assert (service.contents_root / path).read_text(encoding="utf-8") == path
    sent = service.requests[-2].target  # the PUT of the file
    tail = _tail(sent)
    if encoding == "segment":
        assert "/" not in tail
        assert urllib.parse.unquote(tail) == path
    else:
        assert [urllib.parse.unquote(part) for part in tail.split("/")] == [folder, *names]
    assert all(r.signature_valid for r in service.requests)


def test_async_client_takes_the_option_too(service: LocalNotebookService) -> None:
    async def scenario() -> str:
        async with AsyncNotebookClient(
            service.config, service_endpoint=service.endpoint, content_path_encoding="path"
        ) as client:
            return (await client.get_content(P, W, SEED_NOTEBOOK_PATH, content=0)).path

    assert asyncio.run(scenario()) == SEED_NOTEBOOK_PATH
    (request,) = service.requests
    assert _tail(request.target).startswith("Workspace/Shared/")
    assert request.signature_valid
