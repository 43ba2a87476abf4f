"""Get many sessions at once with AsyncNotebookClient, a bounded number in flight.

    python examples/async_fan_out.py                 # against a local service
    python examples/async_fan_out.py --profile DEFAULT \\
        --platform-id ocid1.aidataplatform.oc1... --workspace-key my-workspace \\
        --session-id ID1 --session-id ID2 ...
"""

from __future__ import annotations

import argparse
import asyncio

from aidp_notebook import AidpError, AsyncNotebookClient, Session
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    LocalNotebookService,
)

# More in flight only earns 429s; the client retries those, but slower than a queue here.
MAX_IN_FLIGHT = 8


async def get_sessions(
    client: AsyncNotebookClient, platform_id: str, workspace_key: str, session_ids: list[str]
) -> list[Session | AidpError]:
    """Each session, or the error that prevented it: one failure does not cancel the rest."""
    slots = asyncio.Semaphore(MAX_IN_FLIGHT)

    async def one(session_id: str) -> Session | AidpError:
        async with slots:
            try:
                return await client.get_session(platform_id, workspace_key, session_id)
            except AidpError as error:
                return error

    return await asyncio.gather(*(one(session_id) for session_id in session_ids))


async def report(
    client: AsyncNotebookClient, platform_id: str, workspace_key: str, session_ids: list[str]
) -> None:
    results = await get_sessions(client, platform_id, workspace_key, session_ids)
    for session_id, result in zip(session_ids, results, strict=True):
        if isinstance(result, Session):
            print(f"{result.name}: {result.lifecycle_state}")
        else:
            print(f"{session_id}: failed: {type(result).__name__}")
    failed = sum(isinstance(result, AidpError) for result in results)
    print(f"{len(results) - failed} of {len(results)} sessions fetched")


async def run_locally() -> None:
    with LocalNotebookService() as service:
        ids = [SEED_SESSION_ID]
        for number in range(1, 6):
            session = {"name": f"report-{number}.ipynb", "lifecycleState": "ACTIVE"}
            added = service.add_session(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, session)
            ids.append(added["id"])
        ids.append("no-such-session")
        # One client, one connection pool, shared by every concurrent call.
        async with service.async_client() as client:
            await report(client, SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profile", help="OCI config profile; without it, use a local service")
    parser.add_argument("--config-file", default="~/.oci/config")
    parser.add_argument("--endpoint", help="service endpoint, if not the region's default")
    parser.add_argument("--platform-id")
    parser.add_argument("--workspace-key")
    parser.add_argument("--session-id", action="append", dest="session_ids")
    args = parser.parse_args()

    if not args.profile:
        asyncio.run(run_locally())
        return
    if not (args.platform_id and args.workspace_key and args.session_ids):
        parser.error("--profile needs --platform-id, --workspace-key and --session-id")

    async def run_on_oci() -> None:
        async with AsyncNotebookClient.from_file(
            args.config_file, args.profile, service_endpoint=args.endpoint
        ) as client:
            await report(client, args.platform_id, args.workspace_key, args.session_ids)

    asyncio.run(run_on_oci())


if __name__ == "__main__":
    main()
