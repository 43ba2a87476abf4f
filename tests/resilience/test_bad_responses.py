"""Bad responses end in a documented outcome: a parsed model or an AidpError subclass.

Never a bare KeyError, JSONDecodeError, TypeError or RecursionError. The HTML, empty,
unterminated-JSON and JSON-array 502 bodies and ten malformed 200 bodies are covered
by tests/test_retry_and_errors.py; this module adds the rest of the table below,
truncated bodies, unknown values end to end, and multi-megabyte bodies.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from aidp_notebook import (
    AidpError,
    BadRequestError,
    InternalServerError,
    InvalidResponseError,
    NotAuthenticatedError,
    NotFoundError,
    RetryPolicy,
    ServiceError,
    Session,
    TooManyRequestsError,
    TransportError,
)
from aidp_notebook.cli import main
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)

from ..conftest import use_fake_clock
from .conftest import IDS

SESSION = {"id": "s-1", "name": "n"}
JSON = {"content-type": "application/json"}
HTML_PAGE = b"<html><head><title>502</title></head><body>" + b"x" * 200_000 + b"</body></html>"


def outcome(service: LocalNotebookService) -> Session | AidpError:
    """What get_session gives: the session, or the AidpError (anything else escapes)."""
    with service.client(retry=None) as client:
        try:
            return client.get_session(*IDS)
        except AidpError as exc:
            return exc


# (status, body, headers, expected outcome type, a fragment of its message or None)
ERROR_BODIES = [
    (503, HTML_PAGE, {"content-type": "text/html"}, InternalServerError, "text/html, 200"),
    (404, b"", {}, NotFoundError, "empty body"),
    (500, json.dumps({"code": 5, "message": "m"}).encode(), JSON, InternalServerError, "HTTP500"),
    (400, json.dumps({"code": "Bad"}).encode(), JSON, BadRequestError, "(no message)"),
    (401, json.dumps({"code": "X", "message": None}).encode(), JSON, NotAuthenticatedError, None),
    (429, b"null", JSON, TooManyRequestsError, "non-JSON body"),
    (500, b"\xff\xfe\x00garbage", {}, InternalServerError, "non-JSON body"),
    (502, b'{"code": "Bad', JSON, InternalServerError, "non-JSON body"),
    (504, b"  \r\n  ", {"content-type": "text/plain"}, InternalServerError, "non-JSON body"),
]


@pytest.mark.parametrize(
    "case", ERROR_BODIES, ids=[f"{case[0]}-{i}" for i, case in enumerate(ERROR_BODIES)]
)
def test_unusable_error_bodies_give_a_service_error_for_the_status(
    service: LocalNotebookService, case: tuple[int, bytes, dict[str, str], type, str | None]
) -> None:
    status, body, headers, expected, fragment = case
    service.inject(Fault(status=status, body=body, headers=headers))
    error = outcome(service)
    assert type(error) is expected
    assert isinstance(error, ServiceError)
    assert error.status == status
    assert error.opc_request_id == service.requests[0].headers["opc-request-id"]
    if fragment:
        assert fragment in str(error)
    # A 200 KB page is summarised, never quoted.
    assert len(str(error)) < 1000


SUCCESS_BODIES: list[tuple[bytes, type, str]] = [
    (HTML_PAGE, InvalidResponseError, "not valid JSON"),
    (b"null", InvalidResponseError, "body: expected an object, got null"),
    (b"42", InvalidResponseError, "got int"),
    (b'"a string"', InvalidResponseError, "got str"),
    (b"true", InvalidResponseError, "got bool"),
    (b'{"id": null, "name": "n"}', InvalidResponseError, "body.id: expected a string, got null"),
    (b'{"name": "n"}', InvalidResponseError, "body.id: required field is missing"),
    (b'{"id": "s", "name": ["n"]}', InvalidResponseError, "body.name: expected a string, got list"),
    (
        b'{"id": "s", "name": "n", "kernel": []}',
        InvalidResponseError,
        "body.kernel: expected an object, got list",
    ),
    (
        b'{"id": "s", "name": "n", "type": {"a": 1}}',
        InvalidResponseError,
        "body.type: expected a string, got dict",
    ),
    (
        b'{"id": "s", "name": "n", "kernel": {"id": "k", "last_activity": 5}}',
        InvalidResponseError,
        "body.kernel.last_activity: expected a string, got int",
    ),
    (
        b'{"id": "s", "name": "n", "kernel": {"id": "k", "connections": 1.5}}',
        InvalidResponseError,
        "body.kernel.connections: expected an integer, got float",
    ),
    (
        b'{"id": "s", "name": "n", "kernel": {"id": "k", "connections": NaN}}',
        InvalidResponseError,
        "body.kernel.connections: expected an integer, got float",
    ),
    (
        b'{"id": "s", "name": "n", "kernel": {"id": "k", "connections": ' + b"1" * 5000 + b"}}",
        InvalidResponseError,
        "not valid JSON",
    ),
    (b'{"id": "s\xff", "name": "n"}', InvalidResponseError, "not valid JSON"),
    # Parsed: null in optional fields (as absent), JSON in a BOM-prefixed or UTF-16
    # encoding, duplicate keys (the last wins).
    (b'{"id": "s", "name": "n", "kernel": null}', Session, ""),
    (b'{"id": "s", "name": "n", "kernel": {}}', Session, ""),  # no kernel id: SDK 5.1.1
    (b'{"id": "s", "name": "n", "kernel": {"last_activity": "soon"}}', Session, ""),
    (b'{"id": "s", "name": "n", "lifecycleState": null}', Session, ""),
    (b'\xef\xbb\xbf{"id": "s", "name": "n"}', Session, ""),
    ('{"id": "s", "name": "n"}'.encode("utf-16"), Session, ""),
    (b'{"id": "first", "id": "s", "name": "n"}', Session, ""),
]


@pytest.mark.parametrize(
    ("body", "expected", "fragment"),
    SUCCESS_BODIES,
    ids=[f"{i}-{case[1].__name__}" for i, case in enumerate(SUCCESS_BODIES)],
)
def test_unusable_success_bodies_raise_invalid_response(
    service: LocalNotebookService, body: bytes, expected: type, fragment: str
) -> None:
    service.inject(Fault(status=200, body=body, headers=JSON))
    result = outcome(service)
    assert type(result) is expected
    if isinstance(result, InvalidResponseError):
        assert fragment in str(result)
        assert result.status == 200
        assert result.opc_request_id == service.requests[0].headers["opc-request-id"]
        assert len(str(result)) < 1000
    else:
        assert result.id == "s"


@pytest.mark.parametrize("status", [200, 201, 204])
def test_a_success_without_a_body_is_an_invalid_response(
    service: LocalNotebookService, status: int
) -> None:
    service.inject(Fault(status=status, body=b""))
    result = outcome(service)
    assert isinstance(result, InvalidResponseError)
    assert "empty" in str(result)


# -- deeply nested JSON: json.loads raises RecursionError; it must end as an AidpError ---------

DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (200, DEEP),
        (200, b'{"id": "s", "name": "n", "extra": ' + DEEP + b"}"),
        (503, DEEP),
    ],
    ids=["200-array", "200-field", "503-array"],
)
def test_deeply_nested_json_ends_in_an_aidp_error(
    service: LocalNotebookService, status: int, body: bytes
) -> None:
    service.inject(Fault(status=status, body=body, headers=JSON))
    result = outcome(service)
    assert isinstance(result, InvalidResponseError if status == 200 else InternalServerError)


def test_moderately_nested_unknown_fields_are_kept(service: LocalNotebookService) -> None:
    nested: Any = "leaf"
    for _ in range(200):
        nested = [nested]
    service.inject(Fault(status=200, body={**SESSION, "extra": nested}))
    result = outcome(service)
    assert isinstance(result, Session)
    assert result["extra"] == nested


# -- truncated bodies ------------------------------------------------------------------


@pytest.mark.parametrize(
    "fault",
    [
        Fault.truncate(status=503),
        Fault.truncate(status=404),
        Fault.truncate(status=200, body=SESSION),
        Fault.truncate(status=200, body=HTML_PAGE),
    ],
    ids=["503", "404", "200-json", "200-html"],
)
def test_truncated_bodies_are_transport_errors(service: LocalNotebookService, fault: Fault) -> None:
    service.inject(fault)
    result = outcome(service)
    assert type(result) is TransportError
    assert "RemoteProtocolError" in str(result)
    assert result.opc_request_id == service.requests[0].headers["opc-request-id"]


def test_truncated_bodies_are_retried(service: LocalNotebookService) -> None:
    service.inject(Fault.truncate(status=200, body=SESSION), count=2)
    with service.client(retry=RetryPolicy(max_attempts=3)) as client:
        use_fake_clock(client)
        response = client.get_session_detailed(*IDS)
    assert response.attempts == 3
    assert response.data.name == "sales-analysis.ipynb"


# -- forward compatibility, end to end --------------------------------------------------

FUTURE_SESSION = {
    "id": "future-1",
    "name": "from a newer service",
    "lifecycleState": "ZZ_UNLISTED_STATE",
    "type": "zz-unlisted-kind",
    "zzUnlistedOwner": {"id": "ocid1.user.oc1..x", "tags": ["a", "b"]},
    "kernel": {
        "id": "k-1",
        "execution_state": "zz_unlisted_state",
        "last_activity": "2026-04-30T09:15:27.123456Z",
        "zzUnlistedGpu": True,
    },
}


def test_unknown_enum_values_and_fields_are_parsed_kept_and_survive_to_dict(
    service: LocalNotebookService,
) -> None:
    service.add_session(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, FUTURE_SESSION)
    with service.client() as client:
        session = client.get_session(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, "future-1")
        (listed,) = [
            s
            for s in client.list_sessions(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY)
            if s.id == "future-1"
        ]
    assert session.lifecycle_state == "ZZ_UNLISTED_STATE"
    assert not session.lifecycle_state.is_known
    assert session.type_ == "zz-unlisted-kind"
    assert session.kernel.execution_state == "zz_unlisted_state"
    assert session["zzUnlistedOwner"] == FUTURE_SESSION["zzUnlistedOwner"]
    assert session.kernel["zzUnlistedGpu"] is True
    assert _comparable(session.to_dict()) == _comparable(FUTURE_SESSION)
    assert _comparable(listed.to_dict()) == _comparable(FUTURE_SESSION)


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    """The session with last_activity as a datetime (to_dict writes +00:00 for Z)."""
    copy = json.loads(json.dumps(data))
    stamp = copy["kernel"]["last_activity"]
    copy["kernel"]["last_activity"] = datetime.datetime.fromisoformat(stamp)
    return copy


def test_unknown_values_survive_the_cli_json_output(
    service: LocalNotebookService, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    service.add_session(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, FUTURE_SESSION)
    config = service.write_config_file(tmp_path)
    code = main(
        [
            "--config-file", str(config), "--endpoint", service.endpoint,
            "session", "get", "--ai-data-platform-id", SEED_AI_DATA_PLATFORM_ID,
            "--workspace-key", SEED_WORKSPACE_KEY, "--session-id", "future-1",
        ]
    )  # fmt: skip
    assert code == 0
    assert _comparable(json.loads(capsys.readouterr().out)["data"]) == _comparable(FUTURE_SESSION)


# -- size --------------------------------------------------------------------------------

FIVE_MB = 5 * 1024 * 1024


def test_a_multi_megabyte_session_parses(service: LocalNotebookService) -> None:
    big = {**SESSION, "id": "big", "notes": "n" * FIVE_MB, "cells": list(range(100_000))}
    service.add_session(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, big)
    with service.client() as client:
        session = client.get_session(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, "big")
    assert len(session["notes"]) == FIVE_MB
    assert session["cells"][-1] == 99_999
    assert session.to_dict()["notes"] == big["notes"]


def test_a_multi_megabyte_error_page_is_summarised(service: LocalNotebookService) -> None:
    page = b"<html>" + b"x" * FIVE_MB + b"</html>"
    service.inject(Fault(status=502, body=page, headers={"content-type": "text/html"}))
    error = outcome(service)
    assert isinstance(error, InternalServerError)
    assert str(len(page)) in error.message
    assert len(str(error)) < 1000


def test_a_multi_megabyte_invalid_success_body_is_an_invalid_response(
    service: LocalNotebookService,
) -> None:
    body = json.dumps({"id": "s", "name": 5, "notes": "n" * FIVE_MB}).encode()
    service.inject(Fault(status=200, body=body, headers=JSON))
    error = outcome(service)
    assert isinstance(error, InvalidResponseError)
    assert "body.name: expected a string, got int" in str(error)
    assert len(str(error)) < 1000
