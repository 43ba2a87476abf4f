"""Signers for every way to authenticate to OCI, one call each.

A client signs with an API key from `~/.oci/config` unless it is given a signer.
These helpers build the others; pass the result as `signer=`, with either a
`service_endpoint` or a config that holds just a region::

    from aidp_notebook import NotebookClient
    from aidp_notebook.auth import instance_principals_signer

    client = NotebookClient({"region": "us-ashburn-1"}, signer=instance_principals_signer())

Every failure is an `InvalidConfigError` (key `signer` for the principals helpers) whose
message says why and where the method works; none of them holds a key or a token.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import oci

from ._config import api_key_signer_from_config, session_token_signer_from_config
from ._errors import InvalidConfigError, safe_reason

__all__ = [
    "api_key_signer",
    "instance_principals_signer",
    "resource_principals_signer",
    "session_token_signer",
]

_INSTANCE_HINT = (
    "this only works on an OCI compute instance in a dynamic group that a policy allows; "
    "elsewhere use an API key or `oci session authenticate`"
)
_RESOURCE_HINT = (
    "this only works inside an OCI resource with a resource principal (Functions, "
    "Data Flow, Data Science, ...), where OCI_RESOURCE_PRINCIPAL_VERSION is set"
)


def instance_principals_signer(**kwargs: Any) -> Any:
    """A signer for the instance principal of the OCI compute instance this runs on.

    Keyword arguments go to `oci.auth.signers.InstancePrincipalsSecurityTokenSigner`.
    It fetches a certificate from the instance metadata service, and the token
    refreshes itself before it expires. Example::

        from aidp_notebook import NotebookClient
        from aidp_notebook.auth import instance_principals_signer

        client = NotebookClient(
            signer=instance_principals_signer(),
            service_endpoint="https://aidp.us-ashburn-1.oci.oraclecloud.com",
        )
    """
    signer_class = oci.auth.signers.InstancePrincipalsSecurityTokenSigner
    return _obtain("instance principals", _INSTANCE_HINT, lambda: signer_class(**kwargs))


def resource_principals_signer() -> Any:
    """A signer for the resource principal of the OCI resource this runs in.

    The resource (a function, a Data Flow run, a notebook session, ...) provides it
    through `OCI_RESOURCE_PRINCIPAL_*` environment variables. Example::

        from aidp_notebook import NotebookClient
        from aidp_notebook.auth import resource_principals_signer

        client = NotebookClient({"region": "us-ashburn-1"}, signer=resource_principals_signer())
    """
    return _obtain(
        "resource principals",
        _RESOURCE_HINT,
        oci.auth.signers.get_resource_principals_signer,
    )


def session_token_signer(config: Mapping[str, Any]) -> Any:
    """A signer for a session from `oci session authenticate`.

    Needs `security_token_file` and `key_file` (with `pass_phrase` if the key is
    encrypted); the token lasts an hour and `oci session refresh` extends it. A profile
    with `security_token_file` gets this signer from `NotebookClient.from_file` anyway.
    Example::

        from aidp_notebook import NotebookClient
        from aidp_notebook.auth import session_token_signer

        signer = session_token_signer({
            "key_file": "~/.oci/sessions/DEFAULT/oci_api_key.pem",
            "security_token_file": "~/.oci/sessions/DEFAULT/token",
        })
        client = NotebookClient({"region": "us-ashburn-1"}, signer=signer)
    """
    return session_token_signer_from_config(config)


def api_key_signer(config: Mapping[str, Any]) -> Any:
    """An API-key signer (`oci.signer.Signer`), ignoring any `security_token_file`.

    Needs `user`, `tenancy`, `fingerprint` and `key_file` or `key_content` (with
    `pass_phrase` if the key is encrypted). Example::

        from aidp_notebook import NotebookClient
        from aidp_notebook.auth import api_key_signer

        signer = api_key_signer({
            "user": "ocid1.user.oc1..aaaa...",
            "tenancy": "ocid1.tenancy.oc1..aaaa...",
            "fingerprint": "12:34:...:ef",
            "key_content": pem_text,  # e.g. from a secrets manager
        })
        client = NotebookClient({"region": "us-ashburn-1"}, signer=signer)
    """
    return api_key_signer_from_config(config)


def _obtain(method: str, hint: str, build: Callable[[], Any]) -> Any:
    try:
        return build()
    except Exception as exc:  # network, metadata service, environment: all mean "not here"
        problem = f"could not obtain {method} credentials: {safe_reason(exc)}"
    # Raised outside the handler: oci's exception may hold a token or a key.
    raise InvalidConfigError("signer", problem, hint=hint)
