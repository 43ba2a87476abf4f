"""`aidp-notebook local-service`: the local notebook service in the foreground.

It prints its endpoint, a config profile for its own API key (the key written to a
private temporary directory, or to --write-config DIR), where its files are, commands
to try, then `ready` on a line of its own, and serves until Ctrl-C (SIGINT) or SIGTERM.
Its temporary files are removed when it stops; files in --write-config DIR and in
--contents-root DIR are kept. With --backend jupyter every session created is a real
kernel of a private Jupyter server, which stops, with its kernels, when the service does.
It stays bounded however long it runs: the request log keeps the newest requests, each
body cut to a size, and retry tokens are forgotten after 24 hours or when too many
(--request-log-limit, --request-body-limit, --retry-token-lifetime, --retry-token-limit).
"""

from __future__ import annotations

import argparse
import contextlib
import shlex
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from .._errors import InvalidConfigError

if TYPE_CHECKING:
    from ..testing import LocalNotebookService

READY = "ready"
# The library's defaults, spelled here so that --help needs no import of the service.
_REQUEST_LOG_LIMIT = 1000
_REQUEST_BODY_LIMIT = 64 * 1024
_RETRY_TOKEN_LIFETIME = 24 * 60 * 60.0
_RETRY_TOKEN_LIMIT = 10_000
_POLL_SECONDS = 0.2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port", type=int, default=0, help="TCP port to listen on (default: any free port)"
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    parser.add_argument(
        "--path-prefix",
        default="",
        metavar="PREFIX",
        help="path the API is served under, such as /api (default: none)",
    )
    parser.add_argument(
        "--activation-delay",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="seconds a created session stays CREATING before it becomes ACTIVE (default: 0)",
    )
    parser.add_argument(
        "--backend",
        choices=("memory", "jupyter"),
        default="memory",
        help="memory: sessions in memory, seeded, states scripted (the default); jupyter: "
        "every session a real kernel of a private Jupyter server (the jupyter extra)",
    )
    parser.add_argument(
        "--contents-root",
        metavar="DIR",
        help="serve the notebook contents of this existing directory, read and written in "
        "place (default: a private temporary directory with a few seeded files, removed on "
        "exit)",
    )
    parser.add_argument(
        "--request-log-limit",
        type=int,
        default=_REQUEST_LOG_LIMIT,
        metavar="N",
        help=f"requests the request log keeps, the newest (default: {_REQUEST_LOG_LIMIT})",
    )
    parser.add_argument(
        "--request-body-limit",
        type=int,
        default=_REQUEST_BODY_LIMIT,
        metavar="BYTES",
        help="bytes of each logged request body kept; the rest is replaced by a marker with "
        f"the body's length and sha256 (default: {_REQUEST_BODY_LIMIT})",
    )
    parser.add_argument(
        "--retry-token-lifetime",
        type=float,
        default=_RETRY_TOKEN_LIFETIME,
        metavar="SECONDS",
        help="seconds an opc-retry-token is remembered (default: 86400, as OCI)",
    )
    parser.add_argument(
        "--retry-token-limit",
        type=int,
        default=_RETRY_TOKEN_LIMIT,
        metavar="N",
        help=f"retry tokens remembered at most, the oldest forgotten first "
        f"(default: {_RETRY_TOKEN_LIMIT})",
    )
    parser.add_argument(
        "--write-config",
        metavar="DIR",
        help="write the config file and key to DIR and keep them "
        "(default: a temporary directory, removed on exit)",
    )


@contextlib.contextmanager
def _config_directory(write_config: str | None) -> Iterator[Path]:
    if write_config is not None:
        yield Path(write_config)
        return
    with tempfile.TemporaryDirectory(prefix="aidp-local-service-") as folder:
        yield Path(folder)


