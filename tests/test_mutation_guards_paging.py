"""Following opc-next-page: the rules mutation testing showed no test held (issue 25).

The error for a repeated token must say which request it answered (its url, status and
opc-request-id), and an empty token ends the paging like an absent one.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from aidp_notebook import InvalidResponseError
from aidp_notebook._paging import next_page
from aidp_notebook_client.operations import LIST_SESSIONS
from aidp_notebook_client.types import ApiResponse, RequestInfo

URL = "http://127.0.0.1:9/20260430/aiDataPlatforms/p/workspaces/w/notebook/api/sessions"


def _response(token: str | None, *, sent: bool = True) -> ApiResponse[Any]:
    headers = {"opc-request-id": "RID-PAGE"}
    if token is not None:
        headers["opc-next-page"] = token
    request = RequestInfo(httpx.Request("GET", URL)) if sent else None
    return ApiResponse(data=[], status_code=200, headers=httpx.Headers(headers), request=request)


@pytest.mark.parametrize("token", [None, ""])
def test_no_token_or_an_empty_one_ends_the_paging(token: str | None) -> None:
    seen: set[str] = set()
    assert next_page(LIST_SESSIONS, _response(token), seen) is None
    assert seen == set()


def test_each_new_token_is_followed_and_remembered() -> None:
    seen: set[str] = set()
    assert next_page(LIST_SESSIONS, _response("t1"), seen) == "t1"
    assert next_page(LIST_SESSIONS, _response("t2"), seen) == "t2"
    assert seen == {"t1", "t2"}


def test_a_repeated_token_says_which_request_it_answered() -> None:
    seen = {"t1"}
    with pytest.raises(InvalidResponseError, match="came back a second time") as caught:
        next_page(LIST_SESSIONS, _response("t1"), seen)
    error = caught.value
    assert error.url == URL
    assert error.status == 200
    assert error.opc_request_id == "RID-PAGE"
    assert error.operation == "ListSessions"
    assert "'t1'" in str(error)


def test_a_repeated_token_without_a_request_has_an_empty_url() -> None:
    with pytest.raises(InvalidResponseError) as caught:
        next_page(LIST_SESSIONS, _response("t1", sent=False), {"t1"})
    assert caught.value.url == ""
