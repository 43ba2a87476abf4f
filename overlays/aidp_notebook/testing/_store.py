"""In-memory notebook sessions with the service's semantics, behind one lock.

Sessions live in workspaces keyed by (aiDataPlatformId, workspaceKey). Every method
returns copies, so callers can never change stored state without the lock.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import posixpath
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ._errors import ApiError
from ._retry_tokens import RetryTokenLimits, RetryTokens

WorkspaceId = tuple[str, str]
_PATCHABLE = ("name", "path", "cluster_id", "type")


def utc_timestamp() -> str:
    """ISO 8601 in UTC with a `Z` suffix, the form the service uses for `last_activity`."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _not_found(what: str) -> ApiError:
    return ApiError(404, f"{what} not found, or not authorized")


@dataclass
class _Record:
    data: dict[str, Any]
    # A store-wide counter, bumped on every change: two states never share an etag,
    # even when a patch writes the values the session already had.
    version: int
    activate_at: float | None = None

    @property
    def etag(self) -> str:
        text = f"{self.version}:{_canonical(self.data)}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Snapshot:
    """One session as the service would answer it, with its etag at that moment."""

    session: dict[str, Any]
    etag: str


@dataclass(frozen=True)
class Created:
    snapshot: Snapshot
    work_request_id: str
    replayed: bool = False


