"""A caller's own httpx client: its headers and timeout are honoured, settings the SDK
would not use are refused at construction, never silently ignored."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from aidp_notebook import (
    AsyncNotebookClient,
    InvalidConfigError,
    NotebookClient,
    RequestTimeoutError,
)
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)

IDS = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID)


def _client(service: LocalNotebookService, http: httpx.Client, **kwargs: object) -> NotebookClient:
    return NotebookClient(service.config, service_endpoint=service.endpoint, http_client=http,
                          **kwargs)  # type: ignore[arg-type]  # fmt: skip


def test_its_headers_ride_on_every_request(service: LocalNotebookService) -> None:
    with httpx.Client(headers={"x-team": "analytics"}) as http, _client(service, http) as client:
        client.get_session(*IDS)
    (recorded,) = service.requests
    assert recorded.headers["x-team"] == "analytics"
    assert recorded.signature_valid
    assert recorded.headers["user-agent"].startswith("aidp-notebook/")  # httpx's own default is not


def test_its_timeout_applies_unless_timeout_is_given(service: LocalNotebookService) -> None:
    service.inject(Fault.slow(0.6), count=2)
    with httpx.Client(timeout=0.2) as http:
        with _client(service, http, retry=None) as client, pytest.raises(RequestTimeoutError):
            client.get_session(*IDS)
        with _client(service, http, retry=None, timeout=5) as client:
            assert client.get_session(*IDS).id == SEED_SESSION_ID


def test_the_async_client_honours_them_too(service: LocalNotebookService) -> None:
    async def main() -> None:
        async with httpx.AsyncClient(headers={"x-team": "a"}) as http:
            async with AsyncNotebookClient(
                service.config, service_endpoint=service.endpoint, http_client=http
            ) as client:
                await client.get_session(*IDS)

    asyncio.run(main())
    assert service.requests[-1].headers["x-team"] == "a"


@pytest.mark.parametrize(
    ("settings", "fragment"),
    [
        ({"headers": {"opc-client-info": "x"}}, "opc-* headers are OCI's own"),
        ({"headers": {"if-match": "x"}}, "pass if_match= to the method"),
        ({"headers": {"Authorization": "Bearer x"}}, "OCI request signature"),
        ({"headers": {"user-agent": "mine/1"}}, "OCI_SDK_APPEND_USER_AGENT"),
        ({"base_url": "https://elsewhere.example"}, "pass service_endpoint instead"),
        ({"params": {"q": "1"}}, "params"),
        ({"cookies": {"c": "1"}}, "cookies"),
        ({"auth": ("u", "p")}, "requests are signed"),
    ],
)
def test_settings_the_sdk_would_not_use_are_refused(
    service: LocalNotebookService, settings: dict[str, object], fragment: str
) -> None:
    with httpx.Client(**settings) as http:  # type: ignore[arg-type]
        with pytest.raises(InvalidConfigError) as caught:
            _client(service, http)
    assert caught.value.key == "http_client"
    assert fragment in str(caught.value)
    assert service.requests == []
