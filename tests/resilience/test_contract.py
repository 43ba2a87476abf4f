"""Contract: the local service against openapi/notebook-sessions.yaml, with schemathesis.

Schemathesis generates requests from the spec for every operation (positive data:
valid path ids, query values, headers and bodies), each signed with the oci signer for
the service's key, and checks each response: no 5xx, a documented status, the
documented content type and headers, a body that validates against the response
schema, and a 401 when the same request is sent unsigned (its `ignored_auth` check).
Half of the cases use the seeded ids, so that success responses (and their schemas)
are exercised, not only 404s.

A second test walks the spec itself: for every documented (operation, status) it drives
the service to that response, with real states where it can (success, 401 unsigned,
404, 400, 409, 412) and an injected fault otherwise, and validates the body against
the spec's schema for it.

The spec says of its enums (lifecycleState, type, execution_state) that the service
may add values and clients keep them; JSON Schema enums are closed, so those `enum`
lists are dropped before validation. Without that, schemathesis reports that
CreateSession echoes any `type` (CreateSessionDetails.type is a free string) into a
Session whose `type` enum does not list it.
"""

from __future__ import annotations

import collections
import urllib.parse
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import requests
import schemathesis
import yaml
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)
from hypothesis import given
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import examples, oci_signer

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "notebook-sessions.yaml"
SEEDED = {
    "aiDataPlatformId": SEED_AI_DATA_PLATFORM_ID,
    "workspaceKey": SEED_WORKSPACE_KEY,
    "sessionId": SEED_SESSION_ID,
}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    ignored_auth,
]
EXAMPLES_PER_OPERATION = 30


def _open_enums(node: Any) -> None:
    """Drop the `enum` of every schema whose description says the service may add values."""
    if isinstance(node, dict):
        if "enum" in node and "may add" in str(node.get("description", "")):
            del node["enum"]
        for value in node.values():
            _open_enums(value)
    elif isinstance(node, list):
        for value in node:
            _open_enums(value)


def load_spec() -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    _open_enums(spec["components"])
    return spec


SCHEMA = schemathesis.openapi.from_dict(load_spec())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture(scope="module")
def contract_service() -> Any:
    # Its own instance: generated creates, renames and deletes must not leak into others.
    with LocalNotebookService() as service:
        yield service


def test_the_spec_has_the_five_operations() -> None:
    # If the spec grows, the generated tests below grow with it; this pins the baseline.
    labels = {op.label.split()[0] + " " + op.path.rsplit("/", 1)[-1] for op in OPERATIONS}
    assert {
        "GET sessions",
        "POST sessions",
        "GET {sessionId}",
        "PATCH {sessionId}",
        "DELETE {sessionId}",
    } <= labels


@pytest.mark.parametrize(
    "operation", OPERATIONS, ids=lambda op: f"{op.method.upper()} {op.path.rsplit('/', 1)[-1]}"
)
def test_generated_requests_get_conforming_responses(
    contract_service: LocalNotebookService, operation: Any
) -> None:
    names = {parameter.name for parameter in operation.path_parameters}
    seeded = {name: value for name, value in SEEDED.items() if name in names}
    cases = st.one_of(operation.as_strategy(path_parameters=seeded), operation.as_strategy())
    signer = oci_signer(contract_service)
    transport = {"auth": signer, "base_url": contract_service.endpoint, "timeout": 10}
    statuses: collections.Counter[int] = collections.Counter()

    @examples(EXAMPLES_PER_OPERATION)
    @given(case=cases)
    def check(case: Any) -> None:
        response = case.call(**transport)
        statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS, transport_kwargs=transport)

    check()
    # The cases reached the service and were answered, some of them successfully.
    assert sum(statuses.values()) >= EXAMPLES_PER_OPERATION
    assert any(200 <= status < 300 for status in statuses), statuses


# -- every documented response, driven on purpose ------------------------------------------

