"""Following `opc-next-page` safely: the generated list iterators ask here for the next page."""

from __future__ import annotations

from typing import Any

import httpx
from aidp_notebook_client.types import ApiResponse, OperationInfo

from ._errors import InvalidResponseError
from ._validation import ServiceText
from ._walk_limits import DEFAULT_MAX_PAGES


def next_page(
    operation: OperationInfo[Any],
    response: ApiResponse[Any],
    seen: set[str],
    max_pages: int = DEFAULT_MAX_PAGES,
) -> str | None:
    """The token of the page after `response`, or None after the last page.

    Paging that would not end is a service fault, raised as InvalidResponseError: a
    token seen before (it would go round for ever), or a next page after `max_pages`
    pages (`seen` holds the tokens followed so far, one per page after the first). An
    empty token counts as no next page. The token goes back as the service sent it,
    whatever its length (the 4,096-character limit is for the caller's own input), as
    long as the next request's URL can hold it.
    """
    token = response.next_page
    if not token:
        return None
    if token in seen:
        raise _endless(
            operation,
            response,
            f"the opc-next-page token {token[:80]!r} came back a second time, so paging "
            "would never end",
        )
    pages = len(seen) + 1
    if pages >= max_pages:
        raise _endless(
            operation,
            response,
            f"after {pages} pages the service names yet another (opc-next-page), over "
            f"max_pages={max_pages}, so paging is taken not to end. If the listing really "
            "is this long, raise max_pages with client.with_options(max_pages=...)",
        )
    url = response.request.url if response.request is not None else None
    if url is not None:
        try:
            httpx.URL(url).copy_set_param("page", token)
        except httpx.InvalidURL:
            raise _endless(
                operation,
                response,
                f"the service's opc-next-page token is {len(token):,} characters long, too "
                "long for the URL of the next page's request, so it cannot be sent back",
            ) from None
    seen.add(token)
    return ServiceText(token)


def _endless(
    operation: OperationInfo[Any], response: ApiResponse[Any], problem: str
) -> InvalidResponseError:
    return InvalidResponseError(
        problem,
        status=response.status_code,
        opc_request_id=response.opc_request_id,
        operation=operation.name,
        url=response.request.url if response.request is not None else "",
    )
