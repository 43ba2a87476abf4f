"""One round against LocalNotebookService, which verifies OCI signatures, before timing.

The static server accepts anything, so this is where we learn that what is timed is
real: our sync and async clients and the floor's minimal signing adapter all send
requests the service accepts. The service is not used for timing: verifying a
signature costs the server as much as making one costs the client.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aidp_notebook import Session
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    LocalNotebookService,
)

from .sync_contenders import FloorClient, session_path

_IDS = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID)


async def _async_get(service: LocalNotebookService) -> Session:
    async with service.async_client() as client:
        return await client.get_session(*_IDS)


def check_local_service() -> dict[str, Any]:
    """Fetch the seed session three ways; raise unless every request was accepted."""
    with LocalNotebookService() as service:
        with service.client() as client:
            sync_session = client.get_session(*_IDS)
        async_session = asyncio.run(_async_get(service))
        floor = FloorClient(service.config, service.endpoint, session_path(*_IDS))
        try:
            floor_json = floor.get_session()
        finally:
            floor.close()
        verdicts = [(request.status, request.signature_valid) for request in service.requests]
    if not sync_session.id == async_session.id == floor_json["id"] == SEED_SESSION_ID:
        raise RuntimeError("LocalNotebookService returned an unexpected session")
    if verdicts != [(200, True)] * 3:
        raise RuntimeError(f"LocalNotebookService answered (status, signature valid) {verdicts}")
    return {"NotebookClient": "ok", "AsyncNotebookClient": "ok", "floor": "ok"}
