"""AsyncNotebookClient's own transport (aiohttp) behaves as NotebookClient's (httpx) does.

Hostile answers, refused connections and untrusted certificates give both clients the
same error class; both put the same headers on the wire; neither keeps cookies; both
honour proxy variables the same way. And the aiohttp client's own rules: it belongs to
the event loop of its first call, and says so (as it says when it is closed).
"""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
import threading
import zlib
from typing import Any

import oci
import pytest
from aidp_notebook import (
    AidpError,
    AsyncNotebookClient,
    ClientClosedError,
    InvalidResponseError,
    NotebookClient,
    RequestTimeoutError,
    Session,
    SigningError,
    TransportError,
    WrongEventLoopError,
)
from aidp_notebook._transport import AsyncHttpxSender
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)

from .canned_server import CannedServer, self_signed_context

IDS = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID)
REGION_ENDPOINT = "https://aidp.us-ashburn-1.oci.oraclecloud.com"
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(scope="module")
def config() -> dict[str, str]:
    """A key to sign with, for servers that verify nothing."""
    return LocalNotebookService(seed=False).config


@pytest.fixture
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    return monkeypatch


def outcome_of_each(config: dict[str, str], endpoint: str, **kwargs: Any) -> dict[str, Any]:
    """get_session through each client: the Session, or the exception raised."""
    outcomes: dict[str, Any] = {}
    kwargs.setdefault("retry", None)
    try:
        with NotebookClient(config, service_endpoint=endpoint, **kwargs) as client:
            outcomes["sync"] = client.get_session(*IDS)
    except Exception as exc:
        outcomes["sync"] = exc

    async def run() -> Any:
        async with AsyncNotebookClient(config, service_endpoint=endpoint, **kwargs) as client:
            return await client.get_session(*IDS)

    try:
        outcomes["async"] = asyncio.run(run())
    except Exception as exc:
        outcomes["async"] = exc
    return outcomes


HOSTILE_ANSWERS = {
    "not HTTP": b"HELLO\r\n\r\n",
    "closed at once": b"",
    "a malformed status line": b"HTTP/1.1 2x0 OK\r\ncontent-length: 0\r\n\r\n",
    "a 200 KB header": b"HTTP/1.1 200 OK\r\nx-big: " + b"a" * 200_000 + b"\r\n\r\n",
    "a 20 KB header": b"HTTP/1.1 200 OK\r\nx-big: "
    + b"a" * 20_000
    + b"\r\ncontent-length: 0\r\n\r\n",
    "a broken chunk": b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nZZ\r\n",
    "a truncated body": b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{}",
    "bad gzip": b"HTTP/1.1 200 OK\r\ncontent-encoding: gzip\r\ncontent-length: 5\r\n\r\nhello",
}


@pytest.mark.parametrize("answer", HOSTILE_ANSWERS.values(), ids=HOSTILE_ANSWERS.keys())
def test_hostile_answers_give_both_clients_the_same_error(
    config: dict[str, str], answer: bytes
) -> None:
    with CannedServer(answer) as server:
        outcomes = outcome_of_each(config, f"http://127.0.0.1:{server.port}")
    sync, async_ = outcomes["sync"], outcomes["async"]
    assert isinstance(sync, AidpError), sync
    assert type(async_) is type(sync), (sync, async_)
    if isinstance(sync, TransportError):
        # The same httpx failure class named in both messages.
        assert sync.problem.split(" (")[1].split(":")[0] in async_.problem
    else:  # a long header is no failure; the empty body that follows is
        assert isinstance(sync, InvalidResponseError)


