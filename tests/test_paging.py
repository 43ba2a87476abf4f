"""ListSessions paging: the plain method follows opc-next-page, the iterator is lazy,
`_detailed` is one page, and a service that repeats a token cannot loop us forever."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import oci
import pytest
from aidp_notebook import AsyncNotebookClient, InvalidResponseError, NotebookClient, OCIAuth
from aidp_notebook.testing import SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, LocalNotebookService

WORKSPACE = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY)
SESSIONS = 23  # not a multiple of the page sizes used below


@pytest.fixture(scope="module")
def paged() -> Iterator[LocalNotebookService]:
    """A service with SESSIONS sessions that answers lists in pages of 5."""
    with LocalNotebookService(seed=False, page_size=5) as service:
        service.add_workspace(*WORKSPACE)
        for n in range(SESSIONS):
            service.add_session(*WORKSPACE, {"id": f"s-{n:02}", "name": f"n{n}", "path": f"/{n}"})
        yield service


@pytest.fixture
def service(paged: LocalNotebookService) -> LocalNotebookService:
    paged.clear_requests()
    paged.clear_faults()
    return paged


def _list_requests(service: LocalNotebookService) -> list[str]:
    return [r.target for r in service.requests if r.method == "GET"]


def test_the_plain_method_returns_every_page(service: LocalNotebookService) -> None:
    with service.client() as client:
        sessions = client.list_sessions(*WORKSPACE)
    assert [s.id for s in sessions] == [f"s-{n:02}" for n in range(SESSIONS)]
    targets = _list_requests(service)
    assert len(targets) == 5  # 5 + 5 + 5 + 5 + 3
    assert "page=" not in targets[0]
    assert all("page=" in target for target in targets[1:])
    assert all(r.signature_valid for r in service.requests)


def test_detailed_is_one_page_with_its_token(service: LocalNotebookService) -> None:
    with service.client() as client:
        first = client.list_sessions_detailed(*WORKSPACE, limit=10)
        assert len(first.data) == 10
        assert first.has_next_page
        second = client.list_sessions_detailed(*WORKSPACE, limit=10, page=first.next_page)
        assert [s.id for s in second.data] == [f"s-{n:02}" for n in range(10, 20)]
        last = client.list_sessions_detailed(*WORKSPACE, limit=10, page=second.next_page)
        assert (len(last.data), last.next_page, last.has_next_page) == (3, None, False)


def test_the_iterator_fetches_a_page_only_when_it_is_reached(service: LocalNotebookService) -> None:
    with service.client() as client:
        items = client.iter_sessions(*WORKSPACE, limit=4)
        assert _list_requests(service) == []  # nothing before the first item is asked for
        first_four = [next(items) for _ in range(4)]
        assert len(_list_requests(service)) == 1
        next(items)
        assert len(_list_requests(service)) == 2
    assert [s.id for s in first_four] == ["s-00", "s-01", "s-02", "s-03"]


def test_sorting_and_limits_are_sent_only_when_given(service: LocalNotebookService) -> None:
    with service.client() as client:
        newest = client.list_sessions_detailed(*WORKSPACE, sort_by="timeCreated", limit=2)
        client.list_sessions_detailed(*WORKSPACE)
    assert [s.id for s in newest.data] == ["s-22", "s-21"]
    with_params, plain = _list_requests(service)
    assert "sortBy=timeCreated" in with_params and "limit=2" in with_params
    assert "?" not in plain  # the documented request: no paging parameters at all


def test_async_pages_alike(service: LocalNotebookService) -> None:
    async def main() -> tuple[list[str], list[str]]:
        async with service.async_client() as client:
            every = [s.id for s in await client.list_sessions(*WORKSPACE)]
            lazily = [s.id async for s in client.iter_sessions(*WORKSPACE, limit=7)]
            return every, lazily

    every, lazily = asyncio.run(main())
    assert every == lazily == [f"s-{n:02}" for n in range(SESSIONS)]


def test_oci_pagination_follows_the_pages(service: LocalNotebookService) -> None:
    with service.client() as client:
        everything = oci.pagination.list_call_get_all_results(
            client.list_sessions_detailed, *WORKSPACE, limit=6
        )
    assert [s.id for s in everything.data] == [f"s-{n:02}" for n in range(SESSIONS)]


def test_a_repeated_page_token_is_an_error_not_a_loop(service: LocalNotebookService) -> None:
    with service.client() as client:
        token = client.list_sessions_detailed(*WORKSPACE, limit=5).next_page
    assert token is not None
    transport = _RewritingTransport(token)
    http = httpx.Client(transport=transport)
    with NotebookClient(
        service.config, service_endpoint=service.endpoint, http_client=http
    ) as client:
        with pytest.raises(InvalidResponseError) as caught:
            client.list_sessions(*WORKSPACE)
    http.close()
    assert "came back a second time" in str(caught.value)
    assert caught.value.operation == "ListSessions"
    assert transport.calls == 2


class _RewritingTransport(httpx.BaseTransport):
    """A real HTTP transport that pins every response's opc-next-page to one token."""

    def __init__(self, token: str) -> None:
        self._inner = httpx.HTTPTransport()
        self._token = token
        self.calls = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        response = self._inner.handle_request(request)
        response.headers["opc-next-page"] = self._token
        return response

    def close(self) -> None:
        self._inner.close()


@pytest.mark.parametrize(
    ("query", "fragment"),
    [("limit=0", "limit must be"), ("limit=x", "limit must be"), ("page=forged", "not a token"),
     ("sortOrder=UP", "sortOrder must be"), ("sortBy=name", "sortBy must be")],
)  # fmt: skip
def test_the_local_service_refuses_bad_paging(
    service: LocalNotebookService, query: str, fragment: str
) -> None:
    url = f"{service.endpoint}/20260430/aiDataPlatforms/{WORKSPACE[0]}/workspaces/{WORKSPACE[1]}/notebook/api/sessions?{query}"
    with httpx.Client(auth=OCIAuth(oci.signer.Signer(
        service.config["tenancy"], service.config["user"], service.config["fingerprint"],
        private_key_file_location=None, private_key_content=service.private_key_pem,
    ))) as http:  # fmt: skip
        response = http.get(url)
    assert response.status_code == 400
    assert fragment in response.json()["message"]


def test_async_client_type_is_paged() -> None:
    assert hasattr(AsyncNotebookClient, "iter_sessions")
    assert hasattr(NotebookClient, "iter_sessions")


def test_the_command_line_pages_like_the_oci_cli(
    service: LocalNotebookService, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from aidp_notebook.cli import main

    base = ["--config-file", str(service.write_config_file(tmp_path)), "--endpoint", service.endpoint,
            "session", "list", "--ai-data-platform-id", WORKSPACE[0], "--workspace-key", WORKSPACE[1]]  # fmt: skip
    assert main([*base, "--limit", "10"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert len(first["data"]) == 10
    assert first["opc-next-page"]
    assert main([*base, "--limit", "10", "--page", first["opc-next-page"]]) == 0
    assert json.loads(capsys.readouterr().out)["data"][0]["id"] == "s-10"
    assert main([*base, "--all", "--query", "length(data)"]) == 0
    assert capsys.readouterr().out.strip() == str(SESSIONS)
    assert main([*base, "--limit", "0"]) == 2
    assert "expected a whole number of 1 or more" in capsys.readouterr().err
