"""NotebookClient's own sender: the request core's requests straight into httpcore's pool.

The pool is the one `httpx.HTTPTransport` builds for the endpoint (httpx's limits, its CA
bundle, the environment's proxy). What httpx puts around it is skipped, because for
these requests it costs more CPU than all of the SDK's own work (`make bench`):
`httpx.Client.send` (auth and redirect machinery, cookie extraction, event hooks) and
its response wrapping. Each request goes in as the signed target and headers.

What httpx did on the way back is done here the same way: httpcore's exceptions become
httpx's (the most specific match, the original as `__cause__`). The body is read
through `_exchange`'s `BodyReader`, as every sender's is: the decoded-size cap, bounded
gzip/deflate inflation, the minimum rate and the call's deadline. A large request body
goes out in pieces held to the same minimum rate (`_exchange.upload_body`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpcore
import httpx

from ._core import Outcome
from ._errors import SigningError
from ._exchange import BodyReader, attempt_deadline, rate_meter, read_body, upload_body
from ._signing import is_oci_signer, signed_headers
from ._transport import environment_proxy, tls_options

# httpcore's failures and the httpx exception each becomes, as httpx maps them.
_EXCEPTIONS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
)
_HTTPCORE_FAILURES = tuple(source for source, _ in _EXCEPTIONS)


def as_httpx_error(exc: Exception) -> httpx.TransportError:
    """The most specific httpx exception for an httpcore one."""
    kind: type[httpx.TransportError] = httpx.TransportError
    for source, target in _EXCEPTIONS:
        if isinstance(exc, source) and issubclass(target, kind):
            kind = target
    error = kind(str(exc))
    error.__cause__ = exc
    return error


def _raw_chunks(response: httpcore.Response) -> Iterator[bytes]:
    try:
        yield from response.iter_stream()
    except _HTTPCORE_FAILURES as exc:
        raise as_httpx_error(exc) from exc


class PoolSender:
    """Signs each attempt and hands it to the client's own httpcore pool."""

    def __init__(self, signer: Any, base_url: str, *, trust_env: bool) -> None:
        self._signer = signer
        self._oci_signer = is_oci_signer(signer)
        proxy = environment_proxy(base_url) if trust_env else None
        self._transport = httpx.HTTPTransport(
            trust_env=trust_env, proxy=proxy, **tls_options(base_url, trust_env=trust_env)
        )
        # The pool (or proxy pool) the transport built; its own handle_request is the
        # layer skipped here.
        self.pool: httpcore.ConnectionPool = self._transport._pool
        self._closed = False

    @property
    def is_closed(self) -> bool:
        return self._closed

    def send(self, request: httpx.Request, max_bytes: int) -> Outcome:
        try:
            headers = signed_headers(self._signer, request, oci_signer=self._oci_signer)
        except SigningError as exc:  # never taken for a network failure
            return exc
        deadline = attempt_deadline(request)
        url = request.url
        outgoing = httpcore.Request(
            request.method,
            httpcore.URL(
                scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
            ),
            # ASCII, as httpx encodes header values (httpx.Request has checked them).
            headers=[
                (name.encode("ascii"), value.encode("ascii")) for name, value in headers.items()
            ],
            content=upload_body(request),
            extensions={"timeout": request.extensions["timeout"]},
        )
        try:
            response = self.pool.handle_request(outgoing)
        except _HTTPCORE_FAILURES as exc:
            return as_httpx_error(exc)
        except httpx.WriteTimeout as exc:  # the body went out below the minimum rate
            return exc
        try:
            reason = response.extensions.get("reason_phrase", b"")
            body = BodyReader(
                response.status,
                reason.decode("ascii", errors="replace"),
                httpx.Headers(response.headers),
                max_bytes,
                deadline,
                meter=rate_meter(request),
            )
            return read_body(body, _raw_chunks(response), request)
        except httpx.RequestError as exc:  # mapped by _raw_chunks, or a body that does not decode
            return exc
        finally:
            response.close()

    def close(self) -> None:
        self._closed = True
        self._transport.close()
