"""The local service does not grow with the traffic it serves.

A long-running `aidp-notebook local-service`, or a test session that shares one service,
must not keep every request body and every retry token for ever: the request log is a
ring buffer whose bodies are cut to a size (with a marker saying what was cut), and retry
tokens are forgotten after OCI's 24 hours, or when there are too many (oldest first).
Memory is measured as what the service retains, not as process RSS.
"""

from __future__ import annotations

import base64
import os
import time
from pathlib import Path

import pytest
from aidp_notebook import ConflictError
from aidp_notebook.cli._local import _service
from aidp_notebook.cli._main import build_parser, main
from aidp_notebook.testing import LocalNotebookService, _retry_tokens

from .conftest import IDS

WS = IDS[:2]
FOLDER = "Workspace/Shared"
MARKER_ROOM = 200  # the cut marker: counts, a sha256 in hex and a sentence


def _upload_large_files(
    service: LocalNotebookService, tmp_path: Path, count: int, size: int = 1024 * 1024
) -> int:
    """Upload `count` random files of `size` bytes; the size of the largest PUT body."""
    local = tmp_path / "large.bin"
    sizes = []
    with service.client() as client:
        for index in range(count):
            local.write_bytes(os.urandom(size))
            client.upload_file(*WS, local, f"{FOLDER}/large-{index}.bin")
            sizes.append(int(service.requests[-1].headers["content-length"]))
    return max(sizes)


def _retained_body_bytes(service: LocalNotebookService) -> int:
    return sum(len(request.body) for request in service.requests)


def test_large_uploads_keep_at_most_the_default_body_size_each(tmp_path: Path) -> None:
    with LocalNotebookService() as service:
        body_size = _upload_large_files(service, tmp_path, 25)
        requests = service.requests
    assert body_size > 1024 * 1024  # base64 and JSON around 1 MiB
    assert len(requests) == 25
    # Unbounded, the log held 25 x 1.4 MB; now each body is 64 KiB and a marker.
    assert _retained_body_bytes(service) <= 25 * (64 * 1024 + MARKER_ROOM)
    for request in requests:
        assert request.body_length > 1024 * 1024
        assert request.body_cut == request.body_length - 64 * 1024
        assert b"bytes cut by the local service's request log" in request.body[64 * 1024 :]


def test_the_log_keeps_the_newest_requests_within_its_count(tmp_path: Path) -> None:
    with LocalNotebookService(request_log_limit=10, request_body_limit=4096) as service:
        _upload_large_files(service, tmp_path, 30, 256 * 1024)
        with service.client() as client:
            client.get_content(*WS, f"{FOLDER}/large-29.bin", content=0)
        requests = service.requests
    assert len(requests) == 10
    assert [request.method for request in requests] == ["PUT"] * 9 + ["GET"]
    assert requests[0].target.endswith("large-21.bin")  # the oldest went first
    assert _retained_body_bytes(service) <= 10 * (4096 + MARKER_ROOM)


def test_a_cut_body_keeps_its_start_and_says_what_was_cut(tmp_path: Path) -> None:
    with LocalNotebookService(request_body_limit=100) as service:
        _upload_large_files(service, tmp_path, 1, 4096)
        (put,) = service.requests
    # The signed x-content-sha256 header is the whole body's digest: the marker must agree.
    assert put.signature_valid
    signed = base64.b64decode(put.headers["x-content-sha256"]).hex()
    assert put.body_sha256 == signed
    assert put.body.startswith(b"{")
    marker = put.body[100:].decode("ascii")
    assert f"{put.body_length - 100} bytes cut" in marker
    assert f"the whole body was {put.body_length} bytes, sha256 {signed}" in marker
    assert put.body_cut == put.body_length - 100


def test_small_bodies_are_kept_whole_and_limits_are_settable() -> None:
    with LocalNotebookService() as service, service.client() as client:
        client.create_session(*WS, {"name": "small"})
        (create,) = service.requests
        assert create.body == b'{"name":"small"}'
        assert (create.body_length, create.body_cut, create.body_sha256) == (16, 0, None)
        service.request_body_limit = 4  # for the requests to come
        client.create_session(*WS, {"name": "small"})
        assert service.requests[-1].body.startswith(b'{"na[... 12 bytes cut')
        service.request_body_limit = None  # whole bodies from now on
        client.create_session(*WS, {"name": "small"})
        assert service.requests[-1].body == b'{"name":"small"}'
        service.request_log_limit = 2  # keeps the newest two at once
        assert len(service.requests) == 2
        for _ in range(3):
            client.get_session(*IDS)
        assert len(service.requests) == 2
    with pytest.raises(ValueError, match="request_log_limit must be None"):
        LocalNotebookService(request_log_limit=-1)
    with pytest.raises(ValueError, match="request_body_limit must be None"):
        LocalNotebookService(request_body_limit=1.5)  # type: ignore[arg-type]


# -- retry tokens ---------------------------------------------------------------------------


