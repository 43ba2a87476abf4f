"""The `session` subcommands: a table of commands built from shared option groups.

A command is a name, a help line, its options (mostly shared groups such as
SESSION, the three ids) and a function of a `Call` (client, parsed options, stderr)
that returns what to print: a model, a list of them, or None for nothing. The
parser, the --help text, the JSON/table printer and the failure paragraphs come
from the table, so a new command is a few lines::

    def _touch(call: Call) -> object:
        return call.client.touch_session(*call.session_ids, if_match=call.args.if_match)

    Command("touch", "mark a session as used", (*SESSION, IF_MATCH), _touch,
            requires="touch_session")
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from aidp_notebook_client.models import KernelExecutionState, SessionLifecycleState

from .._client import NotebookClient
from ._options import (
    identifier,
    page_limit,
    positive_seconds,
    request_id,
    seconds,
    state,
    text,
)
from ._progress import progress_line


class Option:
    """One argparse argument: its flags, its help, and any other add_argument keywords."""

    def __init__(self, *flags: str, help: str, **kwargs: Any) -> None:
        self.flags = flags
        self.help = help
        self.kwargs = kwargs

    def add_to(self, parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
        parser.add_argument(*self.flags, help=self.help, **self.kwargs)


# -- option groups shared by the commands ---------------------------------------------------

# Not required by argparse: their defaults may come from the environment or the
# defaults file (_options.Defaults), checked before the command runs.
WORKSPACE = (
    Option(
        "--ai-data-platform-id",
        metavar="OCID",
        type=identifier("--ai-data-platform-id"),
        help="OCID of the AI Data Platform instance (ocid1.aidataplatform...); "
        "default: see 'defaults' below",
    ),
    Option(
        "--workspace-key",
        metavar="KEY",
        type=identifier("--workspace-key"),
        help="key of the workspace within the AI Data Platform; default: see 'defaults' below",
    ),
)
SESSION_ID = Option(
    "--session-id",
    required=True,
    metavar="ID",
    type=identifier("--session-id"),
    help="ID of the notebook session",
)
REQUEST_ID = Option(
    "--opc-request-id",
    metavar="ID",
    type=request_id,
    help="your own id for the request (letters, digits, _ and -); by default a new one",
)
SESSION = (*WORKSPACE, SESSION_ID)
ID_FLAGS = frozenset(flag for option in SESSION for flag in option.flags)
IF_MATCH = Option(
    "--if-match",
    metavar="ETAG",
    help="only if the session's etag still is ETAG (from an earlier response); else 412",
)
LIST_FILTERS = (
    Option("--path", help="only the session of this notebook path"),
    Option("--cluster-id", metavar="ID", help="only sessions on this cluster"),
    Option("--agent-flow-key", metavar="KEY", help="only sessions of this agent flow"),
)
PAGING = (
    Option(
        "--all",
        dest="all_pages",
        action="store_true",
        help="every page: follow opc-next-page to the end (default: one page, with its "
        "opc-next-page in the output)",
    ),
    Option("--limit", type=page_limit, metavar="N", help="at most N items in a page"),
    Option(
        "--page",
        metavar="TOKEN",
        type=text("--page"),
        help="the page to start from: the opc-next-page of an earlier output",
    ),
    Option("--sort-by", choices=("timeCreated",), help="sort by this field"),
    Option("--sort-order", choices=("ASC", "DESC"), help="ascending or descending"),
)
CREATE_FIELDS = (
    Option("--name", required=True, type=text("--name"), help="name of the new session"),
    Option(
        "--path",
        required=True,
        type=text("--path"),
        help="path of its notebook, such as /data/test.ipynb",
    ),
    Option("--type", help="kind of session: notebook (the default), file or agentflow"),
    Option("--cluster-id", metavar="ID", help="cluster to run the session on"),
)
RETRY_TOKEN = Option(
    "--opc-retry-token",
    metavar="TOKEN",
    help="token that makes retrying this create safe (same token: no second session); "
    "by default a new one",
)
CREATE_WAIT = (
    Option(
        "--wait-for-state",
        nargs="+",
        metavar="STATE",
        type=state("--wait-for-state", SessionLifecycleState),
        help="after creating, wait until the session is in one of these states (such as "
        "ACTIVE), then show it",
    ),
    Option(
        "--max-wait-seconds",
        type=seconds,
        default=600.0,
        metavar="SECONDS",
        help="with --wait-for-state: give up after this many seconds (default: 600)",
    ),
    Option(
        "--wait-interval-seconds",
        type=positive_seconds,
        default=2.0,
        metavar="SECONDS",
        help="with --wait-for-state: seconds between the first polls (default: 2)",
    ),
)
DELETE_WAIT = (
    Option(
        "--wait-for-state",
        choices=("DELETED",),
        help="after deleting, wait until the session is gone (GetSession answers 404)",
    ),
    *CREATE_WAIT[1:],
)
NEW_NAME = Option("--name", required=True, type=text("--name"), help="the new name")
WAIT_OPTIONS = (
    Option(
        "--state",
        nargs="+",
        default=["ACTIVE"],
        metavar="STATE",
        type=state("--state", SessionLifecycleState),
        help="lifecycle state(s) to wait for (default: ACTIVE)",
    ),
    Option(
        "--kernel-state",
        nargs="+",
        metavar="STATE",
        type=state("--kernel-state", KernelExecutionState),
        help="also wait for the kernel to be in one of these states, such as idle",
    ),
    Option(
        "--timeout",
        type=seconds,
        default=600.0,
        metavar="SECONDS",
        help="give up after this many seconds (default: 600)",
    ),
    Option(
        "--poll-interval",
        type=positive_seconds,
        default=2.0,
        metavar="SECONDS",
        help="seconds between the first polls; later ones back off (default: 2)",
    ),
)


@dataclass(frozen=True)
class Call:
    """What a command's function gets: the client, the parsed options, stderr."""

    client: NotebookClient
    args: argparse.Namespace
    stderr: TextIO

    @property
    def workspace(self) -> tuple[str, str]:
        return (self.args.ai_data_platform_id, self.args.workspace_key)

    @property
    def session_ids(self) -> tuple[str, str, str]:
        return (*self.workspace, self.args.session_id)


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    options: Sequence[Option]
    run: Callable[[Call], object]
    description: str = ""
    # The client method the command needs; without it the command is not offered.
    requires: str | None = None
    # The exit code for what `run` returned, when a result can be a partial failure.
    exit_status: Callable[[object], int] | None = None

    @property
    def available(self) -> bool:
        return self.requires is None or hasattr(NotebookClient, self.requires)


