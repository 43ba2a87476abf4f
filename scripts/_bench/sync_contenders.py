"""The synchronous contenders: the floor, our NotebookClient and the oci SDK's client.

Each is a zero-argument call that fetches one resource from the static server and
returns the parsed result, checked once before timing by `check_results`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import oci
from aidp_notebook import NotebookClient, RetryPolicy, Session
from oci.ai_data_platform import AiDataPlatformClient

from .fixtures import PLATFORM_ID, SESSION_ID, WORKSPACE_KEY

SyncCall = Callable[[], Any]

_ACCEPT = {"accept": "application/json"}


class SignableRequest:
    """The slice of a `requests.PreparedRequest` an oci signer reads and writes.

    The floor's own minimal adapter, so that the floor does not borrow anything from
    the SDK under test: the URL and its path are worked out once, the headers are a
    plain dict that the signer fills in and httpx then sends.
    """

    __slots__ = ("body", "headers", "method", "path_url", "url")

    def __init__(self, url: str, path_url: str, headers: dict[str, str]) -> None:
        self.method = "GET"
        self.url = url
        self.path_url = path_url
        self.headers = headers
        self.body = None  # GET only: no body for the signature to cover


def api_key_signer(config: dict[str, str]) -> Any:
    """The oci API-key signer every contender signs with (same key, same class)."""
    return oci.signer.Signer(
        tenancy=config["tenancy"],
        user=config["user"],
        fingerprint=config["fingerprint"],
        private_key_file_location=None,
        private_key_content=config["key_content"],
    )


def session_path(
    platform: str = PLATFORM_ID, workspace: str = WORKSPACE_KEY, session: str = SESSION_ID
) -> str:
    return (
        f"/20260430/aiDataPlatforms/{platform}/workspaces/{workspace}"
        f"/notebook/api/sessions/{session}"
    )


def list_path(platform: str = PLATFORM_ID, workspace: str = WORKSPACE_KEY) -> str:
    return f"/20260430/aiDataPlatforms/{platform}/workspaces/{workspace}/notebook/api/sessions"


class FloorClient:
    """Plain httpx.Client + the oci signer over a plain dict + json.loads: what no SDK
    on httpx can beat."""

    def __init__(self, config: dict[str, str], endpoint: str, path: str | None = None) -> None:
        self._signer = api_key_signer(config)
        self._http = httpx.Client()
        self._path = path or session_path()
        self._url = endpoint + self._path

    def get(self) -> Any:
        """GET the resource; its JSON, decoded."""
        view = SignableRequest(self._url, self._path, dict(_ACCEPT))
        self._signer(view)
        response = self._http.send(self._http.build_request("GET", self._url, headers=view.headers))
        if response.status_code != 200:
            raise RuntimeError(f"floor: HTTP {response.status_code}")
        return json.loads(response.content)

    get_session = get

    def close(self) -> None:
        self._http.close()


def our_client(config: dict[str, str], endpoint: str, *, retry: bool) -> NotebookClient:
    policy = RetryPolicy() if retry else None
    return NotebookClient(config, service_endpoint=endpoint, retry=policy)


def oci_client(config: dict[str, str], endpoint: str, *, retry: bool) -> AiDataPlatformClient:
    """The oci SDK's generated client; without `retry` it gets NoneRetryStrategy."""
    kwargs: dict[str, Any] = {} if retry else {"retry_strategy": oci.retry.NoneRetryStrategy()}
    return AiDataPlatformClient(config, service_endpoint=endpoint, **kwargs)


def our_call(client: NotebookClient) -> SyncCall:
    return lambda: client.get_session(PLATFORM_ID, WORKSPACE_KEY, SESSION_ID)


def our_list_call(client: NotebookClient) -> SyncCall:
    return lambda: client.list_sessions(PLATFORM_ID, WORKSPACE_KEY)


def oci_call(client: AiDataPlatformClient) -> SyncCall:
    return lambda: client.get_ai_data_platform(PLATFORM_ID).data


def check_results(floor: SyncCall, ours: SyncCall, theirs: SyncCall) -> None:
    """Every contender really fetched and parsed its resource (not an error, not a stub)."""
    floor_data = floor()
    if floor_data.get("id") != SESSION_ID:
        raise RuntimeError(f"floor parsed {floor_data!r}")
    session = ours()
    if not isinstance(session, Session) or session.id != SESSION_ID or not session.kernel:
        raise RuntimeError(f"NotebookClient returned {session!r}")
    platform = theirs()
    if platform.id != PLATFORM_ID or platform.time_created.year != 2026:
        raise RuntimeError(f"oci returned {platform!r}")


def check_lists(floor: SyncCall, ours: SyncCall, count: int) -> None:
    """Both fetched and parsed the whole collection."""
    items = floor()["items"]
    summaries = ours()
    if len(items) != count or len(summaries) != count or summaries[-1].id != items[-1]["id"]:
        raise RuntimeError(f"list: floor {len(items)} items, ours {len(summaries)}")
