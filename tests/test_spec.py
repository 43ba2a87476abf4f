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
    assert "id" in kernel["required"]
    assert kernel["properties"]["connections"]["type"] == "integer"
    assert kernel["properties"]["last_activity"]["format"] == "date-time"
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
