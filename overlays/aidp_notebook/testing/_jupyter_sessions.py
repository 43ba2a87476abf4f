"""Notebook sessions as real Jupyter kernels: the sessions backend of backend="jupyter".

Jupyter keeps the sessions and runs their kernels; this module keeps what AIDP adds around
them (workspaces, ids, cluster_id, agentFlowKey, retry tokens, etags) and asks each new
kernel for kernel_info until it answers. The etag covers what the API's own calls change
(create, patch, a new kernel), not the kernel's comings and goings between calls.
"""

from __future__ import annotations

import concurrent.futures
import copy
import dataclasses
import hashlib
import json
import logging
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import _jupyter_models as models
from ._errors import ApiError
from ._jupyter_client import JupyterClient, JupyterError, KernelProbes
from ._jupyter_process import JupyterServer, check_installed
from ._retry_tokens import RetryTokenLimits, RetryTokens
from ._store import Created, Snapshot

logger = logging.getLogger("aidp_notebook.testing")

_FIELDS = ("name", "path", "type", "cluster_id", "agentFlowKey")


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _not_found(what: str) -> ApiError:
    return ApiError(404, f"{what} not found, or not authorized")


def _upstream(error: JupyterError) -> ApiError:
    status = f" {error.status}" if error.status is not None else ""
    return ApiError(502, f"the Jupyter server answered{status}: {error.message}")


@dataclass
class _Record:
    """What AIDP adds to one Jupyter session."""

    jupyter_id: str
    fields: dict[str, Any]  # name, path (AIDP form), type, cluster_id, agentFlowKey
    kernel: dict[str, Any]  # the last Jupyter kernel model seen
    version: int
    answered: bool | None = None  # has the current kernel answered kernel_info?
    probe: concurrent.futures.Future[bool] | None = field(default=None, repr=False)

    def etag(self, session_id: str) -> str:
        basis = [self.version, session_id, self.fields, self.kernel.get("id")]
        return hashlib.sha256(_canonical(basis).encode("utf-8")).hexdigest()[:32]


