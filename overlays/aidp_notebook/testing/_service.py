"""LocalNotebookService: the public face of the local service, and its lifecycle."""

from __future__ import annotations

import configparser
import os
import pathlib
import tempfile
import threading
import time
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, get_args

from ._backend import SessionBackend
from ._calls import Describer, aim
from ._contents import ContentsStore, Options
from ._contents_routes import ContentsRouter, RouterWithContents
from ._contents_seed import seed_contents
from ._faults import Fault, FaultQueue
from ._keys import KeyRing, fake_ocid, generate_api_key
from ._list_pages import ListPaging
from ._pipeline import Pipeline
from ._recording import (
    DEFAULT_REQUEST_BODY_LIMIT,
    DEFAULT_REQUEST_LOG_LIMIT,
    RecordedRequest,
    RequestLog,
)
from ._retry_tokens import (
    DEFAULT_LIFETIME,
    DEFAULT_MAX_TOKENS,
    RetryTokenLimits,
    check_lifetime,
    check_max_tokens,
)
from ._routes import normalise_prefix
from ._seed import SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, seed_sessions
from ._store import SessionStore

if TYPE_CHECKING:
    from aidp_notebook import AsyncNotebookClient, NotebookClient

    from ._jupyter_sessions import JupyterSessions
    from ._server import LoopbackServer

REGION = "us-ashburn-1"
Backend = Literal["memory", "jupyter"]


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0"):  # noqa: S104 - only to name the endpoint, not to bind
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


