"""NotebookClient and AsyncNotebookClient.

Both share `_ClientBase` (configuration, signer, endpoint, headers) and the
request core (`_core.run_call`); each only adds its I/O loop. An operation is a
module-level `Operation` plus a two-line method on each client.
"""

from __future__ import annotations

import asyncio
import os
import platform
import time
from collections.abc import Callable, Generator, Mapping
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx
from aidp_notebook_client.api.notebook import get_session as _get_session
from aidp_notebook_client.models import Session

from ._config import (
    DEFAULT_CONFIG_FILE,
    DEFAULT_PROFILE,
    load_config,
    signer_from_config,
    validate_config,
)
from ._core import Operation, Outcome, Settings, Step, run_call
from ._endpoint import resolve_endpoint
from ._errors import InvalidConfigError
from ._methods import async_data_of, data_of
from ._response import ApiResponse
from ._retry import RetryPolicy
from ._signing import OCIAuth
from ._version import __version__

T = TypeVar("T")

_SESSION_PATH = ("ai_data_platform_id", "workspace_key", "session_id")

GET_SESSION = Operation("GetSession", _get_session._get_kwargs, _SESSION_PATH, Session.from_dict)

TimeoutTypes = float | tuple[float | None, float | None] | httpx.Timeout | None


def _timeout(value: TimeoutTypes) -> httpx.Timeout:
    """(connect, read) seconds as the oci SDK takes them, a single number, or httpx.Timeout."""
    if isinstance(value, httpx.Timeout):
        return value
    if isinstance(value, tuple):
        if len(value) != 2:
            raise InvalidConfigError("timeout", "a tuple must be (connect, read) seconds")
        connect, read = value
        return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise InvalidConfigError("timeout", f"expected seconds, got {type(value).__name__}")
    return httpx.Timeout(value)


def user_agent() -> str:
    """`aidp-notebook/<version> (python <ver>; <arch>-<os>)` plus OCI_SDK_APPEND_USER_AGENT."""
    agent = (
        f"aidp-notebook/{__version__} (python {platform.python_version()}; "
        f"{platform.machine()}-{platform.system()})"
    )
    extra = os.environ.get("OCI_SDK_APPEND_USER_AGENT", "").strip()
    # Header values cannot carry line breaks; drop anything that could split the header.
    extra = "".join(ch for ch in extra if ch.isprintable())
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
        )
        self._auth = OCIAuth(signer)
        self._owns_http_client = http_client is None
        self._sleep: Callable[[float], Any] = time.sleep

    @property
    def service_endpoint(self) -> str:
        return self._settings.base_url

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


class NotebookClient(_ClientBase):
    """Synchronous client of the notebook sessions API. One connection pool per client."""

    def __init__(self, config: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        http_client = kwargs.get("http_client")
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise InvalidConfigError("http_client", "NotebookClient needs an httpx.Client")
        super().__init__(config, **kwargs)
        self._http = http_client or httpx.Client(follow_redirects=False)

    def _execute(self, call: Generator[Step, Outcome, ApiResponse[T]]) -> ApiResponse[T]:
        step = next(call)
        while True:
            outcome: Outcome = None
            if isinstance(step, httpx.Request):
                try:
                    outcome = self._http.send(step, auth=self._auth, follow_redirects=False)
                except httpx.RequestError as exc:
                    outcome = exc
            else:
                self._sleep(step)
            try:
                step = call.send(outcome)
            except StopIteration as done:
                result: ApiResponse[T] = done.value
                return result

    def _request(
        self, op: Operation[T], path_args: tuple[object, ...], **params: Any
    ) -> ApiResponse[T]:
        return self._execute(run_call(self._settings, op, path_args, params))

    def get_session_detailed(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        session_id: str,
        *,
        opc_request_id: str | None = None,
    ) -> ApiResponse[Session]:
        """The notebook session `session_id` of a workspace (`_detailed`: with HTTP details)."""
        ids = (ai_data_platform_id, workspace_key, session_id)
        return self._request(GET_SESSION, ids, opc_request_id=opc_request_id)

    get_session = data_of(get_session_detailed)

    def close(self) -> None:
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
        self._http = http_client or httpx.AsyncClient(follow_redirects=False)
        self._sleep = asyncio.sleep

    async def _execute(self, call: Generator[Step, Outcome, ApiResponse[T]]) -> ApiResponse[T]:
        step = next(call)
        while True:
            outcome: Outcome = None
            if isinstance(step, httpx.Request):
                try:
                    outcome = await self._http.send(step, auth=self._auth, follow_redirects=False)
                except httpx.RequestError as exc:
                    outcome = exc
            else:
                await self._sleep(step)
            try:
                step = call.send(outcome)
            except StopIteration as done:
                result: ApiResponse[T] = done.value
                return result

    async def _request(
        self, op: Operation[T], path_args: tuple[object, ...], **params: Any
    ) -> ApiResponse[T]:
        return await self._execute(run_call(self._settings, op, path_args, params))

    async def get_session_detailed(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        session_id: str,
        *,
        opc_request_id: str | None = None,
    ) -> ApiResponse[Session]:
        """The notebook session `session_id` of a workspace (`_detailed`: with HTTP details)."""
        ids = (ai_data_platform_id, workspace_key, session_id)
        return await self._request(GET_SESSION, ids, opc_request_id=opc_request_id)

    get_session = async_data_of(get_session_detailed)

    async def aclose(self) -> None:
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
