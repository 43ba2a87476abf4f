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
the spec's schema for it (with OpenAPI's `nullable` read as JSON Schema's null type).

The contents operations get a `contentPath` that suits each of them (a notebook to get
and export, a directory to create in, a file to rename and one to delete), so that
their generated requests reach real files, not only 404s.

The spec says of its enums (lifecycleState, type, execution_state) that the service
may add values and clients keep them; JSON Schema enums are closed, so those `enum`
lists are dropped before validation. Without that, schemathesis reports that
CreateSession echoes any `type` (CreateSessionDetails.type is a free string) into a
Session whose `type` enum does not list it.
"""

from __future__ import annotations

import collections
import json
import shutil
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
    SEED_NOTEBOOK_PATH,
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
# The seeded contentPath of each contents operation's generated requests.
SEEDED_CONTENT_PATHS = {
    "GetContent": SEED_NOTEBOOK_PATH,
    "CreateContent": "Workspace/Shared",
    "UpdateContent": "Workspace/Shared/contract",
    "ModifyContent": "Workspace/Shared/nightly-etl.py",
    "DeleteContent": "Workspace/Shared/data/sample.bin",
    "ExportContents": SEED_NOTEBOOK_PATH,
}


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


def _required_query(operation: Any) -> set[str]:
    raw = operation.definition.raw.get("parameters", [])
    return {p["name"] for p in raw if p.get("in") == "query" and p.get("required")}


def test_the_spec_has_the_twelve_operations() -> None:
    # If the spec grows, the generated tests below grow with it; this pins the baseline.
    labels = {op.label.split()[0] + " " + op.path.rsplit("/", 1)[-1] for op in OPERATIONS}
    assert {
        "GET sessions",
        "POST sessions",
        "GET {sessionId}",
        "PATCH {sessionId}",
        "DELETE {sessionId}",
    } <= labels
    operation_ids = {op.definition.raw["operationId"] for op in OPERATIONS}
    assert set(SEEDED_CONTENT_PATHS) <= operation_ids
    assert len(operation_ids) == 12  # the eleven of the Notebook API and ListWorkspaceObjects


@pytest.mark.parametrize(
    "operation", OPERATIONS, ids=lambda op: str(op.definition.raw["operationId"])
)
def test_generated_requests_get_conforming_responses(
    contract_service: LocalNotebookService, operation: Any
) -> None:
    names = {parameter.name for parameter in operation.path_parameters}
    seeded = {name: value for name, value in SEEDED.items() if name in names}
    if "contentPath" in names:
        seeded["contentPath"] = SEEDED_CONTENT_PATHS[operation.definition.raw["operationId"]]
    # ListWorkspaceObjects' required `path` query: a folder that is there, half the time.
    query = {"path": "/Workspace/Shared"} if "path" in _required_query(operation) else None
    cases = st.one_of(
        operation.as_strategy(path_parameters=seeded, query=query), operation.as_strategy()
    )
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
# The contents operations, by (operationId, status), on files each test starts with
# (CONTRACT_FILES); "path" is the contentPath, "first" a request sent just before.
CONTRACT_FILES = {
    "contract/nb.ipynb": json.dumps(
        {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    ).encode(),
    "contract/file.txt": b"text\n",
}
SAVE_TEXT = {"type": "file", "format": "text", "content": "saved"}
REAL_CONTENTS: dict[tuple[str, str], dict[str, Any]] = {
    ("GetContent", "200"): {"path": "contract/nb.ipynb", "params": {"hash": "1"}},
    ("ListWorkspaceObjects", "200"): {"params": {"path": "/contract", "limit": "1"}},
    ("GetContent", "400"): {"path": "contract/nb.ipynb", "params": {"type": "directory"}},
    ("CreateContent", "201"): {"path": "contract", "json": {"type": "notebook"}},
    ("CreateContent", "400"): {"path": "contract/nb.ipynb", "json": {}},  # a file, not a dir
    ("CreateContent", "409"): {  # a retry token reused for a different request
        "path": "contract",
        "json": {"type": "file"},
        "headers": {"opc-retry-token": "contract-token"},
        "first": {"json": {"type": "directory"}},
    },
    ("UpdateContent", "200"): {"path": "contract/file.txt", "json": SAVE_TEXT},
    ("UpdateContent", "201"): {"path": "contract/new.txt", "json": SAVE_TEXT},
    ("UpdateContent", "400"): {"path": "contract/file.txt", "json": {"type": "file"}},
    ("UpdateContent", "412"): {
        "path": "contract/file.txt",
        "json": SAVE_TEXT,
        "headers": {"if-match": "stale"},
    },
    ("ModifyContent", "200"): {"path": "contract/file.txt", "json": {"path": "contract/b.txt"}},
    ("ModifyContent", "400"): {"path": "contract/file.txt", "json": {"path": "../out.txt"}},
    ("ModifyContent", "409"): {"path": "contract/file.txt", "json": {"path": "contract/nb.ipynb"}},
    ("ModifyContent", "412"): {
        "path": "contract/file.txt",
        "json": {"path": "contract/b.txt"},
        "headers": {"if-match": "stale"},
    },
    ("DeleteContent", "204"): {"path": "contract/file.txt"},
    ("DeleteContent", "400"): {"path": "contract/.."},
    ("DeleteContent", "409"): {"path": "contract"},  # not empty
    ("DeleteContent", "412"): {"path": "contract/file.txt", "headers": {"if-match": "stale"}},
    ("ExportContents", "200"): {"path": "contract/nb.ipynb", "json": {"format": "html"}},
    ("ExportContents", "400"): {"path": "contract/nb.ipynb", "json": {"format": "pdf"}},
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
    """One service for the module, with the seeded session and CONTRACT_FILES restored."""
    service, seed = _documented_service
    service.clear_faults()
    service.add_session(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, seed)
    shutil.rmtree(service.contents_root / "contract", ignore_errors=True)
    for name, data in CONTRACT_FILES.items():
        (service.contents_root / name).parent.mkdir(parents=True, exist_ok=True)
        (service.contents_root / name).write_bytes(data)
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


def _json_schema(node: Any) -> Any:
    """An OpenAPI 3.0 schema as JSON Schema: `nullable: true` also admits null."""
    if isinstance(node, list):
        return [_json_schema(value) for value in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [{"type": "null"}, converted]}
    return converted


def _operation_id(method: str, path: str) -> str:
    return str(SPEC_DATA["paths"][path][method.lower()]["operationId"])


def _produce(
    service: LocalNotebookService, method: str, path: str, status: str
) -> requests.Response:
    key = "2xx" if status.startswith("2") else status
    change = REAL_CONTENTS.get((_operation_id(method, path), status))
    if change is None and "{contentPath}" in path:
        change = REAL.get(("*", key))
    elif change is None:
        change = REAL.get((method, key), REAL.get(("*", key)))
    if change is None:
        service.inject(Fault(status=503 if status == "default" else int(status)))
        change = {}
    ids = {
        **SEEDED,
        "sessionId": change.get("session_id", SEED_SESSION_ID),
        "workspaceKey": SEED_WORKSPACE_KEY,
        "contentPath": change.get("path", "contract/nb.ipynb"),
    }
    if "session_id" in change and "{sessionId}" not in path:
        ids["workspaceKey"] = change["workspace"]
    url = service.endpoint + path
    for name, value in ids.items():
        url = url.replace("{" + name + "}", urllib.parse.quote(value, safe=""))
    headers = change.get("headers", {})
    if "first" in change:
        first = requests.request(
            method,
            url,
            json=change["first"]["json"],
            headers=headers,
            auth=oci_signer(service),
            timeout=10,
        )
        assert first.ok, first.text
    return requests.request(
        method,
        url,
        json=change.get("json", VALID_BODY.get(method)),
        params=change.get("params"),
        headers=headers,
        auth=change.get("auth", oci_signer(service)),
        timeout=10,
    )


@pytest.mark.parametrize(
    ("method", "path", "status"),
    DOCUMENTED,
    ids=[f"{_operation_id(m, p)} {s}" for m, p, s in DOCUMENTED],
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
    for header, definition in documented.get("headers", {}).items():
        if _resolve(definition).get("required") is False:
            continue  # documented as conditional (opc-next-page: only when more pages remain)
        assert response.headers.get(header), f"{header} missing"
    if "content" not in documented:
        assert response.content == b""
        return
    assert response.headers["content-type"].split(";")[0] == "application/json"
    schema = _json_schema(documented["content"]["application/json"]["schema"])
    jsonschema.validate(response.json(), schema)
