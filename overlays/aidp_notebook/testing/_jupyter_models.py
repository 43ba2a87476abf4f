"""Translation between AIDP's notebook models and Jupyter's, in one place.

AIDP's notebook API is a Jupyter server behind OCI signing, with workspaces around it.
Here each workspace is a directory of the Jupyter server's root, so paths translate by
adding or removing that directory, and "..", which could leave it, is refused. A Session
is Jupyter's session (path, name, type, kernel) plus what AIDP adds: lifecycleState,
cluster_id and agentFlowKey. The lifecycle comes from the kernel: CREATING until it has
answered, ACTIVE after, FAILED once it has died (Jupyter then drops the session).

Contents, when they come, translate here too: a file's AIDP path maps to the same Jupyter
path as a session's (`jupyter_path`), and back (`aidp_path`).
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Mapping
from typing import Any

from ._errors import ApiError

WORKSPACES_DIR = "workspaces"
DEFAULT_KERNEL = "python3"
KERNEL_FIELDS = ("id", "name", "execution_state", "connections", "last_activity")
# Session fields that only AIDP has; Jupyter never sees them.
AIDP_ONLY_FIELDS = ("cluster_id", "agentFlowKey")


# -- paths ------------------------------------------------------------------------------------


def workspace_dir(platform: str, workspace: str) -> str:
    """The Jupyter path of a workspace's root: a digest, since the ids may hold any text."""
    # JSON keeps the pair unambiguous, whatever the ids hold (a NUL included).
    digest = hashlib.sha256(json.dumps([platform, workspace]).encode()).hexdigest()[:32]
    return f"{WORKSPACES_DIR}/{digest}"


def jupyter_path(workspace_root: str, path: str, field: str = "path") -> str:
    """The Jupyter path of an AIDP path ("/data/test.ipynb") inside a workspace."""
    if "\x00" in path:
        raise ApiError(400, f"{field} must not contain a NUL character")
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise ApiError(400, f"{field} must not contain '..' segments")
    if not parts:
        raise ApiError(400, f"{field} must name a notebook or file, such as /data/test.ipynb")
    return "/".join([workspace_root, *parts])


def aidp_path(workspace_root: str, path: str) -> str:
    """The AIDP path ("/data/test.ipynb") of a Jupyter path inside a workspace."""
    prefix = workspace_root + "/"
    if not path.startswith(prefix):
        raise ValueError(f"{path!r} is not inside the workspace directory")
    return "/" + path[len(prefix) :]


# -- sessions: AIDP requests to Jupyter ---------------------------------------------------------


def session_name(details: Mapping[str, Any]) -> str:
    """The name of a new session: the one asked for, else the file's name, else Untitled."""
    path = details.get("path")
    return str(details.get("name") or posixpath.basename(path or "") or "Untitled")


def kernel_name(details: Mapping[str, Any]) -> str | None:
    kernel = details.get("kernel")
    return kernel.get("name") if isinstance(kernel, Mapping) else None


def create_request(
    details: Mapping[str, Any], workspace_root: str, session_id: str
) -> dict[str, Any]:
    """Jupyter's POST /api/sessions body for CreateSessionDetails.

    A session without a path gets one of its own (named by its id) inside the workspace:
    Jupyter needs one, AIDP does not.
    """
    path = details.get("path")
    return {
        "path": jupyter_path(workspace_root, path)
        if path is not None
        else (f"{workspace_root}/{hashlib.sha256(session_id.encode()).hexdigest()[:32]}"),
        "name": session_name(details),
        "type": details.get("type", "notebook"),
        "kernel": {"name": kernel_name(details) or DEFAULT_KERNEL},
    }


def patch_request(
    details: Mapping[str, Any], workspace_root: str, current_kernel: str | None
) -> dict[str, Any]:
    """Jupyter's PATCH /api/sessions/{id} body for PatchSessionDetails (may be empty).

    Only a kernel name that differs from the current kernel's goes to Jupyter, where it
    starts a kernel of that name in place of the old one. The kernel's state, activity and
    connections are the kernel's own, not the caller's to set.
    """
    body: dict[str, Any] = {}
    if "path" in details:
        body["path"] = jupyter_path(workspace_root, details["path"])
    for name in ("name", "type"):
        if name in details:
            body[name] = details[name]
    wanted = kernel_name(details)
    if wanted is not None and wanted != current_kernel:
        body["kernel"] = {"name": wanted}
    return body


# -- sessions: Jupyter models to AIDP -----------------------------------------------------------


def aidp_kernel(kernel: Mapping[str, Any]) -> dict[str, Any]:
    """AIDP's Kernel from Jupyter's kernel model (the same names; only these fields)."""
    return {name: kernel[name] for name in KERNEL_FIELDS if kernel.get(name) is not None}


def dead_kernel(last_seen: Mapping[str, Any]) -> dict[str, Any]:
    """The kernel of a session whose kernel died and which Jupyter has dropped."""
    return {**aidp_kernel(last_seen), "execution_state": "dead", "connections": 0}


def lifecycle_state(kernel: Mapping[str, Any] | None, answered: bool | None) -> str:
    """The session's lifecycleState from its kernel and whether that kernel has answered.

    `kernel` is None once Jupyter has no kernel for the session; `answered` is None while
    the kernel has not answered its first kernel_info yet, False if it never did.
    """
    state = kernel.get("execution_state") if kernel is not None else "dead"
    if state == "dead" or answered is False:
        return "FAILED"
    if answered or state not in ("starting", None):
        return "ACTIVE"
    return "CREATING"


def aidp_session(
    session_id: str,
    fields: Mapping[str, Any],
    kernel: Mapping[str, Any] | None,
    last_kernel: Mapping[str, Any],
    answered: bool | None,
) -> dict[str, Any]:
    """AIDP's Session: the AIDP-side `fields` (name, path, type, cluster_id, agentFlowKey)
    with the live Jupyter `kernel`, or the `last_kernel` seen once Jupyter has none."""
    session: dict[str, Any] = {"id": session_id, **fields}
    session["lifecycleState"] = lifecycle_state(kernel, answered)
    session["kernel"] = aidp_kernel(kernel) if kernel is not None else dead_kernel(last_kernel)
    return session