SPEC_DATA = load_spec()
DOCUMENTED = [
    (method.upper(), path, status)
    for path, item in SPEC_DATA["paths"].items()
    for method, operation in item.items()
    if method != "parameters"
    for status in operation["responses"]
]
OTHER_SESSION_PATH = "/Workspace/Shared/nightly-etl.py"
# How to get each response for real: (method, status) -> request changes. The rest
# (429, 500, `default` as 503, and a DELETE conflict) come from an injected fault.
VALID_BODY = {"POST": {"name": "contract", "path": "/contract.ipynb"}, "PATCH": {"name": "new"}}
REAL: dict[tuple[str, str], dict[str, Any]] = {
    ("*", "2xx"): {},
    ("*", "401"): {"auth": None},
    ("*", "404"): {"session_id": "no-such-session", "workspace": "no-such-workspace"},
    ("POST", "400"): {"json": {"name": 5}},
    ("PATCH", "400"): {"json": {"name": 5}},
    ("POST", "409"): {"json": {"id": SEED_SESSION_ID}},  # that id exists already
    ("PATCH", "409"): {"json": {"path": OTHER_SESSION_PATH}},  # another session's path
    ("PATCH", "412"): {"headers": {"if-match": "stale"}},
    ("DELETE", "412"): {"headers": {"if-match": "stale"}},
}


@pytest.fixture(scope="module")
def _documented_service() -> Any:
    with LocalNotebookService() as service:
        seed = service.get_session_json(
            SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID
        )
        yield service, seed


@pytest.fixture
def documented_service(_documented_service: Any) -> LocalNotebookService:
    """One service for the module, with the seeded session restored before each test."""
    service, seed = _documented_service
    service.clear_faults()
    service.add_session(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, seed)
    return service


def _resolve(node: Any) -> Any:
    """`node` with every local $ref replaced by what it points to."""
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = SPEC_DATA
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            return _resolve(target)
        return {key: _resolve(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolve(value) for value in node]
    return node


def _produce(
    service: LocalNotebookService, method: str, path: str, status: str
) -> requests.Response:
    key = "2xx" if status.startswith("2") else status
    change = REAL.get((method, key), REAL.get(("*", key)))
    if change is None:
        service.inject(Fault(status=503 if status == "default" else int(status)))
        change = {}
    ids = {
        **SEEDED,
        "sessionId": change.get("session_id", SEED_SESSION_ID),
        "workspaceKey": SEED_WORKSPACE_KEY,
    }
    if "session_id" in change and "{sessionId}" not in path:
        ids["workspaceKey"] = change["workspace"]
    url = service.endpoint + path
    for name, value in ids.items():
        url = url.replace("{" + name + "}", urllib.parse.quote(value, safe=""))
    return requests.request(
        method,
        url,
        json=change.get("json", VALID_BODY.get(method)),
        headers=change.get("headers", {}),
        auth=change.get("auth", oci_signer(service)),
        timeout=10,
    )


@pytest.mark.parametrize(
    ("method", "path", "status"),
    DOCUMENTED,
    ids=[f"{m} {p.rsplit('/', 1)[-1]} {s}" for m, p, s in DOCUMENTED],
)
def test_every_documented_response_is_produced_and_conforms(
    documented_service: LocalNotebookService, method: str, path: str, status: str
) -> None:
    response = _produce(documented_service, method, path, status)
    documented = _resolve(SPEC_DATA["paths"][path][method.lower()]["responses"][status])
    if status == "default":
        assert response.status_code == 503
    else:
        assert response.status_code == int(status), response.text
    for header in documented.get("headers", {}):
        assert response.headers.get(header), f"{header} missing"
    if "content" not in documented:
        assert response.content == b""
        return
    assert response.headers["content-type"].split(";")[0] == "application/json"
    schema = documented["content"]["application/json"]["schema"]
    jsonschema.validate(response.json(), schema)
