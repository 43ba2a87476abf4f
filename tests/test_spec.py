"""The hand-maintained spec validates, passes the lint rules and says what the seed says.

The seed comparisons check that everything the seed documents is in the spec, never that
nothing else is: an optional field, a new enum value, a new response or an operation that
the API gains later belongs in the spec without any edit here.
"""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import aidp_notebook
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi" / "notebook-sessions.yaml"
GET_PATH = (
    "/20260430/aiDataPlatforms/{aiDataPlatformId}/workspaces/{workspaceKey}"
    "/notebook/api/sessions/{sessionId}"
)

sys.path.insert(0, str(ROOT / "scripts"))
from lint_spec import lint  # noqa: E402


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
    return loaded


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def test_lint_script_passes_on_the_spec() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "lint_spec.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_lint_fails_on_missing_description_or_operation_id(spec: dict[str, Any]) -> None:
    broken = copy.deepcopy(spec)
    del broken["paths"][GET_PATH]["get"]["operationId"]
    del broken["components"]["schemas"]["Kernel"]["properties"]["name"]["description"]
    del broken["components"]["parameters"]["WorkspaceKey"]["description"]
    problems = "\n".join(lint(broken))
    assert "missing operationId" in problems
    assert "schema Kernel.name: missing description" in problems
    assert "parameter workspaceKey: missing description" in problems


def test_lint_fails_on_version_drift_and_missing_request_id(spec: dict[str, Any]) -> None:
    broken = copy.deepcopy(spec)
    broken["info"]["version"] = "20270101"
    del broken["components"]["responses"]["NotFound"]["headers"]
    problems = "\n".join(lint(broken))
    assert "does not start with /20270101/" in problems
    assert "-> 404: does not declare the opc-request-id header" in problems


def test_lint_script_rejects_invalid_openapi(tmp_path: Path, spec: dict[str, Any]) -> None:
    broken = copy.deepcopy(spec)
    broken["paths"][GET_PATH]["get"]["responses"] = "not a mapping"
    target = tmp_path / "broken.yaml"
    target.write_text(yaml.safe_dump(broken))
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "lint_spec.py"), str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "is not valid OpenAPI" in result.stdout


def test_versions_agree(spec: dict[str, Any]) -> None:
    assert spec["info"]["version"] == aidp_notebook.API_VERSION
    for path in spec["paths"]:
        assert path.startswith(f"/{aidp_notebook.API_VERSION}/")


def test_get_session_holds_what_the_seed_documents(spec: dict[str, Any]) -> None:
    op = spec["paths"][GET_PATH]["get"]
    assert op["operationId"] == "GetSession"
    params = [_resolve(spec, p) for p in spec["paths"][GET_PATH]["parameters"] + op["parameters"]]
    by_name = {p["name"]: p for p in params}
    for name in ("aiDataPlatformId", "workspaceKey", "sessionId"):
        assert by_name[name]["in"] == "path"
        assert by_name[name]["required"] is True
        assert by_name[name]["schema"]["type"] == "string"
    request_id = by_name["opc-request-id"]
    assert request_id["in"] == "header"
    assert request_id.get("required", False) is False
    assert request_id["schema"]["pattern"] == "^[A-Za-z0-9_-]+$"

    responses = op["responses"]
    assert {"200", "401", "404", "429", "500", "default"} <= set(responses)
    ok = responses["200"]
    assert {"etag", "opc-request-id"} <= set(ok["headers"])
    assert ok["content"]["application/json"]["schema"]["$ref"].endswith("/Session")
    for code in ("401", "404", "429", "500", "default"):
        error = _resolve(spec, responses[code])
        assert "opc-request-id" in error["headers"]
        assert error["content"]["application/json"]["schema"]["$ref"].endswith("/Error")


