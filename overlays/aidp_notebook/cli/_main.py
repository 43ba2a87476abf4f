"""The argument parser and the dispatch of `aidp-notebook`, with its failure handling."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import textwrap
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import TextIO

import jmespath

from .._version import API_VERSION, __version__
from . import _local
from ._commands import ID_FLAGS, SESSION_COMMANDS, Call, Command
from ._contents_commands import CONTENTS_COMMANDS, CONTENTS_ID_FLAGS
from ._context import (
    AUTH_METHODS,
    ENV_AUTH,
    ENV_CONFIG_FILE,
    ENV_PROFILE,
    ENV_REGION,
    ENVIRONMENT_HELP,
    GlobalOptions,
    open_client,
)
from ._failures import (
    EXIT_CODES_HELP,
    ExitCode,
    Situation,
    describe,
    exit_code_for,
    printable,
)
from ._options import DEFAULTS_HELP, ENV_DEFAULTS_FILE, Defaults, UsageError, query
from ._render import OUTPUT_FORMATS, RawText, render

PROG = "aidp-notebook"
DESCRIPTION = (
    "Work with the notebook sessions and files of Oracle AI Data Platform Workbench\n"
    f"(REST API {API_VERSION}), with your OCI credentials, as the OCI CLI does."
)
LOCAL_DESCRIPTION = """\
Run a local notebook service (sessions and contents) in the foreground, to try the
tool against. Its files live in --contents-root DIR, or in a private temporary
directory (seeded with a few files) that is removed when it stops.

