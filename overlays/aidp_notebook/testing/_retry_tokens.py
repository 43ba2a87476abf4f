"""opc-retry-token on the local service: a create sent again under the same token gets the
first answer again (and nothing new is created); the same token on a different request is
a 409. Shared by both session backends."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ._errors import ApiError

if TYPE_CHECKING:
    from ._store import Created


@dataclass(frozen=True)
class _Entry:
    request: str  # what the first request asked for; a different request is a conflict
    outcome: Created = field(repr=False)


class RetryTokens:
    """The creates made under a retry token; callers hold their own lock around use."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}

    def replay(self, token: str | None, request: str) -> Created | None:
        """The first answer for `token`, marked replayed; None when the token is new."""
        entry = None if token is None else self._entries.get(token)
        if entry is None:
            return None
        if entry.request != request:
            raise ApiError(409, "opc-retry-token was already used for a different request")
        return dataclasses.replace(entry.outcome, replayed=True)

    def remember(self, token: str | None, request: str, outcome: Created) -> None:
        if token is not None:
            self._entries[token] = _Entry(request, outcome)

    def clear(self) -> None:
        self._entries.clear()
