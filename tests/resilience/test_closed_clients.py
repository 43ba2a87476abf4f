"""Closed clients say so: an AidpError that says what happened and what to do."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from aidp_notebook import (
    AidpError,
    AsyncNotebookClient,
    ClientClosedError,
    NotebookClient,
    WrongEventLoopError,
)
from aidp_notebook.testing import LocalNotebookService

from .conftest import IDS, oci_signer


def test_a_call_on_a_closed_client(service: LocalNotebookService) -> None:
    with service.client() as client:
        client.get_session(*IDS)
    with pytest.raises(ClientClosedError) as caught:
        client.get_session(*IDS)
    assert isinstance(caught.value, AidpError)
    assert "NotebookClient cannot make calls: its client was closed" in str(caught.value)
    assert "Create a new NotebookClient" in str(caught.value)
    with pytest.raises(ClientClosedError):
        client.wait_for_session(*IDS, timeout=1)
    assert len(service.requests) == 1


def test_a_call_after_the_given_http_client_was_closed(service: LocalNotebookService) -> None:
    http = httpx.Client()
    client = NotebookClient(
        signer=oci_signer(service), service_endpoint=service.endpoint, http_client=http
    )
    http.close()
    with pytest.raises(ClientClosedError, match="http_client given to this client was closed"):
        client.list_sessions(*IDS[:2])
    assert service.requests == []


def test_a_call_on_a_closed_async_client(service: LocalNotebookService) -> None:
    async def main() -> None:
        async with service.async_client() as client:
            await client.get_session(*IDS)
        await client.get_session(*IDS)

    with pytest.raises(ClientClosedError, match="AsyncNotebookClient cannot make calls"):
        asyncio.run(main())
    assert len(service.requests) == 1


def test_an_async_client_used_from_a_second_event_loop(service: LocalNotebookService) -> None:
    client = AsyncNotebookClient(signer=oci_signer(service), service_endpoint=service.endpoint)

    async def call() -> str:
        return (await client.get_session(*IDS)).id

    first = asyncio.new_event_loop()
    try:
        assert first.run_until_complete(call()) == IDS[2]
        with pytest.raises(WrongEventLoopError) as caught:
            asyncio.run(call())
        # Back in its own loop the client still works, and closes cleanly.
        assert first.run_until_complete(call()) == IDS[2]
        first.run_until_complete(client.aclose())
    finally:
        first.close()
    assert "first used in another event loop" in str(caught.value)
    assert "one client per event loop" in str(caught.value)
    assert len(service.requests) == 2
