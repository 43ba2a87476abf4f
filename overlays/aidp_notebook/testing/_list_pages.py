"""Paging of ListSessions on the local service: `limit`, `page`, `sortBy`, `sortOrder`.

Paging is unconfirmed for the real service (one SDK version has it, the documentation
does not), so the local service pages only when asked: by a `limit`, or by a page size
set on the service (`LocalNotebookService(page_size=...)`), which makes code that ignores
`opc-next-page` visible in tests. Tokens are opaque to clients and refused when forged.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ._errors import ApiError

MAX_LIMIT = 1000
_PARAMS = ("limit", "page", "sortBy", "sortOrder")
_PAGE_MARK = "aidp-local-page:"


@dataclass
class ListPaging:
    """The service-wide page size; None answers a list whole unless `limit` is given."""

    page_size: int | None = None


def paging_params(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    params: dict[str, str] = {}
    for name, value in pairs:
        if name in _PARAMS:
            if name in params:
                raise ApiError(400, f"query parameter {name} is given more than once")
            params[name] = value
    return params


def _limit(params: dict[str, str], default: int | None) -> int | None:
    if "limit" not in params:
        return default
    text = params["limit"]
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_LIMIT:
        raise ApiError(400, f"limit must be an integer from 1 to {MAX_LIMIT}")
    return int(text)


def _offset(params: dict[str, str]) -> int:
    token = params.get("page")
    if token is None:
        return 0
    try:
        text = base64.urlsafe_b64decode(token.encode("ascii")).decode("ascii")
    except (UnicodeError, ValueError, binascii.Error):
        text = ""
    offset = text.removeprefix(_PAGE_MARK)
    if not text.startswith(_PAGE_MARK) or not offset.isdigit():
        raise ApiError(400, "page is not a token this service gave out (opc-next-page)")
    return int(offset)


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PAGE_MARK}{offset}".encode("ascii")).decode("ascii")


def sort_items(items: list[dict[str, Any]], params: dict[str, str]) -> list[dict[str, Any]]:
    """Items in creation order (the store's); sortBy=timeCreated is newest first by default."""
    sort_by, order = params.get("sortBy"), params.get("sortOrder")
    if sort_by is not None and sort_by != "timeCreated":
        raise ApiError(400, "sortBy must be timeCreated")
    if order is not None and order not in ("ASC", "DESC"):
        raise ApiError(400, "sortOrder must be ASC or DESC")
    if sort_by is None and order is None:
        return items
    return items if order == "ASC" else list(reversed(items))


def page_of(
    items: list[dict[str, Any]], params: dict[str, str], paging: ListPaging
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of the sorted items, and the next page's token (None on the last page)."""
    ordered = sort_items(items, params)
    offset = _offset(params)
    size = _limit(params, paging.page_size)
    if size is None:
        return ordered[offset:], None
    end = offset + size
    return ordered[offset:end], (_token(end) if end < len(ordered) else None)
