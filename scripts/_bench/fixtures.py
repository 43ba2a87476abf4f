"""What every contender shares: one RSA key per run, its config, the ids and the bodies.

The static server answers our API version's paths with a Session and the oci SDK's
AiDataPlatform paths with an AiDataPlatform, so each SDK deserializes its own full
model. The two bodies are of similar size and each has one date-time field. Our
ListSessions path gets a collection of `LIST_ITEMS` session summaries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aidp_notebook.testing._keys import fake_ocid, generate_api_key
from cryptography.hazmat.primitives.asymmetric import rsa

PLATFORM_ID = "ocid1.aidataplatform.oc1.iad.aaaaaaaabenchplatform0000000000000000000000000000000"
WORKSPACE_KEY = "bench-workspace"
SESSION_ID = "5d6c8a2e-7f0b-4c1e-9a3d-2b8e4f6a1c90"

OUR_API_MARKER = "/20260430/"
OCI_API_MARKER = "/20240831/"  # oci.ai_data_platform's base path
# ListSessions without a filter: the request line ends ".../notebook/api/sessions HTTP/1.1".
LIST_MARKER = "/notebook/api/sessions "
LIST_ITEMS = 10_000

SESSION_BODY: dict[str, Any] = {
    "id": SESSION_ID,
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
}

AI_DATA_PLATFORM_BODY: dict[str, Any] = {
    "id": PLATFORM_ID,
    "displayName": "bench-platform",
    "compartmentId": "ocid1.compartment.oc1..aaaaaaaabenchcompartment000000000000000000000",
    "aiDataPlatformType": "STANDARD",
    "createdBy": "ocid1.user.oc1..aaaaaaaabenchuser",
    "timeCreated": "2026-04-30T09:15:27.123456Z",
    "aliasKey": "bench",
    "lifecycleState": "ACTIVE",
    "freeformTags": {"team": "analytics"},
}


def list_body(count: int = LIST_ITEMS) -> dict[str, Any]:
    """A SessionCollection of `count` summaries, each shaped like the Session above."""
    items = []
    for n in range(count):
        item = json.loads(json.dumps(SESSION_BODY))
        item["id"] = f"{n:08x}-7f0b-4c1e-9a3d-2b8e4f6a1c90"
        item["name"] = f"notebook-{n}.ipynb"
        item["path"] = f"/Workspace/Shared/notebook-{n}.ipynb"
        items.append(item)
    return {"items": items}


def server_routes() -> list[tuple[str, str]]:
    """(marker, JSON body) pairs for `StaticServer`; the first is also the fallback."""
    return [
        (OUR_API_MARKER, json.dumps(SESSION_BODY)),
        (OCI_API_MARKER, json.dumps(AI_DATA_PLATFORM_BODY)),
        (LIST_MARKER, json.dumps(list_body())),
    ]


@dataclass(frozen=True)
class BenchKey:
    """A fresh 2048-bit RSA API key with the config dict both SDKs accept."""

    private_key: rsa.RSAPrivateKey = field(repr=False)
    config: dict[str, str] = field(repr=False)


def new_key() -> BenchKey:
    """The same kind of key and config the local service makes for itself."""
    key = generate_api_key()
    config = {
        "user": fake_ocid("user"),
        "tenancy": fake_ocid("tenancy"),
        "fingerprint": key.fingerprint,
        "key_content": key.private_key_pem,
        "region": "us-ashburn-1",
    }
    return BenchKey(key.private_key, config)
