"""Security from the client's side: tampering, redirects, and secrets in logs and reprs.

tests/test_local_service.py proves the service rejects tampered requests made with the
`requests` library; here the SDK's own requests are altered after signing (a custom
httpx transport between the signer and the wire) and must be refused with 401, with
nothing read or changed. tests/test_input_and_secrets.py checks a retried GET at DEBUG;
here: encrypted keys and pass phrases, failures, the async client, every logger
(httpx and httpcore too), and the command with --debug.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from aidp_notebook import (
    AidpError,
    AsyncNotebookClient,
    InvalidConfigError,
    NotAuthenticatedError,
    NotebookClient,
    RetryPolicy,
    ServiceError,
)
from aidp_notebook.cli import main
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)
from cryptography.hazmat.primitives import serialization

from .conftest import IDS

OTHER_SESSION = "8b1f0c2d-4e3a-4b5c-9d6e-7f8a9b0c1d2e"
PASS_PHRASE = "correct horse battery staple"


class Tamper(httpx.BaseTransport):
    """Sits between the signer and the wire: changes each signed request with `edit`."""

    def __init__(self, edit: Callable[[httpx.Request], None]) -> None:
        self.edit = edit
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.edit(request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def _other_path(request: httpx.Request) -> None:
    request.url = request.url.copy_with(raw_path=request.url.raw_path.replace(
        SEED_SESSION_ID.encode(), OTHER_SESSION.encode()))  # fmt: skip


def _other_host(request: httpx.Request) -> None:
    # Still this server (it answers to localhost too); only the signed host differs.
    request.headers["host"] = request.headers["host"].replace("127.0.0.1", "localhost")


def _other_body(request: httpx.Request) -> None:
    body = request.content.replace(b"aaaa", b"bbbb")  # same length: only the hash can tell
    request.stream = httpx.ByteStream(body)
    request._content = body


def _added_query(request: httpx.Request) -> None:
    request.url = request.url.copy_merge_params({"path": OTHER_SESSION})


def _moved_date(request: httpx.Request) -> None:
    request.headers["date"] = email.utils.formatdate(time.time() + 60, usegmt=True)


def _stale_date(request: httpx.Request) -> None:
    request.headers["date"] = email.utils.formatdate(time.time() - 3600, usegmt=True)


CALLS: dict[str, Callable[[NotebookClient], object]] = {
    "get": lambda client: client.get_session(*IDS),
    "rename": lambda client: client.rename_session(*IDS, "aaaa"),
    "list": lambda client: client.list_sessions(*IDS[:2]),
}


@pytest.mark.parametrize(
    ("edit", "call", "reason"),
    [
        (_other_path, "get", "signature does not verify"),
        (_other_host, "get", "signature does not verify"),
        (_other_body, "rename", "x-content-sha256 does not match"),
        (_added_query, "list", "signature does not verify"),
        (_moved_date, "get", "signature does not verify"),
        (_stale_date, "get", "more than 5 minutes away"),
    ],
    ids=["path", "host", "body", "query", "date-moved", "date-stale"],
)
def test_requests_altered_after_signing_are_refused(
    service: LocalNotebookService, edit: Callable[[httpx.Request], None], call: str, reason: str
) -> None:
    before = service.get_session_json(*IDS)
    http = httpx.Client(transport=Tamper(edit))
    with (
        service.client(http_client=http, retry=None) as client,
        pytest.raises(NotAuthenticatedError) as caught,
    ):
        CALLS[call](client)
    http.close()
    assert caught.value.status == 401
    assert reason in caught.value.message
    (recorded,) = service.requests
    assert not recorded.signature_valid
    assert service.get_session_json(*IDS) == before  # nothing changed


def test_a_stale_clock_is_refused_and_not_retried(service: LocalNotebookService) -> None:
    service.clock_skew = 400  # the service's clock runs 400 s ahead of ours
    with service.client() as client, pytest.raises(NotAuthenticatedError) as caught:
        client.get_session(*IDS)
    assert "5 minutes" in caught.value.message
    assert len(service.requests) == 1


# -- redirects ----------------------------------------------------------------------------


class Trap:
    """A TCP listener on another loopback port that records every connection it gets."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.1)
        self.port = self.server.getsockname()[1]
        self.received: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                connection.settimeout(1)
                try:
                    self.received.append(connection.recv(65536))
                except OSError:
                    self.received.append(b"")

    def close(self) -> list[bytes]:
        """Stop, and return what arrived, including connections still waiting in the backlog."""
        self._stop.set()
        self._thread.join(5)
        self.server.setblocking(False)
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                break
            connection.close()
            self.received.append(b"(connected)")
        self.server.close()
        return self.received