def test_a_retry_token_replays_within_its_lifetime_and_is_forgotten_after() -> None:
    with LocalNotebookService() as service, service.client() as client:
        first = client.create_session(*WS, {"name": "once"}, opc_retry_token="tok-1")
        again = client.create_session(*WS, {"name": "once"}, opc_retry_token="tok-1")
        assert again.id == first.id
        with pytest.raises(ConflictError):
            client.create_session(*WS, {"name": "other"}, opc_retry_token="tok-1")
        file = client.create_content(*WS, FOLDER, {"type": "file"}, opc_retry_token="tok-2")
        same = client.create_content(*WS, FOLDER, {"type": "file"}, opc_retry_token="tok-2")
        assert same.path == file.path
        # Every token now older than the lifetime: forgotten, the creates are made anew.
        service.retry_token_lifetime = 0.001
        time.sleep(0.01)
        other = client.create_session(*WS, {"name": "other"}, opc_retry_token="tok-1")
        assert other.id != first.id
        fresh = client.create_content(*WS, FOLDER, {"type": "file"}, opc_retry_token="tok-2")
        assert fresh.path != file.path
    with pytest.raises(ValueError, match="retry_token_lifetime"):
        LocalNotebookService(retry_token_lifetime=0)


def test_retry_tokens_beyond_the_count_forget_the_oldest_first() -> None:
    with LocalNotebookService(retry_token_limit=2) as service, service.client() as client:
        made = [
            client.create_session(*WS, {"name": f"n{index}"}, opc_retry_token=f"t{index}")
            for index in range(3)
        ]
        # t0 was evicted by t2: the same token on a different request is a new create.
        reused = client.create_session(*WS, {"name": "reused"}, opc_retry_token="t0")
        assert reused.id not in {session.id for session in made}
        # t2 and t0 are the two kept; t1 went when t0 came back.
        kept = client.create_session(*WS, {"name": "n2"}, opc_retry_token="t2")
        assert kept.id == made[2].id
        with pytest.raises(ConflictError):
            client.create_session(*WS, {"name": "not n0"}, opc_retry_token="t0")
        again = client.create_session(*WS, {"name": "n1"}, opc_retry_token="t1")
        assert again.id != made[1].id
    with pytest.raises(ValueError, match="retry_token_limit"):
        LocalNotebookService(retry_token_limit=0)


def test_retry_tokens_expire_on_the_clock_after_24_hours() -> None:
    now = [1000.0]
    limits = _retry_tokens.RetryTokenLimits()
    tokens: _retry_tokens.RetryTokens[str] = _retry_tokens.RetryTokens(limits, clock=lambda: now[0])
    tokens.remember("a", "request", "first answer")
    now[0] += 24 * 60 * 60 - 1
    assert tokens.replay("a", "request") == "first answer"
    with pytest.raises(Exception, match="different request"):
        tokens.replay("a", "another request")
    now[0] += 1
    assert tokens.replay("a", "another request") is None
    assert len(tokens) == 0


def test_many_tokens_stay_within_the_count() -> None:
    limits = _retry_tokens.RetryTokenLimits(max_tokens=100)
    tokens: _retry_tokens.RetryTokens[int] = _retry_tokens.RetryTokens(limits)
    for index in range(10_000):
        tokens.remember(f"token-{index}", "request", index)
    assert len(tokens) == 100
    assert tokens.replay("token-9999", "request") == 9999
    assert tokens.replay("token-9899", "request") is None


# -- the command line ---------------------------------------------------------------------


def test_the_command_line_sets_the_bounds() -> None:
    args = build_parser().parse_args(
        [
            "local-service",
            "--request-log-limit",
            "3",
            "--request-body-limit",
            "10",
            "--retry-token-lifetime",
            "60",
            "--retry-token-limit",
            "5",
        ]
    )
    service = _service(args)
    try:
        assert service.request_log_limit == 3
        assert service.request_body_limit == 10
        assert service.retry_token_lifetime == 60
        assert service.retry_token_limit == 5
        with service.client() as client:
            for index in range(5):
                client.create_session(*WS, {"name": f"cli-{index}"})
        assert len(service.requests) == 3
        assert all(len(request.body) < 10 + MARKER_ROOM for request in service.requests)
    finally:
        service.stop()


def test_the_command_lines_defaults_are_the_librarys() -> None:
    args = build_parser().parse_args(["local-service"])
    with LocalNotebookService() as service:
        assert args.request_log_limit == service.request_log_limit == 1000
        assert args.request_body_limit == service.request_body_limit == 64 * 1024
        assert args.retry_token_lifetime == service.retry_token_lifetime == 24 * 60 * 60
        assert args.retry_token_limit == service.retry_token_limit


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--request-log-limit", "-1"),
        ("--request-body-limit", "-5"),
        ("--retry-token-lifetime", "0"),
        ("--retry-token-limit", "0"),
    ],
)
def test_the_command_line_refuses_bad_bounds(
    option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["local-service", option, value]) == 3
    assert option in capsys.readouterr().err
