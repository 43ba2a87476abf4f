"""Following `opc-next-page` safely: the generated list iterators ask here for the next page."""

from __future__ import annotations

from typing import Any

from aidp_notebook_client.types import ApiResponse, OperationInfo

from ._errors import InvalidResponseError


def next_page(
    operation: OperationInfo[Any], response: ApiResponse[Any], seen: set[str]
) -> str | None:
    """The token of the page after `response`, or None after the last page.

    A token seen before would make the iteration go round forever (a service fault): it
    raises InvalidResponseError instead. An empty token counts as no next page.
    """
    token = response.next_page
    if not token:
        return None
    if token in seen:
        raise InvalidResponseError(
            f"the opc-next-page token {token[:80]!r} came back a second time, so paging "
            "would never end",
            status=response.status_code,
            opc_request_id=response.opc_request_id,
            operation=operation.name,
            url=response.request.url if response.request is not None else "",
        )
    seen.add(token)
    return token