@pytest.fixture
def trap() -> Iterator[Trap]:
    trap = Trap()
    yield trap
    if not trap._stop.is_set():
        trap.close()


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("mode", ["sync", "async", "user-client-that-follows"])
def test_redirects_are_never_followed(
    service: LocalNotebookService, trap: Trap, status: int, mode: str
) -> None:
    location = f"http://127.0.0.1:{trap.port}/steal"
    service.inject(Fault(status=status, body=b"", headers={"location": location}), count=2)

    if mode == "async":

        async def run() -> None:
            async with service.async_client(retry=None) as client:
                await client.get_session(*IDS)

        with pytest.raises(ServiceError) as caught:
            asyncio.run(run())
    else:
        # A caller's own client set to follow redirects must not change that either.
        http = httpx.Client(follow_redirects=True) if mode != "sync" else None
        with service.client(retry=None, http_client=http) as client:
            with pytest.raises(ServiceError) as caught:
                client.get_session(*IDS)
        if http is not None:
            http.close()
    assert caught.value.status == status
    assert len(service.requests) == 1
    assert trap.close() == []


def test_the_command_does_not_follow_redirects(
    service: LocalNotebookService, trap: Trap, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    service.inject(
        Fault(status=307, body=b"", headers={"location": f"http://127.0.0.1:{trap.port}/x"})
    )
    config = service.write_config_file(tmp_path)
    code = main(["--config-file", str(config), "--endpoint", service.endpoint, "--no-retry",
                 "session", "get", "--ai-data-platform-id", IDS[0], "--workspace-key", IDS[1],
                 "--session-id", IDS[2]])  # fmt: skip
    assert code == 4
    assert "307" in capsys.readouterr().err
    assert trap.close() == []


# -- no secret in logs, reprs, errors or the command's output --------------------------------


@pytest.fixture
def encrypted_profile(service: LocalNotebookService, tmp_path: Path) -> Path:
    """A config file whose key is encrypted with PASS_PHRASE."""
    key = serialization.load_pem_private_key(service.private_key_pem.encode(), password=None)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(PASS_PHRASE.encode()),
    )
    key_file = tmp_path / "encrypted.pem"
    key_file.write_bytes(pem)
    key_file.chmod(0o600)
    config = service.config
    lines = ["[DEFAULT]"] + [
        f"{name} = {config[name]}" for name in ("user", "tenancy", "fingerprint", "region")
    ]
    lines += [f"key_file = {key_file}", f"pass_phrase = {PASS_PHRASE}"]
    lines += ["", "[WRONG]", "pass_phrase = not the pass phrase"]
    path = tmp_path / "config"
    path.write_text("\n".join(lines) + "\n")
    return path


def secrets_of(service: LocalNotebookService, key_file: Path | None = None) -> list[str]:
    """Everything that must never be printed: key material, pass phrase, signatures."""
    found = [PASS_PHRASE, "PRIVATE KEY-----", "Signature version="]
    found += [line for line in service.private_key_pem.splitlines() if "-----" not in line]
    if key_file is not None:
        found += [line for line in key_file.read_text().splitlines() if "-----" not in line]
    found += [r.signature for r in service.requests if r.signature]
    found += [r.headers["authorization"] for r in service.requests if "authorization" in r.headers]
    return found


