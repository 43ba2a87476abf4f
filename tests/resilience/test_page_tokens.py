"""Paging ends, and the service's page tokens are the service's: tried as an attacker would.

Hostile sessions services over loopback (signatures checked): one sends empty pages
without end, each naming a new next page; one sends a 5,000-character token (longer
than the SDK lets a caller pass); one sends a token too long for any URL. Paging must
stop at `max_pages` with InvalidResponseError; a long token must go back as it came;
a token no URL can hold must be the service's fault (InvalidResponseError), never the
ValueError that tells the caller "an argument is invalid; nothing was sent".
"""

from __future__ import annotations

import asyncio
import itertools
import urllib.parse
from typing import Any

import pytest
from aidp_notebook import InvalidConfigError, InvalidResponseError
from aidp_notebook.testing import SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY

from ._fault_servers import RawRequest
from ._listing_servers import Answer, Answerer, ListingService, query, session

P, W = SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY
LONG_TOKEN = "".join(itertools.islice(itertools.cycle("AbC123-_"), 5_000))
CALLS = [("sync", "list_sessions"), ("sync", "iter_sessions"),
         ("async", "list_sessions"), ("async", "iter_sessions")]  # fmt: skip


def sessions(flavour: str, service: ListingService, method: str, /, **kwargs: Any) -> Any:
    """All items of `method` (list or iter), on a fresh client of `service`."""
    options = kwargs.pop("client_options", {})
    if flavour == "sync":
        with service.client(False, **options) as client:
            return list(getattr(client, method)(P, W, **kwargs))

    async def main() -> Any:
        async with service.client(True, **options) as client:
            if method == "list_sessions":
                return await client.list_sessions(P, W, **kwargs)
            return [item async for item in client.iter_sessions(P, W, **kwargs)]

    return asyncio.run(main())


def pages_sent(service: ListingService) -> list[str | None]:
    return [query(request).get("page") for request in service.requests]


def endless_empty_pages() -> Answerer:
    counter = itertools.count(1)

    def answer(request: RawRequest) -> Answer:
        return 200, {"opc-next-page": f"page-{next(counter)}"}, {"items": []}

    return answer


def then_last(token: str) -> Answerer:
    """A first page naming `token` as the next; the page `token` names is the last."""

    def answer(request: RawRequest) -> Answer:
        if query(request).get("page") == token:
            return 200, {}, {"items": [session(2)]}
        return 200, {"opc-next-page": token}, {"items": [session(1)]}

    return answer


@pytest.mark.parametrize(("flavour", "method"), CALLS)
def test_endless_empty_pages_stop_at_max_pages(flavour: str, method: str) -> None:
    with ListingService(endless_empty_pages()) as service:
        with pytest.raises(InvalidResponseError) as caught:
            sessions(flavour, service, method, client_options={"max_pages": 25})
    assert len(service.requests) == 25
    assert caught.value.operation == "ListSessions"
    assert "/sessions" in caught.value.url
    assert "max_pages=25" in str(caught.value)
    assert not service.problems


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_with_options_sets_max_pages(flavour: str) -> None:
    with ListingService(endless_empty_pages()) as service:
        if flavour == "sync":
            with service.client(False) as client:
                with pytest.raises(InvalidResponseError, match="max_pages=3"):
                    client.with_options(max_pages=3).list_sessions(P, W)
        else:

            async def main() -> None:
                async with service.client(True) as client:
                    with pytest.raises(InvalidResponseError, match="max_pages=3"):
                        await client.with_options(max_pages=3).list_sessions(P, W)

            asyncio.run(main())
    assert len(service.requests) == 3


@pytest.mark.parametrize("value", [0, -5, True, 2.5, "100"])
def test_a_bad_max_pages_is_refused(value: object) -> None:
    with ListingService(endless_empty_pages()) as service:
        with pytest.raises(InvalidConfigError, match="max_pages"):
            service.client(False, max_pages=value)
        with service.client(False) as client, pytest.raises(InvalidConfigError, match="max_pages"):
            client.with_options(max_pages=value)
    assert service.requests == []


@pytest.mark.parametrize(("flavour", "method"), CALLS)
def test_a_long_token_from_the_service_goes_back_as_it_came(flavour: str, method: str) -> None:
    with ListingService(then_last(LONG_TOKEN)) as service:
        items = sessions(flavour, service, method)
    assert [item.id for item in items] == ["s1", "s2"]
    assert pages_sent(service) == [None, LONG_TOKEN]


@pytest.mark.parametrize(("flavour", "method"), CALLS)
@pytest.mark.parametrize("token", ["T" * 70_000, "%" * 25_000], ids=["long", "long-encoded"])
def test_a_token_no_url_can_hold_is_the_services_fault(
    flavour: str, method: str, token: str
) -> None:
    with ListingService(then_last(token)) as service:
        with pytest.raises(InvalidResponseError) as caught:
            sessions(flavour, service, method)
    assert not isinstance(caught.value, ValueError)
    assert "opc-next-page token" in str(caught.value)
    assert f"{len(token):,} characters" in str(caught.value)
    assert caught.value.opc_request_id == "hostile-1"  # the response that sent the token
    assert len(service.requests) == 1


@pytest.mark.parametrize(("flavour", "method"), CALLS)
def test_a_long_page_from_the_caller_is_still_the_callers_mistake(
    flavour: str, method: str
) -> None:
    with ListingService(then_last(LONG_TOKEN)) as service:
        with pytest.raises(ValueError, match="page is 5000 characters long"):
            sessions(flavour, service, method, page=LONG_TOKEN)
    assert service.requests == []


def test_the_token_is_sent_exactly() -> None:
    """Characters a URL must escape come back to the service unchanged."""
    token = "a b+c/d=e&f%g" * 400
    with ListingService(then_last(token)) as service:
        items = sessions("sync", service, "list_sessions")
    assert [item.id for item in items] == ["s1", "s2"]
    raw = service.requests[1].target.partition("?")[2]
    assert urllib.parse.parse_qs(raw)["page"] == [token]
