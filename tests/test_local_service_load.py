"""The local service under load: bursts of connects, many connections, many calls at once.

These tests assert behaviour, never timings: that a burst of connects lands in the listen
queue without one SYN retransmission (read from the kernel's TCP_INFO) while every core
is busy and the service's own loop is held so that it accepts nothing, that 1,000
connections open at once are all answered, that 500 concurrent calls all succeed at the
first attempt, and that an application that blocks does not stall the event loop.
How fast a burst is, against the same calls in sequence, is measured by `make bench`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import select
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from typing import Any

import oci
import pytest
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
    _routes,
)
from oci._vendor import requests

P, W, S = SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads Linux's struct tcp_info"
)


def session_url(svc: LocalNotebookService, session_id: str = S) -> str:
    ids = (urllib.parse.quote(part, safe="") for part in (P, W, session_id))
    platform, workspace, session = ids
    return (
        f"{svc.endpoint}/20260430/aiDataPlatforms/{platform}/workspaces/{workspace}"
        f"/notebook/api/sessions/{session}"
    )


def signed_get(svc: LocalNotebookService, url: str) -> bytes:
    """The bytes of a GET signed with the service's key (valid for five minutes)."""
    config = svc.config
    signer = oci.signer.Signer(
        config["tenancy"],
        config["user"],
        config["fingerprint"],
        None,
        private_key_content=svc.private_key_pem,
    )
    prepared = signer(requests.Request("GET", url).prepare())
    lines = [f"GET {prepared.path_url} HTTP/1.1"]
    lines += [f"{name}: {value}" for name, value in prepared.headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def read_response(conn: socket.socket) -> tuple[int, bytes]:
    """One HTTP/1.1 response framed by Content-Length; the connection stays usable."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        assert chunk, f"connection closed before the response headers: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(
        int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")
    )
    while len(body) < length:
        chunk = conn.recv(65536)
        assert chunk, "connection closed mid-body"
        body += chunk
    return status, body


@contextlib.contextmanager
def open_files(needed: int) -> Iterator[None]:
    """Raise the soft limit on open files to `needed` for the duration, if the hard one allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= needed:
        yield
        return
    if hard != resource.RLIM_INFINITY and hard < needed:
        pytest.skip(f"needs {needed} open files; the hard limit is {hard}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


# -- TCP_INFO ------------------------------------------------------------------------------------

TCP_ESTABLISHED = 1
_TCP_INFO = struct.Struct("8B24I")  # the head of struct tcp_info, stable since Linux 2.6


def tcp_info(sock: Any) -> dict[str, int]:
    raw = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, _TCP_INFO.size)
    fields = _TCP_INFO.unpack(raw)
    words = fields[8:]
    return {
        "state": fields[0],
        # On a listening socket the kernel reports its accept queue here: the connections
        # waiting for accept(), and the queue's size (the backlog, capped by somaxconn).
        "unacked": words[4],
        "sacked": words[5],
        "total_retrans": words[23],
    }


@contextlib.contextmanager
def loop_blocked(svc: LocalNotebookService) -> Iterator[None]:
    """Keep the service's event loop busy, so that it accepts nothing until released."""
    server = svc._server  # type: ignore[attr-defined]
    release, blocked = threading.Event(), threading.Event()

    def block() -> None:
        blocked.set()
        release.wait(60)

    server.loop.call_soon_threadsafe(block)
    assert blocked.wait(10)
    try:
        yield
    finally:
        release.set()


@contextlib.contextmanager
def cores_busy() -> Iterator[None]:
    """A busy loop per core, for as long as the block runs."""
    spinners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"])
        for _ in range(os.cpu_count() or 2)
    ]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


