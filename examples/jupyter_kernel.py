"""Open a notebook session, wait for its kernel to be idle, then delete it.

    python examples/jupyter_kernel.py               # against a local Jupyter-backed service
    python examples/jupyter_kernel.py --profile DEFAULT \\
        --platform-id ocid1.aidataplatform.oc1... --workspace-key my-workspace

Locally it needs the jupyter extra (pip install 'aidp-notebook[jupyter]'): the local
service then starts a private Jupyter server, and the session is a real ipykernel, whose
process this script finds before and after the delete.
"""

from __future__ import annotations

import argparse

from aidp_notebook import NotebookClient
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_WORKSPACE_KEY,
    LocalNotebookService,
)

PATH = "/examples/hello.ipynb"


def open_and_close(
    client: NotebookClient,
    platform_id: str,
    workspace_key: str,
    service: LocalNotebookService | None = None,
) -> None:
    session = client.create_session(platform_id, workspace_key, {"path": PATH})
    print(f"created {session.path}: {session.lifecycle_state}")
    # CREATING until the kernel answers; then ACTIVE, and idle once it has nothing to do.
    session = client.wait_for_session(
        platform_id, workspace_key, session.id, kernel_states=["idle"], poll_interval=0.5
    )
    kernel = session.kernel
    if not kernel:  # the wait asked for a kernel state, so a kernel is there
        raise SystemExit(f"session {session.id} has no kernel")
    print(f"{session.lifecycle_state}, kernel {kernel.name} {kernel.execution_state}")
    kernel_id = kernel.id if isinstance(kernel.id, str) else None  # optional in SDK 5.1.1
    pid = service.kernel_pid(kernel_id) if service is not None and kernel_id else None
    if pid is not None:
        print(f"kernel process {pid} is {'running' if _running(pid) else 'missing'}")
    client.delete_session(platform_id, workspace_key, session.id)
    # The delete shuts the kernel down before it answers.
    if pid is not None:
        print(f"deleted; kernel process {pid} is {'still running' if _running(pid) else 'gone'}")
    else:
        print("deleted")


def _running(pid: int) -> bool:
    import psutil  # noqa: PLC0415 - comes with the jupyter extra

    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profile", help="OCI config profile; without it, use a local service")
    parser.add_argument("--config-file", default="~/.oci/config")
    parser.add_argument("--endpoint", help="service endpoint, if not the region's default")
    parser.add_argument("--platform-id")
    parser.add_argument("--workspace-key")
    args = parser.parse_args()

    if args.profile:
        if not (args.platform_id and args.workspace_key):
            parser.error("--profile needs --platform-id and --workspace-key")
        with NotebookClient.from_file(
            args.config_file, args.profile, service_endpoint=args.endpoint
        ) as client:
            open_and_close(client, args.platform_id, args.workspace_key)
    else:
        # Real HTTP with OCI signature checks in front, a real Jupyter server behind.
        with LocalNotebookService(backend="jupyter") as service, service.client() as client:
            open_and_close(client, SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, service)


if __name__ == "__main__":
    main()
