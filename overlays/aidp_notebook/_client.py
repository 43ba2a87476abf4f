"""NotebookClient and AsyncNotebookClient.

No operation is written here. Each client inherits its operation methods from the
generated package: `Operations` / `AsyncOperations` in aidp_notebook_client.operations,
which `make generate` renders from the spec with one template for both, hold a plain and
a `_detailed` method per operation (typed, with the spec's documentation), and hand each
call to `_call`. The generated classes are mixins rather than generated code importing
this package: aidp_notebook_client then imports nothing from aidp_notebook, so there is
no import cycle and either package can be imported first.

What this module adds is what is not an operation: construction (config, signer,
endpoint, options) in `_ClientBase`, `with_options`, and per client `_call` with the
I/O loop that drives the request core (`_core.run_call`), plus the helpers
`rename_session` and `wait_for_session`. The contents helpers (`upload_file`, ...) come
from the `ContentsHelpers` mixins (_contents_client), which run on the same loop.

Each loop hands every request to the client's sender, which signs it afresh and reads
the answer within bounds (`_exchange`): AsyncNotebookClient's own is aiohttp driven
directly (`_aio_transport`), NotebookClient's own httpcore's pool without httpx's client
layer (`_pool_transport`); a caller's httpx client goes through httpx (`_transport`).
"""

import asyncio
import copy
import dataclasses
import logging
import math
import os
import platform
import time
from collections.abc import Callable, Collection, Generator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Protocol, Self, TypeVar

import httpx
from aidp_notebook_client.models import CreateSessionDetails, Session
from aidp_notebook_client.operations import CREATE_SESSION as CREATE_SESSION_INFO
from aidp_notebook_client.operations import AsyncOperations, Operations
from aidp_notebook_client.types import OperationInfo

from ._config import (
    DEFAULT_CONFIG_FILE,
    DEFAULT_PROFILE,
    load_config,
    signer_from_config,
    validate_config,
)
from ._contents_client import AsyncContentsHelpers, ContentsHelpers
from ._core import Outcome, Settings, Step
from ._endpoint import is_loopback_url, resolve_endpoint
from ._errors import ClientClosedError, InvalidConfigError, WrongEventLoopError
from ._exchange import (
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MIN_RATE,
    MinimumRate,
    Reply,
    check_min_rate,
)
from ._header_case import BooleanHeaderCase, check_boolean_header_case
from ._jobs import OFFLOAD_BYTES
from ._listing_mode import DirectoryListing, DirectoryListingOption, check_directory_listing
from ._lost_answers import operation_call
from ._operations import CREATE_SESSION, call_params, core_operation
from ._options import UNCHANGED, Unchanged, check_extra_headers, http_client_headers
from ._paging import next_page
from ._paths import ContentPathEncoding, check_content_path_encoding
from ._response import ApiResponse
from ._retry import RetryPolicy
from ._signing import OCIAuth
from ._transport import AsyncHttpxSender, HttpxSender, ShardedAsyncTransport, environment_proxy
from ._validation import check_name
from ._version import __version__
from ._waiter import (
    DEFAULT_STATES,
    PollCallback,
    SessionCondition,
    create_and_wait_call,
    deletion_call,
    wait_call,
)
from ._walk_limits import DEFAULT_MAX_PAGES

if TYPE_CHECKING:
    from ._aio_transport import AiohttpSender
    from ._pool_transport import PoolSender

T = TypeVar("T")
R = TypeVar("R")
HttpClient = TypeVar("HttpClient", httpx.Client, httpx.AsyncClient)

# httpx's default pool size; the async client spreads it over several pools (_transport).
_MAX_CONNECTIONS = 100

TimeoutTypes = float | tuple[float | None, float | None] | httpx.Timeout | None
DEFAULT_TIMEOUT: TimeoutTypes = (10, 60)
DEFAULT_RETRY = RetryPolicy()


class Signer(Protocol):
    """What signs requests: any signer of the `oci` package (see aidp_notebook.auth)."""

    def __call__(self, request: Any, /) -> Any: ...


class _Sender(Protocol):
    """What a client's loop asks of its sender besides sending."""

    @property
    def is_closed(self) -> bool: ...


def _timeout(value: object) -> httpx.Timeout:
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