@linux_only
def test_a_burst_of_connects_lands_in_the_listen_queue_at_once():
    burst = 100
    with LocalNotebookService() as svc, cores_busy():
        listener = svc._server.socket  # type: ignore[attr-defined]
        assert tcp_info(listener)["sacked"] >= burst  # the queue takes the whole burst
        host, port = svc.endpoint.removeprefix("http://").split(":")
        clients = [socket.socket() for _ in range(burst)]
        try:
            with loop_blocked(svc):
                # Not one accept() while the connects arrive: only the kernel's queue holds them.
                for client in clients:
                    client.setblocking(False)
                    assert client.connect_ex((host, int(port))) in (0, 115)  # EINPROGRESS
                deadline = time.monotonic() + 20
                while time.monotonic() < deadline and tcp_info(listener)["unacked"] < burst:
                    time.sleep(0.01)
                assert tcp_info(listener)["unacked"] == burst
                infos = [tcp_info(client) for client in clients]
                assert {info["state"] for info in infos} == {TCP_ESTABLISHED}
                # A full queue drops SYNs: the client sends them again a second or more later.
                assert sum(info["total_retrans"] for info in infos) == 0
            request = signed_get(svc, session_url(svc))
            for client in clients:
                client.setblocking(True)
                client.settimeout(20)
                client.sendall(request)
            assert [read_response(client)[0] for client in clients] == [200] * burst
        finally:
            for client in clients:
                client.close()


def test_a_thousand_connections_open_at_once_are_all_served():
    count = 1000
    with open_files(2 * count + 200), LocalNotebookService(request_log_limit=None) as svc:
        host, port = svc.endpoint.removeprefix("http://").split(":")
        request = signed_get(svc, session_url(svc))
        clients: list[socket.socket] = []
        try:
            for _ in range(count):
                clients.append(socket.create_connection((host, int(port)), timeout=30))
            for client in clients:
                client.sendall(request)
            answers = [read_response(client) for client in clients]
            assert [status for status, _ in answers] == [200] * count
            assert all(S.encode() in body for _, body in answers)
            # Every connection is still open (keep-alive) and serves a second request.
            for client in clients[:: count // 10]:
                client.sendall(request)
                assert read_response(client)[0] == 200
        finally:
            for client in clients:
                client.close()
        recorded = svc.requests
        assert len(recorded) == count + 10
        assert all(r.signature_valid and r.status == 200 for r in recorded)


def test_500_concurrent_calls_on_the_async_client_all_succeed_first_time():
    calls = 500

    async def burst(svc: LocalNotebookService) -> list[Any]:
        # No retries: a call that needed a second attempt would fail here, not hide.
        async with svc.async_client(retry=None) as client:
            return await asyncio.gather(*(client.get_session(P, W, S) for _ in range(calls)))

    with open_files(4 * calls), LocalNotebookService() as svc:
        sessions = asyncio.run(burst(svc))
        assert [session.id for session in sessions] == [S] * calls
        recorded = svc.requests
    assert len(recorded) == calls
    assert all(r.signature_valid and r.status == 200 for r in recorded)


def test_an_application_that_blocks_does_not_stall_other_requests(monkeypatch):
    # The application runs in worker threads: one request stuck in it (as a Jupyter call
    # can be) leaves the loop free to read, verify and answer the others.
    entered, release = threading.Event(), threading.Event()
    original = _routes.Router.handle

    def handle(self: Any, request: Any) -> Any:
        if "stuck" in request.target:
            entered.set()
            release.wait(30)
        return original(self, request)

    monkeypatch.setattr(_routes.Router, "handle", handle)
    with LocalNotebookService() as svc:
        host, port = svc.endpoint.removeprefix("http://").split(":")
        with (
            socket.create_connection((host, int(port)), timeout=30) as stuck,
            socket.create_connection((host, int(port)), timeout=30) as free,
        ):
            stuck.sendall(signed_get(svc, session_url(svc, "stuck")))
            assert entered.wait(10)
            free.sendall(signed_get(svc, session_url(svc)))
            assert read_response(free)[0] == 200
            assert select.select([stuck], [], [], 0)[0] == []  # still waiting for its answer
            release.set()
            assert read_response(stuck)[0] == 404


def test_stop_does_not_wait_out_a_delayed_request():
    svc = LocalNotebookService().start()
    svc.inject(Fault.slow(600))  # far beyond the test's timeout: stop() must cut it short
    outcome: list[object] = []

    def call() -> None:
        try:
            outcome.append(requests.get(session_url(svc), timeout=60).status_code)
        except requests.exceptions.RequestException as exc:
            outcome.append(exc)

    caller = threading.Thread(target=call)
    caller.start()
    deadline = time.monotonic() + 10
    while not svc.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    assert svc.requests  # the request arrived and is waiting out its delay
    svc.stop()
    caller.join(30)
    assert not caller.is_alive()
    assert outcome  # answered (401: unsigned) or cut off, but over
    assert not svc.running
