"""What the routes need from a sessions backend: the five operations on one workspace.

Two backends implement it: SessionStore (in memory, states scripted by the test) and
JupyterSessions (every session a real kernel of a private Jupyter server).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from ._store import Created, Snapshot


class SessionBackend(Protocol):
    def add_workspace(self, platform: str, workspace: str) -> None: ...

    def get_json(self, platform: str, workspace: str, session_id: str) -> dict[str, Any] | None: ...

    def list_sessions(
        self, platform: str, workspace: str, filters: Mapping[str, str]
    ) -> tuple[list[dict[str, Any]], str]: ...

    def get(self, platform: str, workspace: str, session_id: str) -> Snapshot: ...

    def create(
        self,
        platform: str,
        workspace: str,
        details: Mapping[str, Any],
        retry_token: str | None = None,
    ) -> Created: ...

    def patch(
        self,
        platform: str,
        workspace: str,
        session_id: str,
        details: Mapping[str, Any],
        if_match: str | None = None,
    ) -> Snapshot: ...

    def delete(
        self, platform: str, workspace: str, session_id: str, if_match: str | None = None
    ) -> None: ...