It prints its endpoint, a config profile for its own API key (the key written to a
private temporary directory, or to --write-config DIR), a command to try, and then
`ready` on a line of its own. It checks the OCI signature of every request, and serves
until Ctrl-C (SIGINT) or SIGTERM; then its temporary files are removed (files written
to --write-config DIR are kept). With --backend jupyter (the jupyter extra) each session
created is a real kernel of a private Jupyter server, stopped with the service.
"""
_EPILOG = f"{ENVIRONMENT_HELP}\n{DEFAULTS_HELP}\n{EXIT_CODES_HELP}"
_LOGGER = "aidp_notebook"

# What a subcommand runs: (args, stdout, stderr, situation) -> exit code. It fills in the
# situation as it learns more, for the paragraph printed if it fails.
Runner = Callable[[argparse.Namespace, TextIO, TextIO, Situation], int]


def _add_global_options(
    target: argparse.ArgumentParser | argparse._ArgumentGroup, *, repeated: bool
) -> None:
    # Given again after a subcommand, an option must not reset what came before it.
    unset = argparse.SUPPRESS if repeated else None
    target.add_argument(
        "--config-file",
        metavar="FILE",
        default=unset,
        help=f"OCI config file (default: ${ENV_CONFIG_FILE}, else ~/.oci/config)",
    )
    target.add_argument(
        "--profile",
        metavar="NAME",
        default=unset,
        help=f"profile of the config file (default: ${ENV_PROFILE}, else DEFAULT)",
    )
    target.add_argument(
        "--auth",
        choices=AUTH_METHODS,
        default=unset,
        help=f"how to authenticate (default: ${ENV_AUTH}, else api_key); security_token "
        "needs a profile from `oci session authenticate`",
    )
    target.add_argument(
        "--region",
        default=unset,
        help=f"region such as us-ashburn-1 or iad, overriding the profile's "
        f"(default: ${ENV_REGION}, else the profile's region)",
    )
    target.add_argument(
        "--endpoint",
        metavar="URL",
        default=unset,
        help="service endpoint, https://host[:port][/prefix], overriding the region's",
    )
    target.add_argument(
        "--output",
        choices=OUTPUT_FORMATS,
        default=unset,
        help="json: the API's JSON (default); table: a readable summary",
    )
    target.add_argument(
        "--query",
        metavar="JMESPATH",
        type=query,
        default=unset,
        help="JMESPath expression applied to the JSON output, such as data.id or "
        "\"data[?lifecycleState=='ACTIVE'].id\"",
    )
    target.add_argument(
        "--raw-output",
        action="store_true",
        default=argparse.SUPPRESS if repeated else False,
        help="print a string result (of --query) as it is, without quotes: byte for byte "
        "into a file or pipe (no newline added); on a terminal, control characters are "
        "shown escaped",
    )
    target.add_argument(
        "--defaults-file",
        metavar="FILE",
        default=unset,
        help=f"defaults for the id options (default: ${ENV_DEFAULTS_FILE}, "
        "else ~/.oci/aidp_notebook_cli_rc)",
    )
    target.add_argument(
        "--no-retry",
        action="store_true",
        default=argparse.SUPPRESS if repeated else False,
        help="do not retry throttled (429), failed (5xx) or unanswered requests",
    )
    target.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS if repeated else False,
        help="log each request to stderr, and show tracebacks on failures",
    )


def _command_runner(command: Command, id_flags: frozenset[str] = ID_FLAGS) -> Runner:
    def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO, now: Situation) -> int:
        now.id_options = tuple(f for o in command.options for f in o.flags if f in id_flags)
        options = GlobalOptions.from_args(args)
        Defaults(os.environ, getattr(args, "defaults_file", None), options.profile).fill(args)
        now.auth, now.profile, now.endpoint = options.auth, options.profile, options.endpoint
        with open_client(options) as client:
            now.endpoint = client.service_endpoint
            result = command.run(Call(client, args, stderr))
        compiled = getattr(args, "query", None)
        raw_output = bool(getattr(args, "raw_output", False))
        terminal = _is_terminal(stdout)
        try:
            text = render(
                result, options.output, query=compiled, raw_output=raw_output, terminal=terminal
            )
        except (jmespath.exceptions.JMESPathError, RecursionError) as exc:
            raise UsageError(f"--query {_shown(args.query.expression)}: {exc}") from None
        if text is None and compiled is not None and result is not None:
            print(
                f"{PROG}: note: --query {_shown(compiled.expression)} matched nothing "
                "(no such key); printing null",
                file=stderr,
                flush=True,
            )
            text = "null"
        if text is not None:
            if raw_output and not terminal and isinstance(text, RawText):
                _write_raw(stdout, text)
            else:
                print(text, file=stdout, flush=True)
        return ExitCode.OK if command.exit_status is None else command.exit_status(result)

    return run


def _local_runner(args: argparse.Namespace, stdout: TextIO, stderr: TextIO, now: Situation) -> int:
    return _local.run(args, stdout)


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description=DESCRIPTION, epilog=_EPILOG, formatter_class=_formatter
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {__version__} (API {API_VERSION})",
        help="show the version and exit",
    )
    _add_global_options(parser, repeated=False)
    commands = parser.add_subparsers(
        title="commands", metavar="COMMAND", required=True, help="what to work with"
    )

    session = commands.add_parser(
        "session",
        help="notebook sessions of a workspace",
        description="Notebook sessions of an AI Data Platform workspace.",
        epilog=_EPILOG,
        formatter_class=_formatter,
    )
    actions = session.add_subparsers(
        title="actions", metavar="ACTION", required=True, help="what to do"
    )
    _add_commands(actions, "session", SESSION_COMMANDS, ID_FLAGS)

    contents = commands.add_parser(
        "contents",
        help="files, notebooks and directories of a workspace",
        description="Files, notebooks and directories of an AI Data Platform workspace.",
        epilog=_EPILOG,
        formatter_class=_formatter,
    )
    contents_actions = contents.add_subparsers(
        title="actions", metavar="ACTION", required=True, help="what to do"
    )
    _add_commands(contents_actions, "contents", CONTENTS_COMMANDS, CONTENTS_ID_FLAGS)

    local = commands.add_parser(
        "local-service",
        help="run a local notebook service (sessions and contents) to try the tool against",
        description=LOCAL_DESCRIPTION,
        epilog=EXIT_CODES_HELP,
        formatter_class=_formatter,
    )
    _local.add_arguments(local)
    local.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="log each request the service answers to stderr, and show tracebacks",
    )
    local.set_defaults(runner=_local_runner, command_name="local-service")
    return parser


def _add_commands(
    actions: argparse._SubParsersAction[argparse.ArgumentParser],
    group: str,
    table: Sequence[Command],
    id_flags: frozenset[str],
) -> None:
    for command in table:
        if not command.available:
            continue
        sub = actions.add_parser(
            command.name,
            help=command.help,
            description=textwrap.fill(command.description or command.help.capitalize() + "."),
            epilog=_EPILOG,
            formatter_class=_formatter,
        )
        for option in command.options:
            option.add_to(sub)
        _add_global_options(sub.add_argument_group("global options"), repeated=True)
        sub.set_defaults(
            runner=_command_runner(command, id_flags), command_name=f"{group} {command.name}"
        )


@contextlib.contextmanager
def _debug_logging(enabled: bool, stderr: TextIO) -> Iterator[None]:
    if not enabled:
        yield
        return
    logger = logging.getLogger(_LOGGER)
    handler = logging.StreamHandler(stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def _exit_status(code: object) -> int:
    if code is None:
        return ExitCode.OK
    return code if isinstance(code, int) else ExitCode.USAGE


def main(argv: Sequence[str] | None = None) -> int:
    """Run `aidp-notebook` with `argv` (default: sys.argv[1:]); returns the exit code."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as done:  # --help, --version, or a usage error argparse reported
        return _exit_status(done.code)
    stdout, stderr = sys.stdout, sys.stderr
    debug = bool(getattr(args, "debug", False))
    situation = Situation(f"{PROG} {args.command_name}")
    runner: Runner = args.runner
    with _debug_logging(debug, stderr):
        try:
            return int(runner(args, stdout, stderr, situation))
        except UsageError as error:
            print(f"{PROG} {args.command_name}: error: {error}", file=stderr, flush=True)
            return ExitCode.USAGE
        except BrokenPipeError:
            # The reader went away (`| head`): nothing more to say, and nowhere to say it.
            _silence_stdout()
            return ExitCode.OK
        except (Exception, KeyboardInterrupt) as error:
            if debug:  # the service's message is in it: escaped, line by line
                for line in "".join(traceback.format_exception(error)).splitlines():
                    print(printable(line), file=stderr)
            print(describe(error, situation), file=stderr, flush=True)
            return exit_code_for(error)


def _shown(expression: object, limit: int = 80) -> str:
    text = str(expression)
    return printable(text if len(text) <= limit else text[:limit] + "...")


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (OSError, ValueError):
        return False


def _write_raw(stdout: TextIO, text: str) -> None:
    """The string exactly as the service sent it: UTF-8, no newline added or translated."""
    buffer = getattr(stdout, "buffer", None)
    if buffer is None:
        stdout.write(text)
        stdout.flush()
        return
    stdout.flush()
    buffer.write(text.encode("utf-8", "surrogatepass"))
    buffer.flush()


def _silence_stdout() -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