def test_a_refused_connection_is_a_connect_error_for_both(config: dict[str, str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
    outcomes = outcome_of_each(config, f"http://127.0.0.1:{port}")
    for error in outcomes.values():
        assert type(error) is TransportError
        assert "ConnectError" in error.problem


def test_an_untrusted_certificate_is_refused_by_both(config: dict[str, str]) -> None:
    with CannedServer(b"HTTP/1.1 200 OK\r\n\r\n", tls=self_signed_context()) as server:
        outcomes = outcome_of_each(config, f"https://127.0.0.1:{server.port}")
        assert server.received == []  # no request ever went over the untrusted connection
    for error in outcomes.values():
        assert type(error) is TransportError
        assert "CERTIFICATE_VERIFY_FAILED" in str(error)


def test_a_silent_server_is_a_read_timeout_for_both(config: dict[str, str]) -> None:
    async def never_answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()

    async def run() -> Any:
        server = await asyncio.start_server(never_answer, "127.0.0.1", 0)
        endpoint = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        try:
            async with AsyncNotebookClient(
                config, service_endpoint=endpoint, timeout=(2, 0.2), retry=None
            ) as client:
                return await client.get_session(*IDS)
        finally:
            server.close()

    with pytest.raises(RequestTimeoutError, match="ReadTimeout"):
        asyncio.run(run())


def test_both_clients_put_the_same_headers_on_the_wire(service: LocalNotebookService) -> None:
    details = {"name": "wire", "path": "/wire.ipynb"}
    with service.client() as client:
        client.get_session(*IDS)
        created = client.create_session(*IDS[:2], details)
        client.delete_session(*IDS[:2], created.id)

    async def run() -> None:
        async with service.async_client() as client:
            await client.get_session(*IDS)
            created = await client.create_session(*IDS[:2], {**details, "path": "/wire2.ipynb"})
            await client.delete_session(*IDS[:2], created.id)

    asyncio.run(run())
    sync, async_ = service.requests[:3], service.requests[3:]
    for a, b in zip(sync, async_, strict=True):
        assert a.signature_valid and b.signature_valid
        assert a.method == b.method
        extra = {"content-length"} if a.method == "DELETE" else set()  # aiohttp sends 0
        assert set(b.headers) == set(a.headers) | extra, a.method
        assert "accept-encoding" not in b.headers and "cookie" not in b.headers
    assert async_[-1].headers.get("content-length", "0") == "0"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_cookies_are_neither_kept_nor_sent(service: LocalNotebookService, mode: str) -> None:
    session = service.get_session_json(*IDS)
    cookie = {"set-cookie": "sid=secret; Path=/", "content-type": "application/json"}
    service.inject(Fault(status=200, body=json.dumps(session).encode(), headers=cookie))
    if mode == "sync":
        with service.client() as client:
            client.get_session(*IDS)
            client.get_session(*IDS)
    else:

        async def run() -> None:
            async with service.async_client() as client:
                await client.get_session(*IDS)
                await client.get_session(*IDS)

        asyncio.run(run())
    assert [r.status for r in service.requests] == [200, 200]
    assert "cookie" not in service.requests[1].headers


def test_a_client_belongs_to_the_event_loop_of_its_first_call(
    service: LocalNotebookService,
) -> None:
    client = service.async_client()
    with asyncio.Runner() as first, asyncio.Runner() as second:
        assert first.run(client.get_session(*IDS)).id == SEED_SESSION_ID
        with pytest.raises(WrongEventLoopError, match="another event loop"):
            second.run(client.get_session(*IDS))
        assert first.run(client.get_session(*IDS)).id == SEED_SESSION_ID  # still fine there
        first.run(client.aclose())
        with pytest.raises(ClientClosedError, match="was closed"):
            first.run(client.get_session(*IDS))
    assert len(service.requests) == 2


def test_a_client_made_outside_any_loop_works_inside_one(service: LocalNotebookService) -> None:
    client = service.async_client()  # no event loop is running here

    async def run() -> Session:
        async with client:
            return await client.get_session(*IDS)

    assert asyncio.run(run()).id == SEED_SESSION_ID


PROXY_REFUSAL = b"HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n"


def test_an_http_proxy_from_the_environment_is_used_by_both(
    config: dict[str, str], no_proxies: pytest.MonkeyPatch
) -> None:
    with CannedServer(PROXY_REFUSAL) as proxy:
        no_proxies.setenv("HTTPS_PROXY", f"http://user:p%40ss@127.0.0.1:{proxy.port}")
        outcomes = outcome_of_each(config, REGION_ENDPOINT)
        received = list(proxy.received)
    assert len(received) == 2
    for error, head in zip(outcomes.values(), received, strict=True):
        assert type(error) is TransportError
        assert "ProxyError" in error.problem
        assert head.startswith(b"CONNECT aidp.us-ashburn-1.oci.oraclecloud.com:443 HTTP/1.1\r\n")
        # user:p@ss, from the URL's percent-encoded credentials.
        assert b"proxy-authorization: basic dxnlcjpwqhnz" in head.lower()


def test_no_proxy_exempts_the_endpoint(
    config: dict[str, str], no_proxies: pytest.MonkeyPatch
) -> None:
    with CannedServer(PROXY_REFUSAL) as proxy:
        no_proxies.setenv("HTTPS_PROXY", f"http://127.0.0.1:{proxy.port}")
        no_proxies.setenv("NO_PROXY", "localhost,.oraclecloud.com")
        client = AsyncNotebookClient(config, service_endpoint=REGION_ENDPOINT)
        assert client._sender._proxy is None  # type: ignore[union-attr]
        asyncio.run(client.aclose())
        assert proxy.received == []


def test_proxies_aiohttp_cannot_use_send_the_client_through_httpx(
    config: dict[str, str], no_proxies: pytest.MonkeyPatch
) -> None:
    no_proxies.setenv("HTTPS_PROXY", "https://proxy.example.com:3128")
    client = AsyncNotebookClient(config, service_endpoint=REGION_ENDPOINT)
    assert isinstance(client._sender, AsyncHttpxSender)
    asyncio.run(client.aclose())
    no_proxies.setenv("HTTPS_PROXY", "http://proxy.example.com:3128")
    client = AsyncNotebookClient(config, service_endpoint=REGION_ENDPOINT)
    assert not isinstance(client._sender, AsyncHttpxSender)
    asyncio.run(client.aclose())


def test_loopback_endpoints_ignore_proxy_variables(
    service: LocalNotebookService, no_proxies: pytest.MonkeyPatch
) -> None:
    no_proxies.setenv("HTTP_PROXY", "http://192.0.2.1:9")
    no_proxies.setenv("ALL_PROXY", "socks5://192.0.2.1:9")

    async def run() -> Session:
        async with service.async_client() as client:
            return await client.get_session(*IDS)

    assert asyncio.run(run()).id == SEED_SESSION_ID


class _RecordingSigner(oci.signer.Signer):  # type: ignore[misc]
    """The oci API-key signer, noting the thread each signature is made in."""

    threads: list[str]
    fail_with: Exception | None = None  # for every signature after the first

    def __call__(self, request: Any, enforce_content_headers: bool = True) -> Any:
        self.threads.append(threading.current_thread().name)
        if self.fail_with is not None and len(self.threads) > 1:
            raise self.fail_with
        return super().__call__(request, enforce_content_headers)


def _recording_signer(service: LocalNotebookService) -> _RecordingSigner:
    config = service.config
    signer = _RecordingSigner(
        config["tenancy"], config["user"], config["fingerprint"],
        private_key_file_location=None, private_key_content=config["key_content"],
    )  # fmt: skip
    signer.threads = []
    return signer


def test_overlapping_calls_are_signed_beside_the_loop_and_single_ones_on_it(
    service: LocalNotebookService,
) -> None:
    signer = _recording_signer(service)

    async def run() -> None:
        async with AsyncNotebookClient(signer=signer, service_endpoint=service.endpoint) as client:
            await client.get_session(*IDS)
            await asyncio.gather(*(client.get_session(*IDS) for _ in range(20)))

    asyncio.run(run())
    assert signer.threads[0] == "MainThread"  # alone: no hand-over to another thread
    assert {name for name in signer.threads[1:] if name.startswith("aidp-sign-")}
    assert len(service.requests) == 21
    assert all(r.signature_valid for r in service.requests)


def test_a_signer_failing_in_a_signing_thread_fails_its_call(
    service: LocalNotebookService,
) -> None:
    signer = _recording_signer(service)
    signer.fail_with = ConnectionError("token refresh failed")
    service.inject(Fault.slow(0.3))  # the first call stays in flight while the others sign

    async def run() -> list[Any]:
        async with AsyncNotebookClient(signer=signer, service_endpoint=service.endpoint) as client:
            return await asyncio.gather(
                *(client.get_session(*IDS) for _ in range(6)), return_exceptions=True
            )

    first, *others = asyncio.run(run())
    assert isinstance(first, Session)
    # A SigningError as it would be on the loop: not taken for a network failure, not retried.
    assert all(isinstance(o, SigningError) for o in others), others
    assert all(isinstance(o.__cause__, ConnectionError) for o in others), others
    assert all(name.startswith("aidp-sign-") for name in signer.threads[1:])
    assert len(signer.threads) == 6
    assert len(service.requests) == 1


def test_a_signer_failing_on_the_loop_fails_its_call_at_once(service: LocalNotebookService) -> None:
    signer = _recording_signer(service)
    signer.fail_with = OSError("no key")

    async def run() -> None:
        async with AsyncNotebookClient(signer=signer, service_endpoint=service.endpoint) as client:
            await client.get_session(*IDS)  # the first signature succeeds
            with pytest.raises(SigningError, match="no key") as caught:
                await client.get_session(*IDS)
            assert isinstance(caught.value.__cause__, OSError)

    asyncio.run(run())
    assert signer.threads == ["MainThread", "MainThread"]  # one attempt, not retried
    assert len(service.requests) == 1


def _answer_with(body: bytes, *headers: bytes) -> bytes:
    head = [b"HTTP/1.1 200 OK", b"content-length: " + str(len(body)).encode(), *headers]
    return b"\r\n".join(head) + b"\r\n\r\n" + body


SESSION_JSON = json.dumps({"id": SEED_SESSION_ID, "name": "zipped"}).encode()


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        (b"gzip", gzip.compress(SESSION_JSON)),
        (b"deflate", zlib.compress(SESSION_JSON)),
        (b"identity", SESSION_JSON),
    ],
)
def test_both_clients_decode_what_the_server_compressed(
    config: dict[str, str], encoding: bytes, body: bytes
) -> None:
    answer = _answer_with(body, b"content-type: application/json", b"content-encoding: " + encoding)
    with CannedServer(answer) as server:
        outcomes = outcome_of_each(config, f"http://127.0.0.1:{server.port}")
    for session in outcomes.values():
        assert isinstance(session, Session), session
        assert (session.id, session.name) == (SEED_SESSION_ID, "zipped")


def test_both_clients_reach_an_ipv6_loopback_endpoint(config: dict[str, str]) -> None:
    try:
        listener = socket.create_server(("::1", 0), family=socket.AF_INET6)
    except OSError:
        pytest.skip("no IPv6 loopback here")
    port = listener.getsockname()[1]
    received: list[bytes] = []

    def serve() -> None:
        for _ in range(2):
            connection, _ = listener.accept()
            with connection:
                received.append(connection.recv(65536))
                connection.sendall(_answer_with(SESSION_JSON, b"content-type: application/json"))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        outcomes = outcome_of_each(config, f"http://[::1]:{port}")
    finally:
        thread.join(5)
        listener.close()
    assert all(isinstance(s, Session) for s in outcomes.values()), outcomes
    assert len(received) == 2
    for head in received:
        assert f"host: [::1]:{port}\r\n".encode() in head.lower()
