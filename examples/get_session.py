"""Get one notebook session and print what it is doing.

    python examples/get_session.py                  # against a local service
    python examples/get_session.py --profile DEFAULT \\
        --platform-id ocid1.aidataplatform.oc1... --workspace-key my-workspace --session-id ID
"""

from __future__ import annotations

import argparse

from aidp_notebook import NotebookClient
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    LocalNotebookService,
)


def show_session(
    client: NotebookClient, platform_id: str, workspace_key: str, session_id: str
) -> None:
    session = client.get_session(platform_id, workspace_key, session_id)
    print(f"{session.name} ({session.type_}) is {session.lifecycle_state}")
    # Optional fields the service left out are UNSET, which is falsy.
    if session.kernel:
        print(f"  kernel {session.kernel.name}: {session.kernel.execution_state}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profile", help="OCI config profile; without it, use a local service")
    parser.add_argument("--config-file", default="~/.oci/config")
    parser.add_argument("--endpoint", help="service endpoint, if not the region's default")
    parser.add_argument("--platform-id")
    parser.add_argument("--workspace-key")
    parser.add_argument("--session-id")
    args = parser.parse_args()

    if args.profile:
        if not (args.platform_id and args.workspace_key and args.session_id):
            parser.error("--profile needs --platform-id, --workspace-key and --session-id")
        with NotebookClient.from_file(
            args.config_file, args.profile, service_endpoint=args.endpoint
        ) as client:
            show_session(client, args.platform_id, args.workspace_key, args.session_id)
    else:
        # A real HTTP server on loopback that checks OCI signatures, seeded with sessions.
        with LocalNotebookService() as service, service.client() as client:
            show_session(client, SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID)


if __name__ == "__main__":
    main()