@contextlib.contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread receives signals (and may install handlers)
        return
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _service(args: argparse.Namespace) -> LocalNotebookService:
    # Imported here: every other command would pay for the local service's import.
    from ..testing import LocalNotebookService  # noqa: PLC0415
    from ..testing._jupyter_process import EXTRA_HINT, JupyterStartError  # noqa: PLC0415

    if args.activation_delay < 0:
        raise InvalidConfigError("--activation-delay", "must not be negative")
    if args.activation_delay and args.backend == "jupyter":
        raise InvalidConfigError("--activation-delay", "is for --backend memory only")
    if not 0 <= args.port <= 65535:
        raise InvalidConfigError("--port", f"{args.port} is outside 0-65535")
    for option, value in (
        ("--request-log-limit", args.request_log_limit),
        ("--request-body-limit", args.request_body_limit),
    ):
        if value < 0:
            raise InvalidConfigError(option, "must not be negative")
    if not args.retry_token_lifetime > 0:
        raise InvalidConfigError("--retry-token-lifetime", "must be above 0")
    if args.retry_token_limit < 1:
        raise InvalidConfigError("--retry-token-limit", "must be 1 or more")
    root = args.contents_root
    if root is not None and not Path(root).is_dir():
        raise InvalidConfigError("--contents-root", f"{root!r} is not a directory")
    try:
        service = LocalNotebookService(
            host=args.host,
            port=args.port,
            path_prefix=args.path_prefix,
            activation_delay=args.activation_delay,
            backend=args.backend,
            contents_root=root,
            request_log_limit=args.request_log_limit,
            request_body_limit=args.request_body_limit,
            retry_token_lifetime=args.retry_token_lifetime,
            retry_token_limit=args.retry_token_limit,
        )
    except ImportError:
        raise InvalidConfigError("--backend", EXTRA_HINT) from None
    except ValueError as exc:
        raise InvalidConfigError("--path-prefix", str(exc)) from None
    try:
        return service.start()
    except JupyterStartError as exc:
        raise InvalidConfigError("--backend", str(exc)) from None
    except OSError as exc:
        problem = f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}"
    raise InvalidConfigError("--port", problem, hint="choose another --port or --host")


def _command(service: LocalNotebookService, config_file: Path, *action: str) -> str:
    from ..testing import SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY  # noqa: PLC0415

    return shlex.join(
        [
            "aidp-notebook",
            "--config-file",
            str(config_file),
            "--endpoint",
            service.endpoint,
            "--output",
            "table",
            *action,
            "--ai-data-platform-id",
            SEED_AI_DATA_PLATFORM_ID,
            "--workspace-key",
            SEED_WORKSPACE_KEY,
        ]
    )


def banner(service: LocalNotebookService, config_file: Path) -> str:
    from ..testing import SEED_SESSION_ID  # noqa: PLC0415

    if service.backend == "jupyter":
        holds = "It holds one empty workspace; each session created there is a real kernel."
        try_it = [
            _command(service, config_file, "session", "create", "--name", "demo", "--path",
                     "/demo.ipynb"),
            _command(service, config_file, "session", "wait", "--kernel-state", "idle")
            + " --session-id ID",
        ]  # fmt: skip
    else:
        holds = "It holds one workspace with three seeded sessions."
        try_it = [
            _command(service, config_file, "session", "get") + f" --session-id {SEED_SESSION_ID}"
        ]
    try_it.append(_command(service, config_file, "contents", "ls") + " --path Workspace/Shared")
    profile = config_file.read_text(encoding="utf-8").strip()
    return "\n".join(
        [
            f"endpoint: {service.endpoint}",
            f"config file: {config_file}",
            f"contents root: {service.contents_root}",
            "",
            profile,
            "",
            "Requests must be signed with this profile's key; the service checks every",
            f"signature. {holds} Its files are those of the contents root. Try:",
            "",
            *(f"  {command}" for command in try_it),
            "",
            "Stop it with Ctrl-C.",
        ]
    )


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    stop = threading.Event()
    with _stop_on_signals(stop), _config_directory(args.write_config) as folder:
        service = _service(args)
        try:
            config_file = service.write_config_file(folder)
            print(banner(service, config_file), file=stdout)
            print(READY, file=stdout, flush=True)
            while not stop.wait(_POLL_SECONDS):
                pass
        finally:
            service.stop()
    return 0
