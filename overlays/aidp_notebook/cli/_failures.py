"""Exit codes, and turning any failure into one paragraph for stderr.

The paragraph says what failed, with the status, code, message and opc-request-id
the SDK's error carries, and ends with a hint on what to check. It is built from
the error's fields and the command's own options only (of the response headers,
only `Date` is read), never from the config file's values, so no key, pass phrase,
token or signature can end up in it.
"""

from __future__ import annotations

import email.utils
import enum
import time
from collections.abc import Mapping
from dataclasses import dataclass

from .._errors import (
    AidpError,
    InvalidConfigError,
    InvalidResponseError,
    NotAuthenticatedError,
    NotFoundError,
    RequestTimeoutError,
    ServiceError,
    TransportError,
)
from .._local_files import LocalFileError
from .._waiter import SessionFailedError, WaitTimeoutError

# OCI rejects a request whose `date` is further than this from the service's clock.
MAX_CLOCK_SKEW = 300.0


class ExitCode(enum.IntEnum):
    """What `aidp-notebook` exits with."""

    OK = 0
    UNEXPECTED = 1
    USAGE = 2
    CONFIGURATION = 3
    SERVICE = 4
    TRANSPORT = 5
    NOT_REACHED = 6
    PARTIAL = 7
    LOCAL_FILE = 8
    INTERRUPTED = 130


EXIT_CODES_HELP = """\
exit codes:
  0    success
  1    unexpected error (a bug: please report it with the output of --debug)
  2    usage error: unknown command or option, missing or malformed option value
       (an id the API cannot take, a negative --timeout, a bad --query included)
  3    configuration error: config file, profile, key, region or endpoint
  4    the service answered with an error, or with a response that cannot be used
  5    no response: connection refused or reset, timeout, TLS or proxy failure
  6    session wait: the session reached FAILED, or --timeout passed first
  7    contents upload-dir / download-dir: some files failed (the output lists them)
  8    a local file or directory could not be read or written
  130  interrupted (Ctrl-C)
"""

# The SDK names config keys and arguments; the user knows the command's options.
_CLI_NAMES = {
    "file_location": "config file",
    "profile_name": "profile",
    "service_endpoint": "--endpoint",
    "config": "config file",
}
# SDK hints that name SDK arguments: replaced by the command-line hint, or dropped.
_SDK_WORDS = ("file_location", "service_endpoint", "signer=", "profile_name", "in a dict", "pass ")
_OPTION_HINTS = {
    "profile_name": "choose one with --profile or OCI_CLI_PROFILE",
    "file_location": "pass --config-file or set OCI_CLI_CONFIG_FILE",
    "region": "pass --region or set OCI_CLI_REGION, or pass --endpoint",
    "service_endpoint": "check --endpoint",
    "security_token_file": "or use --auth api_key with an API-key profile",
}


@dataclass
class Situation:
    """What the command was doing, filled in as it goes, for the hints. Nothing secret."""

    command: str = "aidp-notebook"
    auth: str = "api_key"
    profile: str = "DEFAULT"
    endpoint: str | None = None
    # The options that name the resource, for the hint on a 404.
    id_options: tuple[str, ...] = ("--ai-data-platform-id", "--workspace-key", "--session-id")


def exit_code_for(error: BaseException) -> ExitCode:
    if isinstance(error, KeyboardInterrupt):
        return ExitCode.INTERRUPTED
    if isinstance(error, ServiceError | InvalidResponseError):
        return ExitCode.SERVICE
    if isinstance(error, TransportError):
        return ExitCode.TRANSPORT
    if isinstance(error, SessionFailedError | WaitTimeoutError):
        return ExitCode.NOT_REACHED
    if isinstance(error, LocalFileError):
        return ExitCode.LOCAL_FILE
    # InvalidConfigError is a ValueError; the SDK refuses bad ids with ValueError/TypeError.
    if isinstance(error, ValueError | TypeError | OSError):
        return ExitCode.CONFIGURATION
    if isinstance(error, AidpError):
        return ExitCode.SERVICE
    return ExitCode.UNEXPECTED


def describe(error: BaseException, situation: Situation) -> str:
    """The failure as one paragraph (a single line: the terminal wraps it).

    Parts of it come from the service (code, message, names): characters that are not
    printable are shown escaped, so they cannot drive the terminal or add lines.
    """
    return printable(_describe(error, situation))


