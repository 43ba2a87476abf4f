"""NotebookClient and AsyncNotebookClient.

Both share `_ClientBase` (configuration, signer, endpoint, headers) and the
request core (`_core.run_call`); each only adds its I/O loop. An operation is a
module-level `Operation` plus a two-line method on each client.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import platform
import time
from collections.abc import Callable, Collection, Generator, Mapping
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx
from aidp_notebook_client.models import (
    CreateSessionDetails,
    PatchSessionDetails,
    Session,
    SessionSummary,
)

from ._config import (
    DEFAULT_CONFIG_FILE,
    DEFAULT_PROFILE,
    load_config,
    signer_from_config,
    validate_config,
)
from ._core import Operation, Outcome, Settings, Step, run_call
from ._details import coerce_details
from ._endpoint import is_loopback_url, resolve_endpoint
from ._errors import ClientClosedError, InvalidConfigError, WrongEventLoopError
from ._exchange import DEFAULT_MAX_RESPONSE_BYTES, async_exchange, exchange
from ._methods import async_data_of, data_of
from ._operations import (
    CREATE_SESSION,
    DELETE_SESSION,
    GET_SESSION,
    LIST_SESSIONS,
    PATCH_SESSION,
)
from ._response import ApiResponse
from ._retry import RetryPolicy
from ._signing import OCIAuth
from ._transport import ShardedAsyncTransport
from ._validation import check_name
from ._version import __version__
from ._waiter import PollCallback, wait_call

T = TypeVar("T")
R = TypeVar("R")

# httpx's default pool size; the async client spreads it over several pools (_transport).
_MAX_CONNECTIONS = 100

TimeoutTypes = float | tuple[float | None, float | None] | httpx.Timeout | None


def _timeout(value: TimeoutTypes) -> httpx.Timeout:
    """(connect, read) seconds as the oci SDK takes them, a single number, or httpx.Timeout."""
    if isinstance(value, httpx.Timeout):
        timeout = value
    elif isinstance(value, tuple):
        if len(value) != 2:
            raise InvalidConfigError("timeout", "a tuple must be (connect, read) seconds")
        connect, read = value
        timeout = httpx.Timeout(connect=connect, read=read, write=read, pool=connect)
    else:
        timeout = httpx.Timeout(_seconds(value))
    for name, seconds in timeout.as_dict().items():
        _seconds(seconds, name)
    return timeout


def _seconds(value: object, part: str = "") -> float | None:
    """A timeout in seconds: None (no limit) or a finite number > 0."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidConfigError("timeout", f"expected seconds, got {type(value).__name__}")
    if not (math.isfinite(value) and value > 0):
        where = f"the {part} timeout" if part else "the timeout"
        raise InvalidConfigError(
            "timeout", f"{where} must be a finite number of seconds > 0 (or None), got {value!r}"
        )
    return float(value)