def _max_pages(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidConfigError("max_pages", f"expected a positive number of pages, got {value!r}")
    return value


def _max_response_bytes(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidConfigError(
            "max_response_bytes", f"expected a positive number of bytes, got {value!r}"
        )
    return value


logger = logging.getLogger("aidp_notebook")


def _retry(value: object) -> RetryPolicy | None:
    if value is not None and not isinstance(value, RetryPolicy):
        raise InvalidConfigError("retry", "expected a RetryPolicy or None")
    return value


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


class _ClientBase(Generic[HttpClient]):
    """Everything the sync and async clients share: resolved once, read on every call."""

    _http_client_type: type[HttpClient]

    def __init__(
        self,
        config: Mapping[str, Any] | None = None,
        *,
        signer: Signer | None = None,
        service_endpoint: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        http_client: HttpClient | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        content_path_encoding: ContentPathEncoding = "segment",
        max_pages: int = DEFAULT_MAX_PAGES,
        directory_listing: DirectoryListingOption = "auto",
        boolean_header_case: BooleanHeaderCase = "lower",
        min_rate: MinimumRate | tuple[int, float | None] | None = DEFAULT_MIN_RATE,
    ) -> None:
        """A client for the notebook API of one AIDP region.

        Args:
            config: An OCI config profile as a dict (what `oci.config.from_file` returns):
                user, tenancy, fingerprint, key_file, region, ... `from_file()` reads one.
            signer: Signs requests instead of the config's API key: any `oci` signer, for
                example from aidp_notebook.auth (instance or resource principals, session
                tokens). With a signer, config needs only `region` (or none, given
                service_endpoint).
            service_endpoint: The base URL of the service, instead of the one derived from
                the config's region.
            timeout: Seconds: (connect, read) as the oci SDK takes them, one number for
                all, an httpx.Timeout, or None for no limit.
            retry: The RetryPolicy of every call; None turns retries off.
            http_client: An httpx.Client (NotebookClient) or httpx.AsyncClient
                (AsyncNotebookClient) to send with; the client then neither configures
                nor closes it. Its headers ride on every request and its timeout applies
                unless `timeout` is given; headers that would undo the SDK's, and a
                base_url, params, cookies or auth (which the SDK would not use), are
                refused with InvalidConfigError.
            max_response_bytes: The largest decoded response body a call accepts (64 MiB
                unless given); a larger one is an InvalidResponseError, found while the
                body is read and inflated, without holding it whole.
            content_path_encoding: How a contents path (`content_path`) goes on the wire:
                "segment" sends it as one URL segment with `/` as `%2F` (the Java SDK's
                form); "path" sends `/` as it is (the Python SDK's form). Which one the
                service wants is unconfirmed; the signature covers either.
            max_pages: The most pages a `list_*` call or `iter_*` loop follows (10,000
                unless given); a service that names a next page after that many is
                taken to page without end, an InvalidResponseError.
            directory_listing: How the helpers (list_directory, upload_dir, download_dir)
                list a folder: "contents" through GetContent (`type=directory`,
                `content=1`), "objects" through ListWorkspaceObjects (Oracle's SDK 5.1.1
                says GetContent answers that with 400), or "auto" (the default): GetContent
                first, and on its first 400 ListWorkspaceObjects; whichever answers is
                used from then on by this client and those `with_options` derives from it.
            boolean_header_case: How a boolean header parameter (`should-update-recent`)
                is spelled: "lower" (the default) sends `true`/`false`, as the Java SDK
                does; "title" sends `True`/`False`, as Oracle's Python SDK does. Which the
                service takes is unconfirmed.
            min_rate: The slowest a response body (and a request body the client sends
                itself) may move: a MinimumRate or (bytes_per_second, seconds). An
                attempt fails with RequestTimeoutError once fewer than bytes_per_second
                bytes a second moved over the last `seconds` (default: 1024 bytes/s
                over the read timeout, or 30 s without one), so a server dripping bytes
                cannot hold a call, while a large transfer that keeps that pace is
                never cut off. None: no minimum. For a limit on a whole call, retries
                included, use RetryPolicy(max_elapsed_seconds=...) (also with
                max_attempts=1).
        """
        if config is not None and not isinstance(config, Mapping):
            raise InvalidConfigError("config", f"expected a mapping, got {type(config).__name__}")
        if http_client is not None and not isinstance(http_client, self._http_client_type):
            raise InvalidConfigError(
                "http_client",
                f"{type(self).__name__} needs an httpx.{self._http_client_type.__name__}",
            )
        if signer is not None and not callable(signer):
            raise InvalidConfigError(
                "signer", f"expected an oci signer, got {type(signer).__name__}"
            )
        checked_retry = _retry(retry)
        path_encoding = check_content_path_encoding(content_path_encoding)
        listing = DirectoryListing(check_directory_listing(directory_listing))
        header_case = check_boolean_header_case(boolean_header_case)
        checked_min_rate = check_min_rate(min_rate)
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
        self._base_headers = {"accept": "application/json", "user-agent": user_agent()}
        # A caller's own httpx client keeps its headers, and its timeout unless `timeout`
        # is given (DEFAULT_TIMEOUT is compared by identity: an explicit (10, 60) wins).
        self._extra_headers: dict[str, str] = (
            {} if http_client is None else http_client_headers(http_client)
        )
        if http_client is not None and timeout is DEFAULT_TIMEOUT:
            timeout = http_client.timeout
        self._settings = Settings(
            base_url=resolve_endpoint(config, service_endpoint),
            headers=self._headers(checked_retry),
            timeout=_timeout(timeout).as_dict(),
            retry=checked_retry,
            signer=signer,
            max_response_bytes=_max_response_bytes(max_response_bytes),
            endpoint_origin=_endpoint_origin(config, service_endpoint),
            content_path_encoding=path_encoding,
            max_pages=_max_pages(max_pages),
            directory_listing=listing,
            boolean_header_case=header_case,
            min_rate=checked_min_rate,
        )
        self._auth = OCIAuth(signer)
        self._closed = False
        # The event loop an async client's pool belongs to, shared with with_options() copies.
        self._event_loop: list[asyncio.AbstractEventLoop] = []
        self._owns_http_client = http_client is None
        # Proxy variables must not send loopback traffic (a local service) to a proxy.
        self._trust_env = not is_loopback_url(self._settings.base_url)
        self._sleep: Callable[[float], Any] = self._default_sleep()
        self._init_sender(http_client)

    def _init_sender(self, http_client: HttpClient | None) -> None:
        raise NotImplementedError

    def _default_sleep(self) -> Callable[[float], Any]:
        return time.sleep

    def _headers(self, retry: RetryPolicy | None) -> dict[str, str]:
        retries = {"opc-client-retries": "true"} if retry and retry.retries_enabled else {}
        return {**self._base_headers, **retries, **self._extra_headers}

    @property
    def service_endpoint(self) -> str:
        return self._settings.base_url

    def _check_open(self, sender: "_Sender") -> None:
        if self._closed or sender.is_closed:
            what = "client" if self._closed else "http_client given to this client"
            raise ClientClosedError(
                f"this {type(self).__name__} cannot make calls: its {what} was closed. "
                f"Create a new {type(self).__name__}, and close it only when done with it "
                "(`with` / `async with` does that at the end of the block)"
            )

    @property
    def retry(self) -> RetryPolicy | None:
        return self._settings.retry

    @property
    def content_path_encoding(self) -> ContentPathEncoding:
        return self._settings.content_path_encoding

    @property
    def directory_listing(self) -> DirectoryListingOption:
        return self._settings.directory_listing.option

    @property
    def boolean_header_case(self) -> BooleanHeaderCase:
        return self._settings.boolean_header_case

    def __repr__(self) -> str:
        return f"{type(self).__name__}(service_endpoint={self.service_endpoint!r})"

    def _next_page(
        self, operation: OperationInfo[Any], response: ApiResponse[Any], seen: set[str]
    ) -> str | None:
        return next_page(operation, response, seen, self._settings.max_pages)

    @classmethod
    def from_file(
        cls,
        file_location: str | os.PathLike[str] = DEFAULT_CONFIG_FILE,
        profile_name: str = DEFAULT_PROFILE,
        *,
        signer: Signer | None = None,
        service_endpoint: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        http_client: HttpClient | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        content_path_encoding: ContentPathEncoding = "segment",
        max_pages: int = DEFAULT_MAX_PAGES,
        directory_listing: DirectoryListingOption = "auto",
        boolean_header_case: BooleanHeaderCase = "lower",
        min_rate: MinimumRate | tuple[int, float | None] | None = DEFAULT_MIN_RATE,
    ) -> Self:
        """A client from a profile of an OCI config file (`~/.oci/config`, `DEFAULT`).

        The other options are those of the constructor.
        """
        return cls(
            load_config(file_location, profile_name), signer=signer,
            service_endpoint=service_endpoint, timeout=timeout, retry=retry,
            http_client=http_client, max_response_bytes=max_response_bytes,
            content_path_encoding=content_path_encoding, max_pages=max_pages,
            directory_listing=directory_listing,
            boolean_header_case=boolean_header_case, min_rate=min_rate,
        )  # fmt: skip

    def with_options(
        self,
        *,
        timeout: TimeoutTypes | Unchanged = UNCHANGED,
        retry: RetryPolicy | Unchanged | None = UNCHANGED,
        headers: Mapping[str, str] | None = None,
        content_path_encoding: ContentPathEncoding | Unchanged = UNCHANGED,
        max_pages: int | Unchanged = UNCHANGED,
        directory_listing: DirectoryListingOption | Unchanged = UNCHANGED,
        boolean_header_case: BooleanHeaderCase | Unchanged = UNCHANGED,
        min_rate: MinimumRate | tuple[int, float | None] | Unchanged | None = UNCHANGED,
    ) -> Self:
        """A client whose calls use these settings, sharing this client's connections.

            client.with_options(timeout=120).get_session(...)
            patient = client.with_options(retry=RetryPolicy(max_attempts=8))

        Args:
            timeout: As in the constructor; left out, this client's timeout.
            retry: A RetryPolicy, or None for no retries; left out, this client's policy.
            headers: Extra headers for every request, added to this client's extra
                headers. Headers that the OCI signature covers or the SDK sets (host,
                date, authorization, x-content-sha256, content-*, accept, user-agent),
                OCI's opc-* headers, HTTP framing headers and the operations' header
                parameters (if-match, ...) are refused with a ValueError naming them.
            content_path_encoding: "segment" or "path", as in the constructor; left out,
                this client's.
            max_pages: The most pages a `list_*` call or `iter_*` loop follows, as in the
                constructor; left out, this client's.
            directory_listing: "auto", "contents" or "objects", as in the constructor;
                left out, this client's (and what "auto" has learned, shared).
            boolean_header_case: "lower" or "title", as in the constructor; left out,
                this client's.
            min_rate: A MinimumRate, (bytes_per_second, seconds), or None, as in the
                constructor; left out, this client's.

        The new client shares the connection pool and signer; closing it does nothing,
        and it works as long as this client is open.
        """
        extra = dict(self._extra_headers)
        if headers is not None:
            extra.update(check_extra_headers(headers))
        new_retry = self._settings.retry if isinstance(retry, Unchanged) else _retry(retry)
        new_timeout = (
            self._settings.timeout
            if isinstance(timeout, Unchanged)
            else _timeout(timeout).as_dict()
        )
        path_encoding = (
            self._settings.content_path_encoding
            if isinstance(content_path_encoding, Unchanged)
            else check_content_path_encoding(content_path_encoding)
        )
        pages = (
            self._settings.max_pages if isinstance(max_pages, Unchanged) else _max_pages(max_pages)
        )
        listing = (
            self._settings.directory_listing
            if isinstance(directory_listing, Unchanged)
            else DirectoryListing(check_directory_listing(directory_listing))
        )
        header_case = (
            self._settings.boolean_header_case
            if isinstance(boolean_header_case, Unchanged)
            else check_boolean_header_case(boolean_header_case)
        )
        new_min_rate = (
            self._settings.min_rate if isinstance(min_rate, Unchanged) else check_min_rate(min_rate)
        )
        derived = copy.copy(self)
        derived._extra_headers = extra
        derived._settings = dataclasses.replace(
            self._settings, headers=derived._headers(new_retry), timeout=new_timeout,
            retry=new_retry, content_path_encoding=path_encoding, max_pages=pages,
            directory_listing=listing,
            boolean_header_case=header_case, min_rate=new_min_rate,
        )  # fmt: skip
        derived._owns_http_client = False
        return derived


def _resume(call: Generator[Step, Outcome, R], outcome: Outcome) -> tuple[bool, Any]:
    """(False, the next step) or (True, the result): StopIteration cannot cross a thread."""
    try:
        return False, call.send(outcome)
    except StopIteration as done:
        return True, done.value


def _endpoint_origin(config: Mapping[str, Any], service_endpoint: str | None) -> str:
    """What to check when the endpoint's host does not resolve."""
    if service_endpoint is not None:
        return "it is the service_endpoint given to the client: check its spelling"
    return (
        f"it is the endpoint of region {config.get('region')!r}: check the region name in "
        "the config, or pass service_endpoint"
    )


class NotebookClient(_ClientBase[httpx.Client], Operations, ContentsHelpers):
    """Synchronous client of the notebook API. One connection pool per client.

    Every operation of the API is a method (`get_session`, ...) that returns the model,
    with a `_detailed` twin that returns an ApiResponse (status, headers, attempts).
    """

    _http_client_type = httpx.Client

    def _init_sender(self, http_client: httpx.Client | None) -> None:
        """The caller's httpx.Client if given; else httpcore's pool, driven directly."""
        self._sender: HttpxSender | PoolSender
        if http_client is not None:
            self._sender = HttpxSender(http_client, self._settings.signer)
            return
        # Imported here: httpcore is needed only once a client of our own is built.
        from . import _pool_transport  # noqa: PLC0415

        self._sender = _pool_transport.PoolSender(
            self._settings.signer, self._settings.base_url, trust_env=self._trust_env
        )

    def _execute(self, call: Generator[Step, Outcome, R]) -> R:
        sender = self._sender
        self._check_open(sender)
        limit = self._settings.max_response_bytes
        step = next(call)
        while True:
            outcome: Outcome = None
            if isinstance(step, httpx.Request):
                outcome = sender.send(step, limit)
            else:
                self._sleep(step)
            try:
                step = call.send(outcome)
            except StopIteration as done:
                result: R = done.value
                return result

    def _call(
        self,
        operation: OperationInfo[T],
        path_args: tuple[Any, ...],
        params: dict[str, Any],
        body: object = None,
    ) -> ApiResponse[T]:
        params = call_params(operation, params, body)
        op = core_operation(operation)
        return self._execute(operation_call(self._settings, op, path_args, params))

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

    def wait_for_session(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        session_id: str,
        *,
        lifecycle_states: Collection[str] = DEFAULT_STATES,
        kernel_states: Collection[str] | None = None,
        until: SessionCondition | None = None,
        timeout: float = 600.0,
        poll_interval: float = 2.0,
        on_poll: PollCallback | None = None,
    ) -> Session:
        """Poll until the session is in one of `lifecycle_states` (and `kernel_states`).

        States match in any case; an unknown one is refused at once (pass the enum, such
        as `SessionLifecycleState("HIBERNATING")`, for a state this SDK does not know).
        `until` is a condition instead of the states: `until=lambda s: s.name == "x"`.
        `on_poll(session, elapsed_seconds)` is called after every poll (see PollCallback).
        Polls back off from `poll_interval` up to 30 s; the last one lands at `timeout`.

        Raises:
            SessionFailedError: the session reached FAILED.
            WaitTimeoutError: `timeout` seconds passed (`.last_session` as last seen).
            NotFoundError: the session does not exist (or was deleted meanwhile).
            TypeError, ValueError: a bad argument; nothing was sent.
        """
        call = wait_call(
            self._settings, (ai_data_platform_id, workspace_key, session_id),
            lifecycle_states=lifecycle_states, kernel_states=kernel_states, until=until,
            timeout=timeout, poll_interval=poll_interval, on_poll=on_poll,
        )  # fmt: skip
        return self._execute(call)

    def wait_for_session_deletion(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        session_id: str,
        *,
        timeout: float = 600.0,
        poll_interval: float = 2.0,
        on_poll: PollCallback | None = None,
    ) -> None:
        """Poll until the session is gone: GetSession answers 404 (or already does).

        Raises SessionFailedError if it reaches FAILED instead, WaitTimeoutError after
        `timeout` seconds; `on_poll` and `poll_interval` as for `wait_for_session`.
        """
        call = deletion_call(
            self._settings, (ai_data_platform_id, workspace_key, session_id),
            timeout=timeout, poll_interval=poll_interval, on_poll=on_poll,
        )  # fmt: skip
        self._execute(call)

    def create_session_and_wait_for_state(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        details: CreateSessionDetails | Mapping[str, Any],
        *,
        wait_for_states: Collection[str] = DEFAULT_STATES,
        kernel_states: Collection[str] | None = None,
        timeout: float = 600.0,
        poll_interval: float = 2.0,
        on_poll: PollCallback | None = None,
        opc_retry_token: str | None = None,
        datalake_tenant_id: str | None = None,
        opc_request_id: str | None = None,
    ) -> Session:
        """`create_session`, then `wait_for_session` until one of `wait_for_states`.

        Every argument is checked before the create is sent. The create's own options
        (`opc_retry_token`, ...) are those of `create_session`; the wait's are those of
        `wait_for_session`, whose errors it raises.
        """
        params = {
            "opc_retry_token": opc_retry_token, "datalake_tenant_id": datalake_tenant_id,
            "opc_request_id": opc_request_id,
        }  # fmt: skip
        wait = {
            "lifecycle_states": wait_for_states, "kernel_states": kernel_states,
            "timeout": timeout, "poll_interval": poll_interval, "on_poll": on_poll,
        }  # fmt: skip
        call = create_and_wait_call(
            self._settings, CREATE_SESSION, (ai_data_platform_id, workspace_key),
            call_params(CREATE_SESSION_INFO, params, details), wait,
        )  # fmt: skip
        return self._execute(call)

    def close(self) -> None:
        self._closed = True
        if self._owns_http_client:
            self._sender.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncNotebookClient(_ClientBase[httpx.AsyncClient], AsyncOperations, AsyncContentsHelpers):
    """Asynchronous client of the notebook API. One connection pool per client.

    Every operation of the API is a coroutine method (`get_session`, ...) that returns the
    model, with a `_detailed` twin that returns an ApiResponse (status, headers, attempts).
    """

    _http_client_type = httpx.AsyncClient

    def _default_sleep(self) -> Callable[[float], Any]:
        return asyncio.sleep

    def _init_sender(self, http_client: httpx.AsyncClient | None) -> None:
        """The caller's httpx.AsyncClient if given; else aiohttp, driven directly, unless
        the environment names a proxy only httpx can use."""
        self._sender: AsyncHttpxSender | AiohttpSender
        signer = self._settings.signer
        if http_client is not None:
            self._sender = AsyncHttpxSender(http_client, signer)
            return
        # Imported here: aiohttp costs a tenth of a second, and only this client needs it.
        from . import _aio_transport  # noqa: PLC0415

        base_url = self._settings.base_url
        proxy = environment_proxy(base_url) if self._trust_env else None
        if _aio_transport.aiohttp_can_proxy(proxy):
            self._sender = _aio_transport.AiohttpSender(
                signer, base_url=base_url, proxy=proxy, trust_env=self._trust_env
            )
            return
        fallback = httpx.AsyncClient(
            follow_redirects=False,
            trust_env=True,
            # httpcore's pool spends O(connections x idle connections) per request; with
            # 64 calls in flight that cost more than the HTTP (make bench). Several pools.
            transport=ShardedAsyncTransport(max_connections=_MAX_CONNECTIONS, trust_env=True),
        )
        self._sender = AsyncHttpxSender(fallback, signer)

    def _check_loop(self) -> None:
        # Pooled connections belong to the event loop that opened them.
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # another async library (trio): nothing to compare
            return
        if not self._event_loop:
            self._event_loop.append(loop)
        elif loop is not self._event_loop[0]:
            raise WrongEventLoopError(
                "this AsyncNotebookClient was first used in another event loop, and its "
                "connections belong to that loop. Create one client per event loop, e.g. "
                "inside the coroutine you pass to asyncio.run()"
            )

    async def _execute(self, call: Generator[Step, Outcome, R]) -> R:
        sender = self._sender
        self._check_open(sender)
        self._check_loop()
        limit = self._settings.max_response_bytes
        step = next(call)
        while True:
            outcome: Outcome = None
            if isinstance(step, httpx.Request):
                outcome = await sender.send(step, limit)
            else:
                await self._sleep(step)
            if isinstance(outcome, Reply) and len(outcome.content) >= OFFLOAD_BYTES:
                # Decoding a large body (JSON, the model) would stall the loop: a thread.
                finished, value = await asyncio.to_thread(_resume, call, outcome)
            else:
                finished, value = _resume(call, outcome)
            if finished:
                result: R = value
                return result
            step = value

    async def _call(
        self,
        operation: OperationInfo[T],
        path_args: tuple[Any, ...],
        params: dict[str, Any],
        body: object = None,
    ) -> ApiResponse[T]:
        params = call_params(operation, params, body)
        call = operation_call(self._settings, core_operation(operation), path_args, params)
        return await self._execute(call)

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

    async def wait_for_session(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        session_id: str,
        *,
        lifecycle_states: Collection[str] = DEFAULT_STATES,
        kernel_states: Collection[str] | None = None,
        until: SessionCondition | None = None,
        timeout: float = 600.0,
        poll_interval: float = 2.0,
        on_poll: PollCallback | None = None,
    ) -> Session:
        """Poll until the session is in one of `lifecycle_states` (and `kernel_states`).

        States match in any case; an unknown one is refused at once (pass the enum, such
        as `SessionLifecycleState("HIBERNATING")`, for a state this SDK does not know).
        `until` is a condition instead of the states: `until=lambda s: s.name == "x"`.
        `on_poll(session, elapsed_seconds)` is called after every poll (see PollCallback).
        Polls back off from `poll_interval` up to 30 s; the last one lands at `timeout`.

        Raises:
            SessionFailedError: the session reached FAILED.
            WaitTimeoutError: `timeout` seconds passed (`.last_session` as last seen).
            NotFoundError: the session does not exist (or was deleted meanwhile).
            TypeError, ValueError: a bad argument; nothing was sent.
        """
        call = wait_call(
            self._settings, (ai_data_platform_id, workspace_key, session_id),
            lifecycle_states=lifecycle_states, kernel_states=kernel_states, until=until,
            timeout=timeout, poll_interval=poll_interval, on_poll=on_poll,
        )  # fmt: skip
        return await self._execute(call)

    async def wait_for_session_deletion(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        session_id: str,
        *,
        timeout: float = 600.0,
        poll_interval: float = 2.0,
        on_poll: PollCallback | None = None,
    ) -> None:
        """Poll until the session is gone: GetSession answers 404 (or already does).

        Raises SessionFailedError if it reaches FAILED instead, WaitTimeoutError after
        `timeout` seconds; `on_poll` and `poll_interval` as for `wait_for_session`.
        """
        call = deletion_call(
            self._settings, (ai_data_platform_id, workspace_key, session_id),
            timeout=timeout, poll_interval=poll_interval, on_poll=on_poll,
        )  # fmt: skip
        await self._execute(call)

    async def create_session_and_wait_for_state(
        self,
        ai_data_platform_id: str,
        workspace_key: str,
        details: CreateSessionDetails | Mapping[str, Any],
        *,
        wait_for_states: Collection[str] = DEFAULT_STATES,
        kernel_states: Collection[str] | None = None,
        timeout: float = 600.0,
        poll_interval: float = 2.0,
        on_poll: PollCallback | None = None,
        opc_retry_token: str | None = None,
        datalake_tenant_id: str | None = None,
        opc_request_id: str | None = None,
    ) -> Session:
        """`create_session`, then `wait_for_session` until one of `wait_for_states`.

        Every argument is checked before the create is sent. The create's own options
        (`opc_retry_token`, ...) are those of `create_session`; the wait's are those of
        `wait_for_session`, whose errors it raises.
        """
        params = {
            "opc_retry_token": opc_retry_token, "datalake_tenant_id": datalake_tenant_id,
            "opc_request_id": opc_request_id,
        }  # fmt: skip
        wait = {
            "lifecycle_states": wait_for_states, "kernel_states": kernel_states,
            "timeout": timeout, "poll_interval": poll_interval, "on_poll": on_poll,
        }  # fmt: skip
        call = create_and_wait_call(
            self._settings, CREATE_SESSION, (ai_data_platform_id, workspace_key),
            call_params(CREATE_SESSION_INFO, params, details), wait,
        )  # fmt: skip
        return await self._execute(call)

    async def aclose(self) -> None:
        self._closed = True
        if self._owns_http_client:
            await self._sender.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