def assert_no_secret(texts: list[str], secrets: list[str]) -> None:
    assert len(secrets) > 10
    for text in texts:
        for secret in secrets:
            assert secret not in text


def test_no_secret_reaches_any_logger_repr_or_error(
    service: LocalNotebookService, encrypted_profile: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # the root: aidp_notebook, httpx, httpcore, oci, ...
    texts: list[str] = []
    service.inject(Fault(status=503), count=2)
    with NotebookClient.from_file(
        encrypted_profile, service_endpoint=service.endpoint, retry=RetryPolicy(base_delay=0)
    ) as client:
        client._sleep = lambda seconds: None  # type: ignore[attr-defined]
        texts += [repr(client), repr(client._auth), str(client.get_session_detailed(*IDS))]
        service.inject(Fault(status=401, headers={"www-authenticate": "Signature"}))
        for failing in (
            lambda: client.get_session(*IDS),
            lambda: client.get_session(*IDS[:2], "no-such-session"),
            lambda: client.get_session(*IDS, opc_request_id="bad id"),
        ):
            try:
                failing()
            except (AidpError, ValueError) as exc:
                texts += [str(exc), repr(exc), repr(getattr(exc, "headers", ""))]
    with pytest.raises(InvalidConfigError) as wrong:
        NotebookClient.from_file(encrypted_profile, "WRONG", service_endpoint=service.endpoint)
    assert wrong.value.key == "pass_phrase"
    assert wrong.value.__cause__ is None and wrong.value.__context__ is None
    texts += [str(wrong.value), repr(wrong.value), repr(service)]
    texts += [repr(r) for r in service.requests]

    async def async_calls() -> None:
        async with AsyncNotebookClient.from_file(
            encrypted_profile, service_endpoint=service.endpoint
        ) as client:
            texts.append(repr(client))
            await client.get_session(*IDS)

    asyncio.run(async_calls())
    # A caller's own httpx client: httpx's client layer logs each request too.
    with httpx.Client() as http, service.client(http_client=http) as client:
        texts.append(str(client.get_session_detailed(*IDS)))
    texts.append(caplog.text)
    assert "GET http://127.0.0.1" in caplog.text  # the debug log is there, and useful
    assert {"httpcore.http11", "httpx", "aidp_notebook"} <= {r.name for r in caplog.records}
    assert_no_secret(texts, secrets_of(service, encrypted_profile.parent / "encrypted.pem"))


@pytest.mark.parametrize(
    "fault",
    [None, Fault(status=401), Fault(status=404), Fault(status=200, body=b"<html>")],
    ids=["ok", "401", "404", "invalid-response"],
)
@pytest.mark.parametrize("profile", ["DEFAULT", "WRONG"])
def test_the_command_with_debug_prints_no_secret(
    service: LocalNotebookService,
    encrypted_profile: Path,
    capsys: pytest.CaptureFixture[str],
    fault: Fault | None,
    profile: str,
) -> None:
    if fault is not None:
        service.inject(fault)
    code = main(["--debug", "--config-file", str(encrypted_profile), "--profile", profile,
                 "--endpoint", service.endpoint, "--no-retry", "--output", "table",
                 "session", "get", "--ai-data-platform-id", SEED_AI_DATA_PLATFORM_ID,
                 "--workspace-key", SEED_WORKSPACE_KEY, "--session-id", SEED_SESSION_ID])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == (3 if profile == "WRONG" else 0 if fault is None else 4)
    if code:
        assert "Traceback" in err  # --debug shows it; still nothing secret in it
    assert_no_secret([out, err], secrets_of(service, encrypted_profile.parent / "encrypted.pem"))


def test_service_errors_carry_response_headers_only(service: LocalNotebookService) -> None:
    service.inject(Fault(status=500))
    with service.client(retry=None) as client, pytest.raises(ServiceError) as caught:
        client.get_session(*IDS)
    names = {name.lower() for name in caught.value.headers}
    assert "opc-request-id" in names
    assert not names & {"authorization", "x-content-sha256", "user-agent"}
