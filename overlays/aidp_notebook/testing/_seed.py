"""Sessions a seeded local service starts with: one workspace, three sessions.

Between them they use every Session and Kernel field, each lifecycle state and each
session type, and share some filter values so list filters have something to tell apart.
"""

from __future__ import annotations

import copy
from typing import Any

SEED_AI_DATA_PLATFORM_ID = (
    "ocid1.aidataplatform.oc1.iad.aaaaaaaalocalseedplatform000000000000000000000000000"
)
SEED_WORKSPACE_KEY = "local-workspace"
SEED_SESSION_ID = "5d6c8a2e-7f0b-4c1e-9a3d-2b8e4f6a1c90"

_SESSIONS: tuple[dict[str, Any], ...] = (
    {
        "id": SEED_SESSION_ID,
        "name": "sales-analysis.ipynb",
        "path": "/Workspace/Shared/sales-analysis.ipynb",
        "type": "notebook",
        "lifecycleState": "ACTIVE",
        "cluster_id": "cluster-analytics",
        "agentFlowKey": "sales-agent-flow",
        "kernel": {
            "id": "0a7e4c1d-3b2f-4e5a-8c9d-1f2e3a4b5c6d",
            "name": "python3",
            "execution_state": "idle",
            "connections": 1,
            "last_activity": "2026-04-30T09:15:27.123456Z",
        },
    },
    {
        "id": "8b1f0c2d-4e3a-4b5c-9d6e-7f8a9b0c1d2e",
        "name": "nightly-etl.py",
        "path": "/Workspace/Shared/nightly-etl.py",
        "type": "file",
        "lifecycleState": "CREATING",
        "cluster_id": "cluster-etl",
        "kernel": {
            "id": "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
            "name": "python3",
            "execution_state": "starting",
            "connections": 0,
            "last_activity": "2026-04-30T10:00:00.000000Z",
        },
    },
    {
        "id": "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f",
        "name": "support-triage",
        "path": "/Workspace/Users/dev/support-triage.flow",
        "type": "agentflow",
        "lifecycleState": "FAILED",
        "cluster_id": "cluster-analytics",
        "agentFlowKey": "support-agent-flow",
        "kernel": {
            "id": "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
            "name": "python3",
            "execution_state": "dead",
            "connections": 0,
            "last_activity": "2026-04-29T23:59:59Z",
        },
    },
)


def seed_sessions() -> list[dict[str, Any]]:
    """Fresh copies, so one service instance cannot change another's seed."""
    return copy.deepcopy(list(_SESSIONS))