class LocalNotebookService:
    """A loopback HTTP/1.1 server that behaves like the AIDP notebook-sessions endpoint.

    Every request must carry a valid OCI signature made with this instance's own API key
    (see `config`) or a registered security token. Use it as a context manager::

        with LocalNotebookService() as service:
            client = service.client()

    Notebook contents live in a real directory: `contents_root`, or a private temporary
    directory (seeded with a file for each seeded session) when it is None. Every workspace
    of the service sees that one tree. Where the sources on the contents API disagree,
    the keyword arguments choose the reading to play: `null_format` ("no format" as JSON
    null or as the string "NULL"), `export_ipynb_as` (an ipynb export's content as a
    "string" or an "object"), `list_directories` (False: a directory's content is refused
    with 400, as a newer SDK text says) and `recursive_delete` (False: deleting a directory
    that is not empty is refused with 409). ListWorkspaceObjects (`…/objects?path=/<folder>`)
    lists the same tree either way, paged like ListSessions (`page_size`, `limit`);
    `set_workspace_object_type` lists a file as another object type (LIBRARY, ...).

    backend="memory" (the default) keeps sessions in memory, their states scripted by the
    test (`activation_delay`, `set_session_state`). backend="jupyter" (the `jupyter`
    extra) starts a private Jupyter server with the service: every session created is a
    running ipykernel, its lifecycleState and kernel come from that kernel, and deleting
    the session shuts the kernel down. `seed` then adds the seed workspace, empty.

    It does not grow with the traffic it serves: `requests` keeps the newest
    `request_log_limit` requests, each body cut to `request_body_limit` bytes (a marker
    says how many bytes were cut, and the whole body's length and sha256), and retry
    tokens are remembered for `retry_token_lifetime` seconds (24 hours, as OCI keeps
    them), at most `retry_token_limit` of them (the oldest forgotten first).
    """

    def __init__(
        self,
        *,
        path_prefix: str = "",
        seed: bool = True,
        activation_delay: float = 0.0,
        clock_skew: float = 0.0,
        host: str = "127.0.0.1",
        port: int = 0,
        page_size: int | None = None,
        contents_root: str | os.PathLike[str] | None = None,
        null_format: Literal["NULL"] | None = None,
        export_ipynb_as: Literal["string", "object"] = "string",
        list_directories: bool = True,
        recursive_delete: bool = False,
        backend: Backend = "memory",
        request_log_limit: int | None = DEFAULT_REQUEST_LOG_LIMIT,
        request_body_limit: int | None = DEFAULT_REQUEST_BODY_LIMIT,
        retry_token_lifetime: float = DEFAULT_LIFETIME,
        retry_token_limit: int = DEFAULT_MAX_TOKENS,
    ) -> None:
        """A local service; `start()` it or use it as a context manager.

        Args:
            path_prefix: Path the API is served under, such as "/api".
            seed: Start with the seed workspace, sessions and contents files.
            activation_delay: Seconds a created session stays CREATING.
            clock_skew: Seconds added to the service's clock (to test signature dates).
            host, port: Where to listen (default: a free port on 127.0.0.1).
            page_size: Answer ListSessions in pages of this size even without `limit`.
            contents_root: Directory the contents operations serve (default: a private
                temporary directory, removed with the service).
            null_format, export_ipynb_as, list_directories, recursive_delete: How to
                answer where the contents API is unconfirmed (see the README
                and the contents operations' descriptions in the spec).
            backend: "memory" (sessions in memory, states scripted by the test) or
                "jupyter" (a private Jupyter server: every session is a running kernel).
            request_log_limit: Requests `requests` keeps, the newest (None: all of them).
            request_body_limit: Bytes of each recorded body kept (None: whole bodies).
            retry_token_lifetime: Seconds a retry token is remembered (default 24 hours).
            retry_token_limit: Retry tokens remembered at most, the oldest forgotten first.
        """
        if backend not in get_args(Backend):
            raise ValueError(f"backend must be one of {', '.join(get_args(Backend))}")
        if backend == "jupyter" and activation_delay:
            raise ValueError("activation_delay is for backend='memory'; kernels take their time")
        self._prefix = normalise_prefix(path_prefix)
        if null_format not in (None, "NULL"):
            raise ValueError('null_format must be None (JSON null) or "NULL"')
        if export_ipynb_as not in ("string", "object"):
            raise ValueError('export_ipynb_as must be "string" or "object"')
        self._log = RequestLog(
            request_log_limit=request_log_limit, request_body_limit=request_body_limit
        )
        self._retry_tokens = RetryTokenLimits(retry_token_lifetime, retry_token_limit)
        self._contents_dir: tempfile.TemporaryDirectory[str] | None = None
        if contents_root is None:
            # A private directory goes away with this object (TemporaryDirectory's finaliser).
            self._contents_dir = tempfile.TemporaryDirectory(prefix="aidp-local-contents-")
            root = pathlib.Path(self._contents_dir.name)
        else:
            root = pathlib.Path(contents_root)
        options = Options(
            null_format=null_format,
            export_ipynb_as=export_ipynb_as,
            list_directories=list_directories,
            recursive_delete=recursive_delete,
        )
        self._contents = ContentsStore(root, options, retry_tokens=self._retry_tokens)
        self._api_key = generate_api_key()
        self._tenancy = fake_ocid("tenancy")
        self._user = fake_ocid("user")
        key_id = f"{self._tenancy}/{self._user}/{self._api_key.fingerprint}"
        self._keyring = KeyRing(key_id, self._api_key.public_key)
        self._backend: Backend = backend
        self._store = SessionStore(
            activation_delay=activation_delay, retry_tokens=self._retry_tokens
        )
        self._jupyter: JupyterSessions | None = None
        self._sessions: SessionBackend = self._store
        if backend == "jupyter":
            # Imported here: only this backend needs it (and the extra it comes with).
            from ._jupyter_sessions import JupyterSessions  # noqa: PLC0415

            self._jupyter = self._sessions = JupyterSessions(retry_tokens=self._retry_tokens)
        if seed:
            self._sessions.add_workspace(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY)
        if seed and backend == "memory":
            for session in seed_sessions():
                self._store.add_session(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, session)
            if contents_root is None:  # never write into a directory the caller owns
                seed_contents(self._contents)
        self._paging = ListPaging()
        self.page_size = page_size
        self._faults = FaultQueue()
        self.clock_skew = clock_skew
        self._host = host
        self._port = port
        self._lifecycle = threading.Lock()
        self._server: LoopbackServer | None = None
        self._endpoint: str | None = None

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        backend = f", backend={self._backend!r}" if self._backend != "memory" else ""
        return f"LocalNotebookService(endpoint={self._endpoint!r}{backend}, {state})"

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> LocalNotebookService:
        with self._lifecycle:
            if self._server is not None:
                return self
            # Imported here: aiohttp is not needed until a service starts (the CLI imports
            # this module for every command).
            from ._server import LoopbackServer  # noqa: PLC0415

            server = LoopbackServer(self._host, self._port)  # a taken port fails here, early
            try:
                if self._jupyter is not None:
                    self._jupyter.start()
                self._serve(server)
            except BaseException:
                server.halt()
                if self._jupyter is not None:
                    self._jupyter.stop()
                raise
            return self

    def _serve(self, server: LoopbackServer) -> None:
        port = int(server.address[1])
        origin = f"http://{_url_host(self._host)}:{port}"
        hosts = {f"127.0.0.1:{port}", f"localhost:{port}", f"{_url_host(self._host)}:{port}"}
        if port == 80:  # clients leave the default port out of `host`
            hosts |= {"127.0.0.1", "localhost", _url_host(self._host)}
        contents = ContentsRouter(
            self._contents, self._store, self._prefix, origin, paging=self._paging
        )
        pipeline = Pipeline(
            keyring=self._keyring,
            router=RouterWithContents(
                self._sessions, self._prefix, origin, contents, paging=self._paging
            ),
            faults=self._faults,
            log=self._log,
            allowed_hosts=frozenset(host.lower() for host in hosts),
            now=lambda: time.time() + self.clock_skew,
            describe=Describer(self._prefix),
        )
        server.serve(pipeline)
        self._server = server
        self._endpoint = origin + self._prefix

    def stop(self) -> None:
        with self._lifecycle:
            if self._server is None:
                return
            self._server.halt()
            self._server = None
            if self._jupyter is not None:
                self._jupyter.stop()  # its kernels and files go with it

    def __enter__(self) -> LocalNotebookService:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def backend(self) -> Backend:
        return self._backend

    @property
    def endpoint(self) -> str:
        """Base URL to use as `service_endpoint`, e.g. "http://127.0.0.1:43123" + prefix."""
        if self._endpoint is None:
            raise RuntimeError("the local service has no endpoint until start() is called")
        return self._endpoint

    # -- credentials ----------------------------------------------------------------------

    @property
    def config(self) -> dict[str, str]:
        """An oci-style config dict for this instance's API key (a fresh dict every time)."""
        return {
            "user": self._user,
            "tenancy": self._tenancy,
            "fingerprint": self._api_key.fingerprint,
            "key_content": self._api_key.private_key_pem,
            "region": REGION,
        }

    @property
    def private_key_pem(self) -> str:
        return self._api_key.private_key_pem

    def write_config_file(
        self, directory: str | os.PathLike[str], profile: str = "DEFAULT"
    ) -> pathlib.Path:
        """Write `oci_api_key.pem` (mode 0600) and an OCI `config` naming it; returns the latter."""
        folder = pathlib.Path(directory).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        key_file = folder / "oci_api_key.pem"
        _write_private(key_file, self._api_key.private_key_pem)
        parser = configparser.ConfigParser(interpolation=None)
        values = {name: value for name, value in self.config.items() if name != "key_content"}
        values["key_file"] = str(key_file)
        parser[profile] = values
        config_file = folder / "config"
        with open(_private_fd(config_file), "w", encoding="utf-8") as stream:
            parser.write(stream)
        return config_file

    def register_security_token(self, token: str, public_key_pem: str | bytes) -> None:
        """Accept requests whose keyId is "ST$<token>", signed by the key `public_key_pem` pairs."""
        self._keyring.register_token(token, public_key_pem)

    def revoke_security_token(self, token: str) -> None:
        self._keyring.revoke_token(token)

    # -- clients (imported late: the SDK package imports nothing from here) -----------------

    def client(self, **kwargs: Any) -> NotebookClient:
        from aidp_notebook import NotebookClient  # noqa: PLC0415

        return NotebookClient(self.config, service_endpoint=self.endpoint, **kwargs)

    def async_client(self, **kwargs: Any) -> AsyncNotebookClient:
        from aidp_notebook import AsyncNotebookClient  # noqa: PLC0415

        return AsyncNotebookClient(self.config, service_endpoint=self.endpoint, **kwargs)

    # -- sessions ---------------------------------------------------------------------------

    def _memory_store(self, what: str) -> SessionStore:
        if self._backend != "memory":
            raise ValueError(
                f"{what} is for backend='memory'; with backend={self._backend!r} sessions "
                "are real kernels, created through the API"
            )
        return self._store

    @property
    def activation_delay(self) -> float:
        return self._store.activation_delay

    @activation_delay.setter
    def activation_delay(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("activation_delay must not be negative")
        self._memory_store("activation_delay").activation_delay = seconds

    @property
    def page_size(self) -> int | None:
        """ListSessions' page size when no `limit` is given; None answers the whole list."""
        return self._paging.page_size

    @page_size.setter
    def page_size(self, size: int | None) -> None:
        if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 1):
            raise ValueError("page_size must be None or an integer of 1 or more")
        self._paging.page_size = size

    def add_workspace(self, ai_data_platform_id: str, workspace_key: str) -> None:
        """Make an empty workspace exist (requests to unknown workspaces get 404)."""
        self._sessions.add_workspace(ai_data_platform_id, workspace_key)

    def add_session(
        self, ai_data_platform_id: str, workspace_key: str, session: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Store raw Session JSON as is (creating the workspace); fills in a uuid4 `id`."""
        store = self._memory_store("add_session")
        return store.add_session(ai_data_platform_id, workspace_key, session)

    def get_session_json(
        self, ai_data_platform_id: str, workspace_key: str, session_id: str
    ) -> dict[str, Any] | None:
        """The session as the service would answer it now, or None if there is none."""
        return self._sessions.get_json(ai_data_platform_id, workspace_key, session_id)

    def kernel_pid(self, kernel_id: str) -> int | None:
        """backend='jupyter': the process id of the running kernel `kernel_id`, else None."""
        if self._jupyter is None:
            raise ValueError("kernel_pid is for backend='jupyter'; memory sessions run nothing")
        return self._jupyter.kernel_pid(kernel_id)

    def set_session_state(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        session_id: str,
        *,
        lifecycle_state: str | None = None,
        execution_state: str | None = None,
    ) -> None:
        """Force a lifecycle and/or kernel execution state; KeyError for an unknown session."""
        self._memory_store("set_session_state").set_state(
            ai_data_platform_id,
            workspace_key,
            session_id,
            lifecycle_state=lifecycle_state,
            execution_state=execution_state,
        )

    # -- contents ---------------------------------------------------------------------------

    @property
    def contents_root(self) -> pathlib.Path:
        """The directory the contents operations read and write (symlinks resolved)."""
        return self._contents.root

    def set_workspace_object_type(self, path: str, object_type: str) -> None:
        """List the file at `path` (relative or with a leading '/') as a workspace object of
        `object_type` in ListWorkspaceObjects, such as "LIBRARY" (no contents counterpart)."""
        self._contents.set_object_type(path, object_type)

    @property
    def recent_contents(self) -> list[str]:
        """Paths touched with `should-update-recent: true`, most recent first."""
        return self._contents.recent()

    # -- faults and the request log ---------------------------------------------------------

    def inject(
        self,
        fault: Fault,
        count: int = 1,
        *,
        operation: str | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        """Give `fault` to the next `count` requests that match, after earlier injected faults.

        Without `operation`, `method` or `path` every request matches. `operation` is an
        operationId such as "CreateSession"; `method` an HTTP method; `path` a shell-style
        pattern (`*` also crosses "/") for the path as sent, percent-encoding included,
        without the query and without the path prefix, such as "*/sessions". Given
        together, all must match. A request takes the first pending fault that matches it;
        faults aimed at other requests keep waiting.
        """
        self._faults.inject(fault, count, aim(operation, method, path))

    def clear_faults(self) -> None:
        self._faults.clear()

    @property
    def pending_faults(self) -> int:
        return len(self._faults)

    @property
    def requests(self) -> list[RecordedRequest]:
        """The newest `request_log_limit` requests received, oldest first."""
        return self._log.snapshot()

    @property
    def request_log_limit(self) -> int | None:
        """Requests `requests` keeps (None: all); lowering it drops the oldest now."""
        return self._log.request_log_limit

    @request_log_limit.setter
    def request_log_limit(self, limit: int | None) -> None:
        self._log.request_log_limit = limit

    @property
    def request_body_limit(self) -> int | None:
        """Bytes of each recorded body kept (None: whole bodies), for requests to come."""
        return self._log.request_body_limit

    @request_body_limit.setter
    def request_body_limit(self, limit: int | None) -> None:
        self._log.request_body_limit = limit

    # -- retry tokens -----------------------------------------------------------------------

    @property
    def retry_token_lifetime(self) -> float:
        """Seconds a retry token is remembered; applies to tokens already remembered too."""
        return self._retry_tokens.lifetime

    @retry_token_lifetime.setter
    def retry_token_lifetime(self, seconds: float) -> None:
        self._retry_tokens.lifetime = check_lifetime(seconds)

    @property
    def retry_token_limit(self) -> int:
        """Retry tokens remembered at most (for sessions and for contents, each)."""
        return self._retry_tokens.max_tokens

    @retry_token_limit.setter
    def retry_token_limit(self, count: int) -> None:
        self._retry_tokens.max_tokens = check_max_tokens(count)

    def clear_requests(self) -> None:
        self._log.clear()


def _private_fd(path: pathlib.Path) -> int:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)  # O_CREAT's mode does not apply to a file that already existed
    return fd


def _write_private(path: pathlib.Path, text: str) -> None:
    with open(_private_fd(path), "w", encoding="utf-8") as stream:
        stream.write(text)
