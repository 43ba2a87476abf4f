"""Low-level clients of the generated endpoint modules (`api/.../*.py` `sync()` functions).

The SDK's own NotebookClient and AsyncNotebookClient (package aidp_notebook) sign, retry
and check every call and use none of this. These classes exist for the generated
endpoint functions, typed so that the package passes a strict type check wherever it is
copied (see `make vendor`).
"""

import ssl
from types import TracebackType
from typing import Any, Self

import httpx
from attrs import define, field


@define
class Client:
    """An httpx client factory for the endpoint functions: base URL, headers, timeout.

    Attributes:
        raise_on_unexpected_status: Raise errors.UnexpectedStatus for a status the spec
            does not document.
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(alias="base_url")
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers")
    _timeout: httpx.Timeout | None = field(default=None, kw_only=True, alias="timeout")
    _verify_ssl: str | bool | ssl.SSLContext = field(
        default=True, kw_only=True, alias="verify_ssl"
    )
    _follow_redirects: bool = field(
        default=False, kw_only=True, alias="follow_redirects"
    )
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)

    def _client_args(self) -> dict[str, Any]:
        return {
            "base_url": self._base_url,
            "cookies": self._cookies,
            "headers": self._headers,
            "timeout": self._timeout,
            "verify": self._verify_ssl,
            "follow_redirects": self._follow_redirects,
            **self._httpx_args,
        }

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Use `client` (it then decides base URL, headers and timeout)."""
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """The httpx.Client the endpoint functions send with, made on first use."""
        if self._client is None:
            self._client = httpx.Client(**self._client_args())
        return self._client

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Use `async_client` (it then decides base URL, headers and timeout)."""
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The httpx.AsyncClient the endpoint functions send with, made on first use."""
        if self._async_client is None:
            self._async_client = httpx.AsyncClient(**self._client_args())
        return self._async_client

    def __enter__(self) -> Self:
        self.get_httpx_client().__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        tb: TracebackType | None = None,
    ) -> None:
        self.get_httpx_client().__exit__(exc_type, exc, tb)

    async def __aenter__(self) -> Self:
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        tb: TracebackType | None = None,
    ) -> None:
        await self.get_async_httpx_client().__aexit__(exc_type, exc, tb)


@define
class AuthenticatedClient(Client):
    """A Client that sends `Authorization: <prefix> <token>` (not how OCI signs requests:
    the SDK's clients sign each request with an oci signer instead)."""

    token: str = field(kw_only=True, repr=False)  # a credential: never in a repr
    prefix: str = field(default="Bearer", kw_only=True)
    auth_header_name: str = field(default="Authorization", kw_only=True)

    def _client_args(self) -> dict[str, Any]:
        args = super()._client_args()
        value = f"{self.prefix} {self.token}" if self.prefix else self.token
        args["headers"] = {**args["headers"], self.auth_header_name: value}
        return args
