"""From the global options (and the OCI CLI's environment variables) to a client.

Precedence, as in the OCI CLI: an option given on the command line, then its
environment variable, then the default.
"""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .. import auth as _auth
from .._client import NotebookClient
from .._config import DEFAULT_CONFIG_FILE, DEFAULT_PROFILE, load_config
from .._errors import InvalidConfigError
from .._retry import RetryPolicy

AUTH_METHODS = ("api_key", "security_token", "instance_principal", "resource_principal")
ENV_CONFIG_FILE = "OCI_CLI_CONFIG_FILE"
ENV_PROFILE = "OCI_CLI_PROFILE"
ENV_AUTH = "OCI_CLI_AUTH"
ENV_REGION = "OCI_CLI_REGION"

ENVIRONMENT_HELP = f"""\
environment:
  {ENV_CONFIG_FILE}  default of --config-file
  {ENV_PROFILE}      default of --profile
  {ENV_AUTH}         default of --auth
  {ENV_REGION}       default of --region
"""


@dataclass(frozen=True)
class GlobalOptions:
    """The options every session command shares, with defaults and environment applied."""

    config_file: str = DEFAULT_CONFIG_FILE
    profile: str = DEFAULT_PROFILE
    auth: str = "api_key"
    region: str | None = None
    endpoint: str | None = None
    output: str = "json"
    debug: bool = False
    retry: bool = True

    @classmethod
    def from_args(
        cls, args: argparse.Namespace, environ: Mapping[str, str] | None = None
    ) -> GlobalOptions:
        env = os.environ if environ is None else environ

        def pick(name: str, variable: str | None, default: str | None) -> str | None:
            value = getattr(args, name, None)
            if value is None and variable is not None:
                value = env.get(variable) or None
            return default if value is None else str(value)

        auth = pick("auth", ENV_AUTH, "api_key") or "api_key"
        if auth not in AUTH_METHODS:
            raise InvalidConfigError(
                "auth", f"{ENV_AUTH}={auth!r} is not one of {', '.join(AUTH_METHODS)}"
            )
        return cls(
            config_file=pick("config_file", ENV_CONFIG_FILE, DEFAULT_CONFIG_FILE)
            or DEFAULT_CONFIG_FILE,
            profile=pick("profile", ENV_PROFILE, DEFAULT_PROFILE) or DEFAULT_PROFILE,
            auth=auth,
            region=pick("region", ENV_REGION, None),
            endpoint=pick("endpoint", None, None),
            output=pick("output", None, "json") or "json",
            debug=bool(getattr(args, "debug", False)),
            retry=not getattr(args, "no_retry", False),
        )


def _profile(options: GlobalOptions) -> dict[str, Any]:
    config: dict[str, Any] = load_config(options.config_file, options.profile)
    if options.region is not None:
        config["region"] = options.region
    return config


def _api_key(options: GlobalOptions) -> tuple[dict[str, Any], Any]:
    config = _profile(options)
    try:
        signer = _auth.api_key_signer(config)
    except InvalidConfigError as exc:
        if config.get("security_token_file") and exc.key in ("user", "tenancy", "fingerprint"):
            raise InvalidConfigError(
                exc.key,
                f"{exc.problem} in profile {options.profile!r}",
                hint="it has a security_token_file: use --auth security_token",
            ) from None
        raise
    return config, signer


def _security_token(options: GlobalOptions) -> tuple[dict[str, Any], Any]:
    config = _profile(options)
    return config, _auth.session_token_signer(config)


def _principal(build: Callable[[], Any]) -> Callable[[GlobalOptions], tuple[dict[str, Any], Any]]:
    def make(options: GlobalOptions) -> tuple[dict[str, Any], Any]:
        signer = build()
        # Principal signers know the region they run in; an explicit --region wins.
        region = options.region or getattr(signer, "region", None)
        return ({"region": region} if isinstance(region, str) and region else {}), signer

    return make


_SIGNERS: dict[str, Callable[[GlobalOptions], tuple[dict[str, Any], Any]]] = {
    "api_key": _api_key,
    "security_token": _security_token,
    "instance_principal": _principal(_auth.instance_principals_signer),
    "resource_principal": _principal(_auth.resource_principals_signer),
}


@contextlib.contextmanager
def open_client(options: GlobalOptions) -> Iterator[NotebookClient]:
    """A NotebookClient for `options`, closed (with its connection pool) on exit."""
    config, signer = _SIGNERS[options.auth](options)
    retry = RetryPolicy() if options.retry else None
    with NotebookClient(
        config, signer=signer, service_endpoint=options.endpoint, retry=retry
    ) as client:
        yield client