def test_schemas_hold_what_the_seed_documents(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    session = schemas["Session"]
    assert {
        "agentFlowKey", "cluster_id", "id", "kernel", "lifecycleState", "name", "path", "type",
    } <= set(session["properties"])  # fmt: skip
    assert {"id", "name"} <= set(session["required"])
    lifecycle = session["properties"]["lifecycleState"]["enum"]
    assert {"CREATING", "ACTIVE", "FAILED"} <= set(lifecycle)
    assert {"notebook", "file", "agentflow"} <= set(session["properties"]["type"]["enum"])

    kernel = schemas["Kernel"]
    assert {
        "connections", "execution_state", "id", "last_activity", "name",
    } <= set(kernel["properties"])  # fmt: skip
    assert "id" not in kernel.get("required", [])  # optional in SDK 5.1.1
    assert kernel["properties"]["connections"]["type"] == "integer"
    assert "format" not in kernel["properties"]["last_activity"]  # a plain string in 5.1.1
    assert {
        "unknown", "starting", "idle", "busy", "terminating", "restarting",
        "autorestarting", "dead",
    } <= set(kernel["properties"]["execution_state"]["enum"])  # fmt: skip

    error = schemas["Error"]
    assert {"code", "message"} <= set(error["required"])


def test_servers_and_signing_are_stated(spec: dict[str, Any]) -> None:
    server = spec["servers"][0]
    assert server["url"] == "https://aidp.{region}.oci.{secondLevelDomain}"
    assert set(server["variables"]) == {"region", "secondLevelDomain"}
    assert "OCI request signature" in spec["info"]["description"]
    scheme = spec["components"]["securitySchemes"]["ociRequestSignature"]
    assert scheme["name"] == "Authorization"
    assert spec["security"] == [{"ociRequestSignature": []}]


# -- the six contents operations, against the facts sheet -------------------------------------

CONTENTS_PATH = (
    "/20260430/aiDataPlatforms/{aiDataPlatformId}/workspaces/{workspaceKey}"
    "/notebook/api/contents/{contentPath}"
)
EXPORT_PATH = (
    "/20260430/aiDataPlatforms/{aiDataPlatformId}/workspaces/{workspaceKey}"
    "/notebook/api/actions/export/contents/{contentPath}"
)
# operationId: (path, method, header parameters, query parameters, success statuses)
CONTENTS_OPERATIONS = {
    "CreateContent": (
        CONTENTS_PATH, "post",
        {"opc-retry-token", "datalake-tenant-id", "opc-request-id", "should-update-recent"},
        set(), {"201"},
    ),
    "GetContent": (
        CONTENTS_PATH, "get", {"opc-request-id", "should-update-recent"},
        {"type", "format", "content", "hash"}, {"200"},
    ),
    "UpdateContent": (
        CONTENTS_PATH, "put", {"if-match", "opc-request-id", "should-update-recent"},
        set(), {"200", "201"},
    ),
    "ModifyContent": (
        CONTENTS_PATH, "patch", {"if-match", "opc-request-id", "should-update-recent"},
        set(), {"200"},
    ),
    "DeleteContent": (CONTENTS_PATH, "delete", {"if-match", "opc-request-id"}, set(), {"204"}),
    "ExportContents": (EXPORT_PATH, "post", {"opc-request-id"}, set(), {"200"}),
}  # fmt: skip
# Response headers of each success, from the sheet (names lower-cased).
SUCCESS_HEADERS = {
    "CreateContent": {"location", "etag", "opc-request-id", "opc-work-request-id"},
    "GetContent": {"etag", "opc-request-id", "last-modified"},
    "UpdateContent": {"location", "etag", "opc-request-id", "opc-work-request-id"},
    "ModifyContent": {"location", "etag", "opc-request-id", "opc-work-request-id"},
    "DeleteContent": {"location", "opc-request-id", "opc-work-request-id"},
    "ExportContents": {"etag", "opc-request-id"},
}


@pytest.mark.parametrize("operation_id", sorted(CONTENTS_OPERATIONS))
def test_contents_operation_matches_the_sheet(spec: dict[str, Any], operation_id: str) -> None:
    path, method, headers, queries, successes = CONTENTS_OPERATIONS[operation_id]
    item = spec["paths"][path]
    op = item[method]
    assert op["operationId"] == operation_id
    params = [_resolve(spec, p) for p in item["parameters"] + op.get("parameters", [])]
    by_place: dict[str, set[str]] = {}
    for param in params:
        by_place.setdefault(param["in"], set()).add(param["name"])
    assert by_place["path"] == {"aiDataPlatformId", "workspaceKey", "contentPath"}
    assert by_place.get("header", set()) == headers
    assert by_place.get("query", set()) == queries
    assert all(not p.get("required") for p in params if p["in"] != "path")
    codes = set(op["responses"])
    assert {code for code in codes if code.startswith("2")} == successes
    # The same error responses as the session operations, plus 400 for a path or format.
    assert {"400", "401", "404", "429", "500", "default"} <= codes
    for code in successes:
        response = op["responses"][code]
        assert set(response["headers"]) == SUCCESS_HEADERS[operation_id]
        body = response.get("content", {}).get("application/json", {}).get("schema", {})
        expected = {"DeleteContent": None, "ExportContents": "ExportedContents"}.get(
            operation_id, "Content"
        )
        assert body.get("$ref", "").rsplit("/", 1)[-1] == (expected or "")
    if "if-match" in headers:
        assert "412" in codes
    if method in ("post", "put", "patch"):
        assert op["requestBody"]["required"] is True


def test_unconfirmed_points_are_stated_in_the_descriptions(spec: dict[str, Any]) -> None:
    ops = {
        op["operationId"]: op
        for item in spec["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    }
    assert "200 when an existing file was replaced and 201" in " ".join(
        ops["UpdateContent"]["description"].split()
    )
    assert "unconfirmed" in ops["ModifyContent"]["description"]
    assert "bad format" in ops["GetContent"]["description"]
    assert "accept both" in " ".join(ops["ExportContents"]["description"].split())
    content_path = spec["components"]["parameters"]["ContentPath"]
    assert "%2F" in content_path["description"]
    assert content_path["schema"]["minLength"] == 1


def test_content_schemas_match_the_sheet(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    content = schemas["Content"]
    assert set(content["properties"]) == {
        "name", "path", "type", "writable", "created", "last_modified", "size", "mimetype",
        "content", "format", "hash", "hash_algorithm", "description",
    }  # fmt: skip
    assert set(content["required"]) == {"name", "path", "type"}
    nullable = {name for name, prop in content["properties"].items() if prop.get("nullable")}
    assert {"mimetype", "content", "format", "size", "hash", "hash_algorithm"} <= nullable
    assert content["properties"]["size"]["format"] == "int64"
    # format is null or one of the four strings, "NULL" included.
    fmt = content["properties"]["format"]
    assert _resolve(spec, fmt["allOf"][0])["enum"] == ["json", "text", "base64", "NULL"]
    assert content["properties"]["type"]["enum"] == ["notebook", "file", "directory"]

    assert set(schemas["CreateContentDetails"]["properties"]) == {"copy_from", "ext", "type"}
    update = schemas["UpdateContentDetails"]
    assert set(update["properties"]) == {"name", "path", "type", "format", "content"}
    assert update["properties"]["format"]["enum"] == ["json", "text", "base64", "NULL"]
    assert set(schemas["ModifyContentDetails"]["properties"]) == {"path"}
    export = schemas["ExportContentsDetails"]["properties"]["format"]
    assert (export["enum"], export["default"]) == (["ipynb", "html"], "ipynb")
    exported = schemas["ExportedContents"]
    assert set(exported["required"]) == {"name", "path", "format", "content"}
    shapes = [
        _resolve(spec, option).get("type") for option in exported["properties"]["content"]["oneOf"]
    ]
    assert shapes == ["string", "object"]
    for name in ("CreateContentDetails", "ModifyContentDetails", "ExportContentsDetails"):
        assert "required" not in schemas[name]
    # SDK 5.1.1 marks no field of the save body required (the helpers always send `type`).
    assert "required" not in update


def test_lint_requires_lower_case_header_names(spec: dict[str, Any]) -> None:
    broken = copy.deepcopy(spec)
    ok = broken["paths"][CONTENTS_PATH]["get"]["responses"]["200"]["headers"]
    ok["Last-Modified"] = ok.pop("last-modified")
    broken["paths"][CONTENTS_PATH]["get"]["parameters"].append(
        {"name": "X-Trace", "in": "header", "description": "d", "schema": {"type": "string"}}
    )
    problems = "\n".join(lint(broken))
    assert "header Last-Modified: header names must be lower case" in problems
    assert "parameter X-Trace: header names must be lower case" in problems


def test_lint_requires_the_status_a_header_exists_for(spec: dict[str, Any]) -> None:
    broken = copy.deepcopy(spec)
    del broken["paths"][CONTENTS_PATH]["put"]["responses"]["412"]
    del broken["paths"][CONTENTS_PATH]["post"]["responses"]["409"]
    problems = "\n".join(lint(broken))
    assert f"PUT {CONTENTS_PATH}: takes if-match but does not document 412" in problems
    assert f"POST {CONTENTS_PATH}: takes opc-retry-token but does not document 409" in problems
    assert lint(spec) == []


def test_lint_refuses_a_nullable_enum(spec: dict[str, Any]) -> None:
    broken = copy.deepcopy(spec)
    broken["components"]["schemas"]["Content"]["properties"]["format"] = {
        "type": "string",
        "nullable": True,
        "description": "d",
        "enum": ["json", "text"],
    }
    broken["components"]["schemas"]["ContentFormat"]["nullable"] = True
    problems = "\n".join(lint(broken))
    assert "schema Content.format: nullable enum" in problems
    assert "schema ContentFormat: nullable enum" in problems
