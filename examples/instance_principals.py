"""Authenticate as the OCI compute instance this runs on: no config file, no key on disk.

    python examples/instance_principals.py           # the same code path, locally
    python examples/instance_principals.py --region us-ashburn-1 \\
        --platform-id ocid1.aidataplatform.oc1... --workspace-key my-workspace --session-id ID

On OCI the instance must be in a dynamic group that a policy allows to use AIDP. There is
no --profile here: the instance itself is the identity, and the region is all the client
needs besides the signer.
"""

from __future__ import annotations

import argparse
from typing import Any

import oci
from aidp_notebook import NotebookClient
from aidp_notebook.auth import instance_principals_signer
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    LocalNotebookService,
)
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def show_session(
    client: NotebookClient, platform_id: str, workspace_key: str, session_id: str
) -> None:
    session = client.get_session(platform_id, workspace_key, session_id)
    print(f"{session.name} is {session.lifecycle_state}")


def local_token_signer(service: LocalNotebookService) -> Any:
    """A signer of the same kind as instance principals, that the local service trusts.

    The instance-principals signer is an `oci.auth.signers.SecurityTokenSigner` whose token
    comes from the instance metadata service: it signs with a fresh key and sends the token
    as keyId "ST$<token>". Off OCI there is no metadata service, so this makes the key and
    token itself and registers them with the local service; the client cannot tell.
    """
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    service.register_security_token("local-instance-principal", public_pem)
    return oci.auth.signers.SecurityTokenSigner("local-instance-principal", private_key)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--region", help="region of the AIDP instance; without it, run locally")
    parser.add_argument("--endpoint", help="service endpoint, if not the region's default")
    parser.add_argument("--platform-id")
    parser.add_argument("--workspace-key")
    parser.add_argument("--session-id")
    args = parser.parse_args()

    if args.region:
        if not (args.platform_id and args.workspace_key and args.session_id):
            parser.error("--region needs --platform-id, --workspace-key and --session-id")
        # The config holds only the region: the signer replaces user, key and fingerprint.
        signer = instance_principals_signer()
        with NotebookClient(
            {"region": args.region}, signer=signer, service_endpoint=args.endpoint
        ) as client:
            show_session(client, args.platform_id, args.workspace_key, args.session_id)
        return

    with LocalNotebookService() as service:
        signer = local_token_signer(service)
        with NotebookClient(signer=signer, service_endpoint=service.endpoint) as client:
            show_session(client, SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID)
        recorded = service.requests[-1]
        by_token = 'keyId="ST$' in recorded.headers["authorization"]
        print(f"signed with a security token: {by_token}; verified: {recorded.signature_valid}")


if __name__ == "__main__":
    main()
