"""Every option value is checked here, once, so one kind of mistake has one exit code.

A malformed value (a negative timeout, an id the API cannot take, a JMESPath expression
that does not parse, a default from the environment or the defaults file that is not
usable) is a usage error: exit 2, with a message that names the option as typed on the
command line. The SDK's own checks stay in place behind these; they are not relied on
for the wording.
"""

from __future__ import annotations

import argparse
import configparser
import enum
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jmespath
import jmespath.exceptions

from .._paths import check_slash_path
from .._validation import check_name, check_path_param, check_request_id
from .._waiter import unknown_state

ENV_PLATFORM_ID = "AIDP_NOTEBOOK_AI_DATA_PLATFORM_ID"
ENV_WORKSPACE_KEY = "AIDP_NOTEBOOK_WORKSPACE_KEY"
ENV_DEFAULTS_FILE = "AIDP_NOTEBOOK_CLI_RC_FILE"
DEFAULT_DEFAULTS_FILE = "~/.oci/aidp_notebook_cli_rc"

# Option (dest) -> (flag, environment variable, key in the defaults file).
DEFAULTABLE = {
    "ai_data_platform_id": ("--ai-data-platform-id", ENV_PLATFORM_ID, "ai-data-platform-id"),
    "workspace_key": ("--workspace-key", ENV_WORKSPACE_KEY, "workspace-key"),
}

DEFAULTS_HELP = f"""\
defaults for --ai-data-platform-id and --workspace-key, when not given:
  ${ENV_PLATFORM_ID}, ${ENV_WORKSPACE_KEY}, then the defaults file
  (--defaults-file, ${ENV_DEFAULTS_FILE}, else {DEFAULT_DEFAULTS_FILE}):
  an INI file whose [DEFAULT] section, or the section named as the --profile,
  sets ai-data-platform-id = OCID and workspace-key = KEY
"""


class UsageError(Exception):
    """An option value that cannot be used; the message names the option."""


# -- argparse `type=` checks: argparse reports them as usage errors (exit 2) ---------------


def seconds(value: str) -> float:
    """A duration: a finite number of seconds, zero or more."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {value!r}") from None
    if not math.isfinite(number) or number < 0:
        raise argparse.ArgumentTypeError(f"expected zero or more seconds, got {value!r}")
    return number


def positive_seconds(value: str) -> float:
    number = seconds(value)
    if number == 0:
        raise argparse.ArgumentTypeError(f"expected more than 0 seconds, got {value!r}")
    return number


def page_limit(value: str) -> int:
    """A page size: a whole number of 1 or more."""
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {value!r}")
    return int(value)


def _sdk_check(check: Callable[[str, object], str], label: str) -> Callable[[str], str]:
    def convert(value: str) -> str:
        try:
            return check(label, value)
        except (TypeError, ValueError) as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


def identifier(label: str) -> Callable[[str], str]:
    """An id that goes into the URL path, checked as the SDK checks it."""
    return _sdk_check(check_path_param, label)


def text(label: str) -> Callable[[str], str]:
    """A non-blank text value, such as a name."""
    return _sdk_check(check_name, label)


def state(flag: str, kind: type[enum.Enum]) -> Callable[[str], str]:
    """A state of `kind` (any case), checked as the SDK's waiters check it."""

    def convert(value: str) -> str:
        problem = unknown_state(value, kind)
        if problem is not None:
            raise argparse.ArgumentTypeError(problem)
        return value

    return convert


def content_path(label: str) -> Callable[[str], str]:
    """A path in the workspace, checked as the SDK checks contentPath."""
    return _sdk_check(check_slash_path, label)


def existing_file(value: str) -> Path:
    """A local file to read: it must be there and be a regular file."""
    path = Path(value)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"no such file: {value!r}")
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"not a regular file: {value!r}")
    return path


def existing_directory(value: str) -> Path:
    """A local directory to read: it must be there."""
    path = Path(value)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"no such directory: {value!r}")
    return path


def output_file(value: str) -> Path:
    """A local file to write (or an existing directory to write into): its directory must exist."""
    if not value:
        raise argparse.ArgumentTypeError("expected a file path, got an empty value")
    path = Path(value)
    if not path.is_dir() and not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"the directory of {value!r} does not exist")
    return path


def output_directory(value: str) -> Path:
    """A local directory to write into: it may be made, but its parent must exist."""
    if not value:
        raise argparse.ArgumentTypeError("expected a directory path, got an empty value")
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value!r} exists and is not a directory")
    if not path.exists() and not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"the directory above {value!r} does not exist")
    return path


def request_id(value: str) -> str:
    try:
        return check_request_id(value, name="the value")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc).replace("omit it", "omit the option")) from None


def query(value: str) -> Any:
    """A compiled JMESPath expression."""
    try:
        return jmespath.compile(value)
    except RecursionError:  # brackets nested thousands deep: the parser recurses per level
        raise argparse.ArgumentTypeError("not a JMESPath expression: nested too deeply") from None
    except (jmespath.exceptions.JMESPathError, ValueError, TypeError, IndexError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise argparse.ArgumentTypeError(f"not a JMESPath expression: {first}") from None


# -- defaults for the id options ------------------------------------------------------------


@dataclass(frozen=True)
class Defaults:
    """Where an option's default comes from, in order: environment, then the defaults file."""

    environ: Mapping[str, str]
    file: str | None
    profile: str

    def fill(self, args: argparse.Namespace) -> None:
        """Set every defaultable option the command takes and the user left out."""
        file_values: dict[str, str] | None = None
        for dest, (flag, variable, key) in DEFAULTABLE.items():
            if not hasattr(args, dest) or getattr(args, dest) is not None:
                continue
            value = self.environ.get(variable, "").strip()
            source = f"${variable}"
            if not value:
                if file_values is None:
                    file_values = self._file_values()
                value, source = file_values.get(key, ""), f"{key} in {self._file_path()}"
            if not value:
                raise UsageError(
                    f"{flag} is required: pass it, set ${variable}, or set {key} in the "
                    f"defaults file ({self._file_path()})"
                )
            try:
                setattr(args, dest, identifier(flag)(value))
            except argparse.ArgumentTypeError as exc:
                raise UsageError(f"{flag} from {source}: {exc}") from None

    def _file_path(self) -> str:
        return self.file or self.environ.get(ENV_DEFAULTS_FILE) or DEFAULT_DEFAULTS_FILE

    def _file_values(self) -> dict[str, str]:
        path = Path(os.path.expanduser(self._file_path()))
        explicit = self.file is not None or bool(self.environ.get(ENV_DEFAULTS_FILE))
        if not path.is_file():
            if explicit:
                raise UsageError(f"the defaults file {path} does not exist")
            return {}
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(path.read_text(encoding="utf-8"), source=str(path))
        except (OSError, UnicodeDecodeError, configparser.Error) as exc:
            raise UsageError(f"cannot read the defaults file {path}: {exc}") from None
        section = parser[self.profile] if parser.has_section(self.profile) else parser.defaults()
        known = {key for _, _, key in DEFAULTABLE.values()}
        unknown = sorted(set(section) - known)
        if unknown:
            raise UsageError(
                f"the defaults file {path} sets {', '.join(unknown)}; it may set only "
                f"{', '.join(sorted(known))}"
            )
        return {key: section[key].strip() for key in known if key in section}