class SessionStore:
    def __init__(
        self,
        *,
        activation_delay: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
        retry_tokens: RetryTokenLimits | None = None,
    ) -> None:
        if activation_delay < 0:
            raise ValueError("activation_delay must not be negative")
        self.activation_delay = activation_delay
        self._clock = clock
        self._lock = threading.Lock()
        self._workspaces: dict[WorkspaceId, dict[str, _Record]] = {}
        self._retry_tokens: RetryTokens[Created] = RetryTokens(retry_tokens, clock=clock)
        self._version = 0

    # -- helpers; all called with the lock held ---------------------------------------

    def _next_version(self) -> int:
        self._version += 1
        return self._version

    def _workspace(self, platform: str, workspace: str) -> dict[str, _Record]:
        sessions = self._workspaces.get((platform, workspace))
        if sessions is None:
            raise _not_found("workspace")
        return sessions

    def _refresh(self, record: _Record) -> None:
        """Lazy activation: a CREATING session reads ACTIVE once its delay has passed."""
        if record.activate_at is None or self._clock() < record.activate_at:
            return
        record.activate_at = None
        record.data["lifecycleState"] = "ACTIVE"
        kernel = record.data.get("kernel")
        if isinstance(kernel, dict) and kernel.get("execution_state") == "starting":
            kernel["execution_state"] = "idle"
            kernel["last_activity"] = utc_timestamp()
        record.version = self._next_version()

    def _record(self, platform: str, workspace: str, session_id: str) -> _Record:
        record = self._workspace(platform, workspace).get(session_id)
        if record is None:
            raise _not_found("session")
        self._refresh(record)
        return record

    @staticmethod
    def _snapshot(record: _Record) -> Snapshot:
        return Snapshot(copy.deepcopy(record.data), record.etag)

    @staticmethod
    def _check_etag(record: _Record, if_match: str | None) -> None:
        if if_match is not None and if_match.strip() not in ("*", record.etag):
            raise ApiError(412, "if-match does not match the current etag of the session")

    # -- direct access for tests ----------------------------------------------------------

    def has_workspace(self, platform: str, workspace: str) -> bool:
        with self._lock:
            return (platform, workspace) in self._workspaces

    def follow_content_move(self, old: str, new: str) -> int:
        """Sessions whose path names `old` (or lies under it) move to `new`; returns how many.

        Paths compare without their leading "/": a session on "/Shared/a.ipynb" is on the
        contents path "Shared/a.ipynb", and keeps its leading "/" when it moves.
        """
        moved = 0
        with self._lock:
            for sessions in self._workspaces.values():
                for record in sessions.values():
                    path = record.data.get("path")
                    if not isinstance(path, str):
                        continue
                    relative = path.strip("/")
                    if relative != old and not relative.startswith(old + "/"):
                        continue
                    lead = "/" if path.startswith("/") else ""
                    record.data["path"] = lead + new + relative[len(old) :]
                    record.version = self._next_version()
                    moved += 1
        return moved

    def add_workspace(self, platform: str, workspace: str) -> None:
        with self._lock:
            self._workspaces.setdefault((platform, workspace), {})

    def add_session(
        self, platform: str, workspace: str, session: Mapping[str, Any]
    ) -> dict[str, Any]:
        data = copy.deepcopy(dict(session))
        data.setdefault("id", str(uuid.uuid4()))
        if not isinstance(data["id"], str):
            raise TypeError("the session id must be a string")
        try:
            _canonical(data)
        except (TypeError, ValueError) as exc:
            raise TypeError("the session must be JSON-serialisable") from exc
        with self._lock:
            sessions = self._workspaces.setdefault((platform, workspace), {})
            sessions[data["id"]] = _Record(data, self._next_version())
        return copy.deepcopy(data)

    def get_json(self, platform: str, workspace: str, session_id: str) -> dict[str, Any] | None:
        with self._lock:
            try:
                return self._snapshot(self._record(platform, workspace, session_id)).session
            except ApiError:
                return None

    def set_state(
        self,
        platform: str,
        workspace: str,
        session_id: str,
        *,
        lifecycle_state: str | None = None,
        execution_state: str | None = None,
    ) -> None:
        with self._lock:
            try:
                record = self._record(platform, workspace, session_id)
            except ApiError:
                raise KeyError(f"no session {session_id!r} in that workspace") from None
            if lifecycle_state is not None:
                record.data["lifecycleState"] = lifecycle_state
                record.activate_at = None  # an explicit state wins over the pending activation
            if execution_state is not None:
                kernel = record.data.get("kernel")
                if not isinstance(kernel, dict):
                    kernel = record.data["kernel"] = {"id": str(uuid.uuid4()), "name": "python3"}
                kernel["execution_state"] = execution_state
            record.version = self._next_version()

    # -- the five operations --------------------------------------------------------------

    def list_sessions(
        self, platform: str, workspace: str, filters: Mapping[str, str]
    ) -> tuple[list[dict[str, Any]], str]:
        with self._lock:
            items = []
            for record in self._workspace(platform, workspace).values():
                self._refresh(record)
                if all(record.data.get(name) == value for name, value in filters.items()):
                    items.append(copy.deepcopy(record.data))
        etag = hashlib.sha256(_canonical(items).encode("utf-8")).hexdigest()[:32]
        return items, etag

    def get(self, platform: str, workspace: str, session_id: str) -> Snapshot:
        with self._lock:
            return self._snapshot(self._record(platform, workspace, session_id))

    def create(
        self,
        platform: str,
        workspace: str,
        details: Mapping[str, Any],
        retry_token: str | None = None,
    ) -> Created:
        request = _canonical([platform, workspace, details])
        with self._lock:
            first = self._retry_tokens.replay(retry_token, request)
            if first is not None:
                return dataclasses.replace(first, replayed=True)
            outcome = self._create(platform, workspace, details)
            self._retry_tokens.remember(retry_token, request, outcome)
            return outcome

    def _create(self, platform: str, workspace: str, details: Mapping[str, Any]) -> Created:
        sessions = self._workspace(platform, workspace)
        work_request_id = f"ocid1.workrequest.oc1..local{uuid.uuid4().hex}"
        path = details.get("path")
        if path is not None:
            # Get-or-create: one session per notebook path.
            for record in sessions.values():
                if record.data.get("path") == path:
                    self._refresh(record)
                    return Created(self._snapshot(record), work_request_id)
        session_id = details.get("id") or str(uuid.uuid4())
        if session_id in sessions:
            raise ApiError(409, "a session with this id already exists")
        kernel = {
            "id": str(uuid.uuid4()),
            "name": "python3",
            "connections": 0,
            **details.get("kernel", {}),
            # The service, not the caller, decides the state of a kernel it starts.
            "execution_state": "starting",
            "last_activity": utc_timestamp(),
        }
        data: dict[str, Any] = {
            "id": session_id,
            "name": details.get("name") or (posixpath.basename(path or "") or "Untitled"),
            "type": details.get("type", "notebook"),
            "lifecycleState": "CREATING",
            "kernel": kernel,
        }
        for name in ("path", "cluster_id", "agentFlowKey"):
            if name in details:
                data[name] = details[name]
        record = _Record(data, self._next_version(), self._clock() + self.activation_delay)
        sessions[session_id] = record
        self._refresh(record)
        return Created(self._snapshot(record), work_request_id)

    def patch(
        self,
        platform: str,
        workspace: str,
        session_id: str,
        details: Mapping[str, Any],
        if_match: str | None = None,
    ) -> Snapshot:
        with self._lock:
            record = self._record(platform, workspace, session_id)
            self._check_etag(record, if_match)
            if details.get("id", session_id) != session_id:
                raise ApiError(400, "the id of a session cannot be changed")
            new_path = details.get("path")
            if new_path is not None and new_path != record.data.get("path"):
                for other in self._workspace(platform, workspace).values():
                    if other is not record and other.data.get("path") == new_path:
                        raise ApiError(409, "another session already uses this path")
            for name in _PATCHABLE:
                if name in details:
                    record.data[name] = details[name]
            if "kernel" in details or details.get("must_refresh_context"):
                kernel = record.data.get("kernel")
                if not isinstance(kernel, dict):
                    kernel = record.data["kernel"] = {"id": str(uuid.uuid4()), "name": "python3"}
                kernel.update(details.get("kernel", {}))
                if details.get("must_refresh_context"):
                    # A fresh execution context counts as kernel activity.
                    kernel["last_activity"] = utc_timestamp()
            record.version = self._next_version()
            return self._snapshot(record)

    def delete(
        self, platform: str, workspace: str, session_id: str, if_match: str | None = None
    ) -> None:
        with self._lock:
            record = self._record(platform, workspace, session_id)
            self._check_etag(record, if_match)
            # The kernel is part of the session record, so it goes with it.
            del self._workspace(platform, workspace)[session_id]