def printable(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def _describe(error: BaseException, situation: Situation) -> str:
    failed = f"{situation.command} failed"
    if isinstance(error, KeyboardInterrupt):
        return f"{situation.command}: interrupted."
    if isinstance(error, ServiceError):
        return _service_error(error, situation)
    if isinstance(error, InvalidResponseError):
        return _sentence(f"{failed}: {error}")
    if isinstance(error, TransportError):
        return _transport_error(error, situation)
    if isinstance(error, InvalidConfigError):
        return _config_error(error, failed)
    if isinstance(error, LocalFileError):
        return _sentence(f"{failed}: {error}")
    if isinstance(error, ValueError | TypeError):
        return _sentence(f"{failed}: invalid input: {error}")
    if isinstance(error, OSError):
        return _sentence(f"{failed}: {error.strerror or type(error).__name__}")
    if isinstance(error, AidpError):
        return _sentence(f"{failed}: {error}")
    return (
        f"{failed} unexpectedly ({type(error).__name__}). This is a bug in aidp-notebook; "
        "please report it with the output of the same command with --debug."
    )


def _config_error(error: InvalidConfigError, failed: str) -> str:
    """The SDK's config error in the command line's words: options, not arguments."""
    name = _CLI_NAMES.get(error.key, error.key)
    text = _sentence(f"{failed}: invalid configuration: {name}: {error.problem}")
    hints = []
    if error.hint and not any(word in error.hint for word in _SDK_WORDS):
        hints.append(_sentence(error.hint))
    if error.key in _OPTION_HINTS:
        hints.append(_sentence(_OPTION_HINTS[error.key]))
    return text + (f" Hint: {' '.join(hints)}" if hints else "")


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def _service_error(error: ServiceError, situation: Situation) -> str:
    where = f" at {situation.endpoint}" if situation.endpoint else ""
    return (
        f"{situation.command} failed: the service{where} answered {error.status} "
        f"{error.code}: {_sentence(error.message)} opc-request-id: "
        f"{error.opc_request_id or 'none'}. Hint: {_service_hint(error, situation)}"
    )


def _service_hint(error: ServiceError, situation: Situation) -> str:
    if isinstance(error, NotAuthenticatedError):
        return _auth_hint(error, situation)
    if isinstance(error, NotFoundError):
        names = list(situation.id_options) or ["the ids"]
        listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        return (
            f"check {listed}, and that the region or --endpoint is where that AI Data "
            "Platform is; a 404 also means you may not be allowed to see it."
        )
    if error.status == 429 or error.status >= 500:
        tries = error.attempts
        done = f"retried, {tries} attempts in all" if tries > 1 else "not retried"
        return (
            f"{done}; the service is busy or unavailable, so try again later, and give the "
            "opc-request-id to Oracle support if it persists."
        )
    return "check the command's option values; give the opc-request-id to Oracle if needed."


def _auth_hint(error: ServiceError, situation: Situation) -> str:
    if situation.auth == "security_token":
        hint = (
            "the session token may have expired: run `oci session refresh --profile "
            f"{situation.profile}`, or `oci session authenticate`."
        )
    elif situation.auth in ("instance_principal", "resource_principal"):
        hint = (
            "check that a dynamic group holds this instance or resource and that a policy "
            "lets it use AI Data Platform notebook sessions."
        )
    else:
        hint = (
            f"check profile {situation.profile}: key_file must be the private key whose "
            "public key is uploaded for the user, fingerprint must be that key's, user and "
            "tenancy must be the right OCIDs, and this computer's clock must be right."
        )
    skew = clock_skew(error.headers)
    if skew is not None and abs(skew) > MAX_CLOCK_SKEW:
        direction = "behind" if skew > 0 else "ahead of"
        hint += (
            f" This computer's clock is {_duration(abs(skew))} {direction} the service's "
            "(its Date header): OCI refuses requests more than 5 minutes off, so set the "
            "clock right, for example by enabling NTP time synchronisation."
        )
    return hint


def clock_skew(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds the service's `Date` is ahead of the local clock; None without a usable Date."""
    value = next((v for k, v in headers.items() if k.lower() == "date"), None)
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return when.timestamp() - (time.time() if now is None else now)


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 120:
        return f"{minutes} minutes"
    hours = round(seconds / 3600)
    if hours < 48:
        return f"{hours} hours"
    return f"{round(seconds / 86400)} days"


def _transport_error(error: TransportError, situation: Situation) -> str:
    attempts = f"{error.attempts} attempts" if error.attempts > 1 else "1 attempt"
    text = (
        f"{situation.command} failed: {_sentence(error.problem)} URL: {error.url or '-'} "
        f"({attempts}); opc-request-id: {error.opc_request_id or 'none'}. Hint: "
    )
    if isinstance(error, RequestTimeoutError):
        return text + "the service did not answer in time; check the network, or try later."
    return text + (
        "check that the endpoint is right (--endpoint, --region), that this computer can "
        "reach it, and any HTTPS_PROXY / NO_PROXY settings."
    )