class JupyterSessions:
    """The five session operations on a private Jupyter server (started by start())."""

    def __init__(self, *, retry_tokens: RetryTokenLimits | None = None) -> None:
        check_installed()
        self._server = JupyterServer()
        self._client: JupyterClient | None = None
        self._probes: KernelProbes | None = None
        self._lock = threading.RLock()
        # One create at a time: get-or-create by path and retry tokens must see each other.
        self._creating = threading.Lock()
        self._workspaces: dict[tuple[str, str], dict[str, _Record]] = {}
        self._retry_tokens: RetryTokens[Created] = RetryTokens(retry_tokens)
        self._version = 0

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> None:
        self._server.start()
        url, token = self._server.url, self._server.token
        if url is None or token is None:
            raise RuntimeError("the Jupyter server started without a URL or token")
        self._client = JupyterClient(url, token)
        self._probes = KernelProbes(url, token)
        with self._lock:
            for platform, workspace in self._workspaces:
                self._make_workspace_dir(platform, workspace)

    def stop(self) -> None:
        """Shut the server and every kernel down; the sessions are gone, the workspaces stay."""
        if self._probes is not None:
            self._probes.stop()
        if self._client is not None:
            self._client.close()
        self._server.stop()
        self._probes = self._client = None
        with self._lock:
            for sessions in self._workspaces.values():
                sessions.clear()
            self._retry_tokens.clear()

    @property
    def server(self) -> JupyterServer:
        return self._server

    def kernel_pid(self, kernel_id: str) -> int | None:
        return self._server.kernel_pid(kernel_id)

    @property
    def _jupyter(self) -> JupyterClient:
        if self._client is None:
            raise ApiError(503, "the Jupyter server is not running")
        return self._client

    # -- workspaces -----------------------------------------------------------------------

    def add_workspace(self, platform: str, workspace: str) -> None:
        with self._lock:
            self._workspaces.setdefault((platform, workspace), {})
            if self._client is not None:
                self._make_workspace_dir(platform, workspace)

    def _make_workspace_dir(self, platform: str, workspace: str) -> None:
        root: Path = self._server.root_dir
        (root / models.workspace_dir(platform, workspace)).mkdir(parents=True, exist_ok=True)

    def _workspace(self, platform: str, workspace: str) -> dict[str, _Record]:
        sessions = self._workspaces.get((platform, workspace))
        if sessions is None:
            raise _not_found("workspace")
        return sessions

    def _record(self, platform: str, workspace: str, session_id: str) -> _Record:
        record = self._workspace(platform, workspace).get(session_id)
        if record is None:
            raise _not_found("session")
        return record

    def _next_version(self) -> int:
        self._version += 1
        return self._version

    # -- kernels --------------------------------------------------------------------------

    def _watch(self, record: _Record) -> None:
        """Ask the record's current kernel for kernel_info until it answers, or gives up."""
        kernel_id = record.kernel.get("id")
        record.answered = None
        if self._probes is None or not isinstance(kernel_id, str):
            return
        probe = self._probes.probe(kernel_id)
        record.probe = probe

        def done(future: concurrent.futures.Future[bool]) -> None:
            answered = False if future.cancelled() or future.exception() else future.result()
            with self._lock:
                if record.probe is future:  # not a probe of a kernel replaced since
                    record.answered = answered

        probe.add_done_callback(done)

    def _session(
        self, session_id: str, record: _Record, live: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        kernel = live.get("kernel") if live is not None else None
        if isinstance(kernel, dict):
            record.kernel = copy.deepcopy(kernel)
        else:
            kernel = None
        return models.aidp_session(
            session_id, record.fields, kernel, record.kernel, record.answered
        )

    def _snapshot(self, session_id: str, record: _Record) -> Snapshot:
        live = self._jupyter.session(record.jupyter_id)
        with self._lock:
            return Snapshot(self._session(session_id, record, live), record.etag(session_id))

    # -- the five operations --------------------------------------------------------------

    def get_json(self, platform: str, workspace: str, session_id: str) -> dict[str, Any] | None:
        try:
            return self.get(platform, workspace, session_id).session
        except ApiError:
            return None

    def list_sessions(
        self, platform: str, workspace: str, filters: Mapping[str, str]
    ) -> tuple[list[dict[str, Any]], str]:
        with self._lock:
            records = list(self._workspace(platform, workspace).items())
        try:
            live = {session["id"]: session for session in self._jupyter.sessions()}
        except JupyterError as exc:
            raise _upstream(exc) from None
        items = []
        with self._lock:
            for session_id, record in records:
                session = self._session(session_id, record, live.get(record.jupyter_id))
                if all(session.get(name) == value for name, value in filters.items()):
                    items.append(session)
        etag = hashlib.sha256(_canonical(items).encode("utf-8")).hexdigest()[:32]
        return items, etag

    def get(self, platform: str, workspace: str, session_id: str) -> Snapshot:
        with self._lock:
            record = self._record(platform, workspace, session_id)
        try:
            return self._snapshot(session_id, record)
        except JupyterError as exc:
            raise _upstream(exc) from None

    def create(
        self,
        platform: str,
        workspace: str,
        details: Mapping[str, Any],
        retry_token: str | None = None,
    ) -> Created:
        request = _canonical([platform, workspace, details])
        with self._creating:
            first = self._retry_tokens.replay(retry_token, request)
            if first is not None:
                return dataclasses.replace(first, replayed=True)
            try:
                outcome = self._create(platform, workspace, details)
            except JupyterError as exc:
                raise _upstream(exc) from None
            self._retry_tokens.remember(retry_token, request, outcome)
            return outcome

    def _create(self, platform: str, workspace: str, details: Mapping[str, Any]) -> Created:
        work_request_id = f"ocid1.workrequest.oc1..local{uuid.uuid4().hex}"
        with self._lock:
            sessions = self._workspace(platform, workspace)
            path = details.get("path")
            for session_id, record in sessions.items():
                if path is not None and record.fields.get("path") == path:
                    # Get-or-create: one session per notebook path.
                    existing = (session_id, record)
                    break
            else:
                existing = None
            session_id = details.get("id") or str(uuid.uuid4())
            if existing is None and session_id in sessions:
                raise ApiError(409, "a session with this id already exists")
            root = models.workspace_dir(platform, workspace)
        if existing is not None:
            return Created(self._snapshot(*existing), work_request_id)
        self._check_kernel_name(models.kernel_name(details))
        body = models.create_request(details, root, session_id)
        live = self._jupyter.create_session(body)
        fields: dict[str, Any] = {"name": body["name"], "type": body["type"]}
        for name in ("path", *models.AIDP_ONLY_FIELDS):
            if name in details:
                fields[name] = details[name]
        with self._lock:
            record = _Record(
                jupyter_id=str(live["id"]),
                fields=fields,
                kernel=copy.deepcopy(live.get("kernel") or {}),
                version=self._next_version(),
            )
            sessions[session_id] = record
            self._watch(record)
            snapshot = Snapshot(self._session(session_id, record, live), record.etag(session_id))
        return Created(snapshot, work_request_id)

    def _check_kernel_name(self, name: str | None) -> None:
        if name is None:
            return
        known = self._jupyter.kernel_names()
        if name not in known:
            raise ApiError(
                400, f"kernel.name {name!r} is not a kernel of this server ({', '.join(known)})"
            )

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
            self._check_etag(record, session_id, if_match)
            if details.get("id", session_id) != session_id:
                raise ApiError(400, "the id of a session cannot be changed")
            new_path = details.get("path")
            if new_path is not None and new_path != record.fields.get("path"):
                for other in self._workspace(platform, workspace).values():
                    if other is not record and other.fields.get("path") == new_path:
                        raise ApiError(409, "another session already uses this path")
            root = models.workspace_dir(platform, workspace)
            body = models.patch_request(details, root, record.kernel.get("name"))
            kernel_id = record.kernel.get("id")
        try:
            if body:
                self._check_kernel_name(body.get("kernel", {}).get("name"))
                self._jupyter.patch_session(record.jupyter_id, body)
            if details.get("must_refresh_context") and "kernel" not in body and kernel_id:
                # A fresh execution context: the same kernel, restarted.
                self._jupyter.restart_kernel(str(kernel_id))
            live = self._jupyter.session(record.jupyter_id)
        except JupyterError as exc:
            raise _upstream(exc) from None
        with self._lock:
            for name in _FIELDS:
                if name in details:
                    record.fields[name] = details[name]
            record.version = self._next_version()
            if live is not None and isinstance(live.get("kernel"), dict):
                record.kernel = copy.deepcopy(live["kernel"])
                if "kernel" in body or details.get("must_refresh_context"):
                    self._watch(record)  # a new or restarted kernel must answer again
            return Snapshot(self._session(session_id, record, live), record.etag(session_id))

    def delete(
        self, platform: str, workspace: str, session_id: str, if_match: str | None = None
    ) -> None:
        with self._lock:
            record = self._record(platform, workspace, session_id)
            self._check_etag(record, session_id, if_match)
        try:
            self._jupyter.delete_session(record.jupyter_id)  # also shuts the kernel down
        except JupyterError as exc:
            raise _upstream(exc) from None
        with self._lock:
            sessions = self._workspace(platform, workspace)
            if sessions.get(session_id) is record:
                del sessions[session_id]
            if record.probe is not None:
                record.probe.cancel()

    @staticmethod
    def _check_etag(record: _Record, session_id: str, if_match: str | None) -> None:
        if if_match is not None and if_match.strip() not in ("*", record.etag(session_id)):
            raise ApiError(412, "if-match does not match the current etag of the session")
