"""What goes wrong, and how the SDK tells you: typed errors, retries, request ids.

    python examples/handle_errors.py                 # against a local service
    python examples/handle_errors.py --profile DEFAULT \\
        --platform-id ocid1.aidataplatform.oc1... --workspace-key my-workspace --session-id ID
"""

from __future__ import annotations

import argparse

from aidp_notebook import (
    InvalidConfigError,
    NotebookClient,
    NotFoundError,
    ServiceError,
    TransportError,
)
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)


def try_get(client: NotebookClient, platform_id: str, workspace_key: str, session_id: str) -> None:
    try:
        response = client.get_session_detailed(platform_id, workspace_key, session_id)
    except NotFoundError as error:
        # OCI answers 404 both for "no such session" and for "not allowed to see it".
        print(f"{session_id}: not found or not authorized ({error.code})")
        print(f"  quote opc-request-id {error.opc_request_id} when asking Oracle about it")
    except ServiceError as error:
        print(f"{session_id}: the service answered {error.status} {error.code}")
    except TransportError as error:
        print(f"{session_id}: no answer ({type(error).__name__}) after {error.attempts} attempts")
    else:
        # Throttling (429) and 5xx were retried with backoff before we got here.
        print(f"{session_id}: {response.data.name}, after {response.attempts} attempt(s)")


def bad_input(client: NotebookClient, platform_id: str, workspace_key: str) -> None:
    try:
        client.get_session(platform_id, workspace_key, "  ")
    except ValueError as error:  # checked before anything is sent
        print(f"refused locally: {error}")
    try:
        NotebookClient.from_file("/no/such/oci/config")
    except InvalidConfigError as error:  # names the offending setting: error.key
        print(f"bad configuration ({error.key}): {error.problem}")


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
        ids = (args.platform_id, args.workspace_key)
        with NotebookClient.from_file(
            args.config_file, args.profile, service_endpoint=args.endpoint
        ) as client:
            try_get(client, *ids, args.session_id)
            try_get(client, *ids, "no-such-session")
            bad_input(client, *ids)
        return

    ids = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY)
    with LocalNotebookService() as service:
        with service.client() as client:
            try_get(client, *ids, SEED_SESSION_ID)
            try_get(client, *ids, "no-such-session")
            # Throttle the next two requests; Retry-After: 0 keeps the demo from waiting.
            service.inject(Fault(status=429, headers={"retry-after": "0"}), count=2)
            try_get(client, *ids, SEED_SESSION_ID)
            bad_input(client, *ids)
        with service.client(retry=None) as no_retries:
            service.inject(Fault(status=503))
            try_get(no_retries, *ids, SEED_SESSION_ID)


if __name__ == "__main__":
    main()