def _max_response_bytes(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidConfigError(
            "max_response_bytes", f"expected a positive number of bytes, got {value!r}"
        )
    return value


logger = logging.getLogger("aidp_notebook")


def user_agent() -> str:
    """`aidp-notebook/<version> (python <ver>; <arch>-<os>)` plus OCI_SDK_APPEND_USER_AGENT."""
    agent = (
        f"aidp-notebook/{__version__} (python {platform.python_version()}; "
        f"{platform.machine()}-{platform.system()})"
    )
    given = os.environ.get("OCI_SDK_APPEND_USER_AGENT", "").strip()
    # A header value is visible ASCII and spaces: a line break could split the header, and
    # anything else could not be encoded, failing every call. Such characters are left out.
    extra = "".join(ch for ch in given if " " <= ch <= "~").strip()
    if extra != given:
        logger.warning(
            "OCI_SDK_APPEND_USER_AGENT holds characters a header cannot carry (non-ASCII or "
            "control characters); they are left out of the User-Agent"
        )
    return f"{agent} {extra}" if extra else agent


class _ClientBase:
    """Everything the sync and async clients share: resolved once, read on every call."""

    def __init__(
        self,
        config: Mapping[str, Any] | None = None,
        *,
        signer: Any = None,
        service_endpoint: str | None = None,
        timeout: TimeoutTypes = (10, 60),
        retry: RetryPolicy | None = RetryPolicy(),  # noqa: B008 (frozen, safe to share)
        http_client: httpx.Client | httpx.AsyncClient | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        if config is not None and not isinstance(config, Mapping):
            raise InvalidConfigError("config", f"expected a mapping, got {type(config).__name__}")
        if retry is not None and not isinstance(retry, RetryPolicy):
            raise InvalidConfigError("retry", "expected a RetryPolicy or None")
        config = dict(config or {})
        if signer is None:
            if not config:
                raise InvalidConfigError(
                    "config",
                    "no config and no signer given",
                    hint="use NotebookClient.from_file(), pass a config dict, or pass signer=",
                )
            validate_config(config)
            signer = signer_from_config(config)
        self._settings = Settings(
            base_url=resolve_endpoint(config, service_endpoint),
            headers={
                "accept": "application/json",
                "user-agent": user_agent(),
                **({"opc-client-retries": "true"} if retry and retry.retries_enabled else {}),
            },
            timeout=_timeout(timeout).as_dict(),
            retry=retry,
            signer=signer,
            max_response_bytes=_max_response_bytes(max_response_bytes),
            endpoint_origin=_endpoint_origin(config, service_endpoint),
        )
        self._auth = OCIAuth(signer)
        self._closed = False
        self._owns_http_client = http_client is None
        # Proxy variables must not send loopback traffic (a local service) to a proxy.
        self._trust_env = not is_loopback_url(self._settings.base_url)
        self._sleep: Callable[[float], Any] = time.sleep

    @property
    def service_endpoint(self) -> str:
        return self._settings.base_url

    def _check_open(self, http: httpx.Client | httpx.AsyncClient) -> None:
        if self._closed or http.is_closed:
            what = "client" if self._closed else "http_client given to this client"
            raise ClientClosedError(
                f"this {type(self).__name__} cannot make calls: its {what} was closed. "
                f"Create a new {type(self).__name__}, and close it only when done with it "
                "(`with` / `async with` does that at the end of the block)"
            )

    @property
    def retry(self) -> RetryPolicy | None:
        return self._settings.retry

    def __repr__(self) -> str:
        return f"{type(self).__name__}(service_endpoint={self.service_endpoint!r})"

    @classmethod
    def from_file(
        cls,
        file_location: str | os.PathLike[str] = DEFAULT_CONFIG_FILE,
        profile_name: str = DEFAULT_PROFILE,
        **kwargs: Any,
    ) -> Self:
        """A client from a profile of an OCI config file (`~/.oci/config`, `DEFAULT`)."""
        return cls(load_config(file_location, profile_name), **kwargs)


def _endpoint_origin(config: Mapping[str, Any], service_endpoint: str | None) -> str:
    """What to check when the endpoint's host does not resolve."""
    if service_endpoint is not None:
        return "it is the service_endpoint given to the client: check its spelling"
    return (
        f"it is the endpoint of region {config.get('region')!r}: check the region name in "
        "the config, or pass service_endpoint"
    )


class NotebookClient(_ClientBase):
    """Synchronous client of the notebook sessions API. One connection pool per client."""

    def __init__(self, config: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        http_client = kwargs.get("http_client")
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise InvalidConfigError("http_client", "NotebookClient needs an httpx.Client")
        super().__init__(config, **kwargs)
        self._http = http_client or httpx.Client(follow_redirects=False, trust_env=self._trust_env)

    def _execute(self, call: Generator[Step, Outcome, R]) -> R:
        self._check_open(self._http)
        limit = self._settings.max_response_bytes
        step = next(call)
        while True:
            outcome: Outcome = None
            if isinstance(step, httpx.Request):
                outcome = exchange(self._http, step, self._auth, limit)
            else:
                self._sleep(step)
            try:
                step = call.send(outcome)
            except StopIteration as done:
                result: R = done.value
                return result

    def _request(
        self, op: Operation[T], path_args: tuple[object, ...], **params: Any
    ) -> ApiResponse[T]:
        return self._execute(run_call(self._settings, op, path_args, params))

    def list_sessions_detailed(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        *,
        path: str | None = None,
        cluster_id: str | None = None,
        agent_flow_key: str | None = None,
        opc_request_id: str | None = None,
    ) -> ApiResponse[list[SessionSummary]]:
        """The sessions of a workspace, optionally only those with this path, cluster or flow."""
        return self._request(
            LIST_SESSIONS, (ai_data_platform_id, workspace_key), path=path,
            cluster_id=cluster_id, agent_flow_key=agent_flow_key, opc_request_id=opc_request_id,
        )  # fmt: skip

    list_sessions = data_of(list_sessions_detailed)

    def create_session_detailed(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        details: CreateSessionDetails | Mapping[str, Any],
        *,
        opc_retry_token: str | None = None,
        datalake_tenant_id: str | None = None,
        opc_request_id: str | None = None,
    ) -> ApiResponse[Session]:
        """Create a session, or get the one that exists for `details.path` (201 either way)."""
        return self._request(
            CREATE_SESSION, (ai_data_platform_id, workspace_key),
            body=coerce_details(details, CreateSessionDetails), opc_retry_token=opc_retry_token,
            datalake_tenant_id=datalake_tenant_id, opc_request_id=opc_request_id,
        )  # fmt: skip

    create_session = data_of(create_session_detailed)

    def get_session_detailed(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        session_id: str,
        *,
        opc_request_id: str | None = None,
    ) -> ApiResponse[Session]:
        """The notebook session `session_id` of a workspace."""
        ids = (ai_data_platform_id, workspace_key, session_id)
        return self._request(GET_SESSION, ids, opc_request_id=opc_request_id)

    get_session = data_of(get_session_detailed)

    def patch_session_detailed(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        session_id: str,
        details: PatchSessionDetails | Mapping[str, Any],
        *,
        if_match: str | None = None,
        opc_request_id: str | None = None,
    ) -> ApiResponse[Session]:
        """Change fields of a session; with `if_match`, only if its etag still matches."""
        return self._request(
            PATCH_SESSION, (ai_data_platform_id, workspace_key, session_id),
            body=coerce_details(details, PatchSessionDetails), if_match=if_match,
            opc_request_id=opc_request_id,
        )  # fmt: skip

    patch_session = data_of(patch_session_detailed)

    def rename_session(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        session_id: str,
        name: str,
        *,
        if_match: str | None = None,
        opc_request_id: str | None = None,
    ) -> Session:
        """Give a session a new name (a PatchSession of `name` alone)."""
        details = {"name": check_name("name", name)}
        return self.patch_session(
            ai_data_platform_id, workspace_key, session_id, details,
            if_match=if_match, opc_request_id=opc_request_id,
        )  # fmt: skip

    def delete_session_detailed(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        session_id: str,
        *,
        if_match: str | None = None,
        opc_request_id: str | None = None,
    ) -> ApiResponse[None]:
        """Delete a session and its kernel; with `if_match`, only if its etag still matches."""
        ids = (ai_data_platform_id, workspace_key, session_id)
        return self._request(DELETE_SESSION, ids, if_match=if_match, opc_request_id=opc_request_id)

    delete_session = data_of(delete_session_detailed)

    def wait_for_session(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        session_id: str,
        *,
        lifecycle_states: Collection[str] = ("ACTIVE",),
        kernel_states: Collection[str] | None = None,
        timeout: float = 600.0,
        poll_interval: float = 2.0,
        on_poll: PollCallback | None = None,
    ) -> Session:
        """Poll until the session is in one of `lifecycle_states` (and `kernel_states`).

        Raises SessionFailedError if it reaches FAILED, WaitTimeoutError (with
        `.last_session`) after `timeout` seconds. Polls back off from `poll_interval`.
        """
        call = wait_call(
            self._settings, (ai_data_platform_id, workspace_key, session_id),
            lifecycle_states=lifecycle_states, kernel_states=kernel_states, timeout=timeout,
            poll_interval=poll_interval, on_poll=on_poll,
        )  # fmt: skip
        return self._execute(call)

    def close(self) -> None:
        self._closed = True
        if self._owns_http_client:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncNotebookClient(_ClientBase):
    """Asynchronous client of the notebook sessions API. One connection pool per client."""

    def __init__(self, config: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        http_client = kwargs.get("http_client")
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise InvalidConfigError(
                "http_client", "AsyncNotebookClient needs an httpx.AsyncClient"
            )
        super().__init__(config, **kwargs)
        self._http = http_client or httpx.AsyncClient(
            follow_redirects=False,
            trust_env=self._trust_env,
            # httpcore's pool spends O(connections x idle connections) per request; with
            # 64 calls in flight that cost more than the HTTP (make bench). Several pools.
            transport=ShardedAsyncTransport(
                max_connections=_MAX_CONNECTIONS, trust_env=self._trust_env
            ),
        )
        self._sleep = asyncio.sleep
        self._loop: asyncio.AbstractEventLoop | None = None

    def _check_loop(self) -> None:
        # Pooled connections belong to the event loop that opened them.
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # another async library (trio): nothing to compare
            return
        if self._loop is None:
            self._loop = loop
        elif loop is not self._loop:
            raise WrongEventLoopError(
                "this AsyncNotebookClient was first used in another event loop, and its "
                "connections belong to that loop. Create one client per event loop, e.g. "
                "inside the coroutine you pass to asyncio.run()"
            )

    async def _execute(self, call: Generator[Step, Outcome, R]) -> R:
        self._check_open(self._http)
        self._check_loop()
        limit = self._settings.max_response_bytes
        step = next(call)
        while True:
            outcome: Outcome = None
            if isinstance(step, httpx.Request):
                outcome = await async_exchange(self._http, step, self._auth, limit)
            else:
                await self._sleep(step)
            try:
                step = call.send(outcome)
            except StopIteration as done:
                result: R = done.value
                return result

    async def _request(
        self, op: Operation[T], path_args: tuple[object, ...], **params: Any
    ) -> ApiResponse[T]:
        return await self._execute(run_call(self._settings, op, path_args, params))

    async def list_sessions_detailed(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        *,
        path: str | None = None,
        cluster_id: str | None = None,
        agent_flow_key: str | None = None,
        opc_request_id: str | None = None,
    ) -> ApiResponse[list[SessionSummary]]:
        """The sessions of a workspace, optionally only those with this path, cluster or flow."""
        return await self._request(
            LIST_SESSIONS, (ai_data_platform_id, workspace_key), path=path,
            cluster_id=cluster_id, agent_flow_key=agent_flow_key, opc_request_id=opc_request_id,
        )  # fmt: skip

    list_sessions = async_data_of(list_sessions_detailed)

    async def create_session_detailed(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        details: CreateSessionDetails | Mapping[str, Any],
        *,
        opc_retry_token: str | None = None,
        datalake_tenant_id: str | None = None,
        opc_request_id: str | None = None,
    ) -> ApiResponse[Session]:
        """Create a session, or get the one that exists for `details.path` (201 either way)."""
        return await self._request(
            CREATE_SESSION, (ai_data_platform_id, workspace_key),
            body=coerce_details(details, CreateSessionDetails), opc_retry_token=opc_retry_token,
            datalake_tenant_id=datalake_tenant_id, opc_request_id=opc_request_id,
        )  # fmt: skip

    create_session = async_data_of(create_session_detailed)

    async def get_session_detailed(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        session_id: str,
        *,
        opc_request_id: str | None = None,
    ) -> ApiResponse[Session]:
        """The notebook session `session_id` of a workspace."""
        ids = (ai_data_platform_id, workspace_key, session_id)
        return await self._request(GET_SESSION, ids, opc_request_id=opc_request_id)

    get_session = async_data_of(get_session_detailed)

    async def patch_session_detailed(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        session_id: str,
        details: PatchSessionDetails | Mapping[str, Any],
        *,
        if_match: str | None = None,
        opc_request_id: str | None = None,
    ) -> ApiResponse[Session]:
        """Change fields of a session; with `if_match`, only if its etag still matches."""
        return await self._request(
            PATCH_SESSION, (ai_data_platform_id, workspace_key, session_id),
            body=coerce_details(details, PatchSessionDetails), if_match=if_match,
            opc_request_id=opc_request_id,
        )  # fmt: skip

    patch_session = async_data_of(patch_session_detailed)

    async def rename_session(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        session_id: str,
        name: str,
        *,
        if_match: str | None = None,
        opc_request_id: str | None = None,
    ) -> Session:
        """Give a session a new name (a PatchSession of `name` alone)."""
        details = {"name": check_name("name", name)}
        return await self.patch_session(
            ai_data_platform_id, workspace_key, session_id, details,
            if_match=if_match, opc_request_id=opc_request_id,
        )  # fmt: skip

    async def delete_session_detailed(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        session_id: str,
        *,
        if_match: str | None = None,
        opc_request_id: str | None = None,
    ) -> ApiResponse[None]:
        """Delete a session and its kernel; with `if_match`, only if its etag still matches."""
        ids = (ai_data_platform_id, workspace_key, session_id)
        return await self._request(
            DELETE_SESSION, ids, if_match=if_match, opc_request_id=opc_request_id
        )

    delete_session = async_data_of(delete_session_detailed)

    async def wait_for_session(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        session_id: str,
        *,
        lifecycle_states: Collection[str] = ("ACTIVE",),
        kernel_states: Collection[str] | None = None,
        timeout: float = 600.0,
        poll_interval: float = 2.0,
        on_poll: PollCallback | None = None,
    ) -> Session:
        """Poll until the session is in one of `lifecycle_states` (and `kernel_states`).

        Raises SessionFailedError if it reaches FAILED, WaitTimeoutError (with
        `.last_session`) after `timeout` seconds. Polls back off from `poll_interval`.
        """
        call = wait_call(
            self._settings, (ai_data_platform_id, workspace_key, session_id),
            lifecycle_states=lifecycle_states, kernel_states=kernel_states, timeout=timeout,
            poll_interval=poll_interval, on_poll=on_poll,
        )  # fmt: skip
        return await self._execute(call)

    async def aclose(self) -> None:
        self._closed = True
        if self._owns_http_client:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