# Commands return the `_detailed` response where there is one, so that the output can
# carry the etag (for --if-match) and the paging token as the OCI CLI prints them.


def _get(call: Call) -> object:
    return call.client.get_session_detailed(
        *call.session_ids, opc_request_id=call.args.opc_request_id
    )


def _list(call: Call) -> object:
    a = call.args
    list_sessions = call.client.list_sessions if a.all_pages else call.client.list_sessions_detailed
    return list_sessions(
        *call.workspace, path=a.path, cluster_id=a.cluster_id, agent_flow_key=a.agent_flow_key,
        limit=a.limit, page=a.page, sort_by=a.sort_by, sort_order=a.sort_order,
        opc_request_id=a.opc_request_id,
    )  # fmt: skip


def _create(call: Call) -> object:
    a = call.args
    fields = {"name": a.name, "path": a.path, "type": a.type, "cluster_id": a.cluster_id}
    details = {key: value for key, value in fields.items() if value is not None}
    if a.wait_for_state is None:
        return call.client.create_session_detailed(
            *call.workspace, details, opc_retry_token=a.opc_retry_token,
            opc_request_id=a.opc_request_id,
        )  # fmt: skip
    with progress_line(call.stderr, f"Waiting for the new session ({a.name})") as on_poll:
        return call.client.create_session_and_wait_for_state(
            *call.workspace, details, wait_for_states=a.wait_for_state,
            timeout=a.max_wait_seconds, poll_interval=a.wait_interval_seconds, on_poll=on_poll,
            opc_retry_token=a.opc_retry_token, opc_request_id=a.opc_request_id,
        )  # fmt: skip


def _rename(call: Call) -> object:
    a = call.args
    return call.client.patch_session_detailed(
        *call.session_ids, {"name": a.name}, if_match=a.if_match,
        opc_request_id=a.opc_request_id,
    )  # fmt: skip


def _delete(call: Call) -> object:
    a = call.args
    call.client.delete_session(
        *call.session_ids, if_match=a.if_match, opc_request_id=a.opc_request_id
    )
    if a.wait_for_state == "DELETED":
        with progress_line(call.stderr, f"Waiting for session {a.session_id} to go") as on_poll:
            call.client.wait_for_session_deletion(
                *call.session_ids, timeout=a.max_wait_seconds,
                poll_interval=a.wait_interval_seconds, on_poll=on_poll,
            )  # fmt: skip
    print(f"Deleted session {a.session_id}.", file=call.stderr)
    return None


def _wait(call: Call) -> object:
    a = call.args
    with progress_line(call.stderr, f"Waiting for session {a.session_id}") as on_poll:
        return call.client.wait_for_session(
            *call.session_ids, lifecycle_states=a.state, kernel_states=a.kernel_state,
            timeout=a.timeout, poll_interval=a.poll_interval, on_poll=on_poll,
        )  # fmt: skip


SESSION_COMMANDS: tuple[Command, ...] = (
    Command(
        "list",
        "list the notebook sessions of a workspace",
        (*WORKSPACE, *LIST_FILTERS, *PAGING, REQUEST_ID),
        _list,
        description="List the notebook sessions of a workspace; filters combine with AND. "
        "When the service pages the list, the output carries opc-next-page: pass it as "
        "--page for the next page, or use --all.",
        requires="list_sessions",
    ),
    Command(
        "get",
        "show one notebook session",
        (*SESSION, REQUEST_ID),
        _get,
        description="Show the details of a notebook session: its state, path and kernel.",
    ),
    Command(
        "create",
        "create a notebook session (or get the one that exists for --path)",
        (*WORKSPACE, *CREATE_FIELDS, RETRY_TOKEN, *CREATE_WAIT, REQUEST_ID),
        _create,
        description="Create a notebook session. If a session exists for --path already, "
        "the service returns that one instead of a new one. With --wait-for-state, wait "
        "until it is in one of those states before showing it.",
        requires="create_session",
    ),
    Command(
        "rename",
        "give a notebook session a new name",
        (*SESSION, NEW_NAME, IF_MATCH, REQUEST_ID),
        _rename,
        requires="patch_session_detailed",
    ),
    Command(
        "delete",
        "delete a notebook session and its kernel",
        (*SESSION, IF_MATCH, *DELETE_WAIT, REQUEST_ID),
        _delete,
        description="Delete a notebook session and its kernel. Prints nothing on stdout; "
        "a one-line confirmation on stderr. With --wait-for-state DELETED, wait until the "
        "session is gone first.",
        requires="delete_session",
    ),
    Command(
        "wait",
        "wait until a notebook session reaches a state",
        (*SESSION, *WAIT_OPTIONS),
        _wait,
        description="Poll a notebook session until it is in one of the --state states (and, "
        "with --kernel-state, its kernel in one of those), then show it. Fails if the "
        "session reaches FAILED or --timeout passes.",
        requires="wait_for_session",
    ),
)
