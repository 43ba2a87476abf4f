"""Growing the spec costs nothing by hand: `make generate` alone brings it to both clients.

A copy of the repository (without .venv; this venv's interpreter and tools are reused)
gets a spec that grew the way APIs grow: a new GET operation with one query parameter and
a new response schema, an optional field and a new enum value. Then `make generate`
runs in the copy, and the tests show:
- only generated/ changed, nothing under overlays/;
- both clients have the new operation's typed, documented methods, and a call to it goes
  out signed to the local service (whose answer for the new route is injected) and comes
  back as the new model;
- mypy and a representative part of the suite (the spec lint and seed checks, the
  models, every operation's methods, and the forward-compatibility tests) pass on the
  copy, with no test edited.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.executable).parent.parent
SPEC = Path("openapi") / "notebook-sessions.yaml"
NOT_COPIED = (
    ".venv", ".git", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache",
    ".hypothesis", "*.egg-info", "build", "dist",
)  # fmt: skip
# Names no version of the API will plausibly use, so the test survives real API growth.
OPERATION_ID = "GetZzProbeReport"
SUITE = (
    "tests/test_spec.py",
    "tests/test_models.py",
    "tests/test_generated_operations.py",
    "tests/resilience/test_bad_responses.py",
)


def _snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def grow(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with a new operation and schema, an optional field and a new enum value."""
    schemas = spec["components"]["schemas"]
    schemas["ZzProbeReport"] = {
        "type": "object",
        "description": "A report that only this test's operation returns.",
        "required": ["sessionId"],
        "properties": {
            "sessionId": {"type": "string", "description": "The session the report is about."},
            "zzLevel": {"type": "integer", "description": "How deep the report went."},
        },
    }
    session = schemas["Session"]
    session["properties"]["zzProbeNote"] = {
        "type": "string",
        "description": "An optional field that only this test adds.",
    }
    session["properties"]["lifecycleState"]["enum"].append("ZZ_PROBE_STATE")
    session_path = next(p for p in spec["paths"] if p.endswith("/sessions/{sessionId}"))
    errors = {
        code: {"$ref": f"#/components/responses/{name}"}
        for code, name in (
            ("401", "Unauthorized"), ("404", "NotFound"), ("429", "TooManyRequests"),
            ("500", "InternalServerError"), ("default", "UnknownError"),
        )
    }  # fmt: skip
    spec["paths"][session_path + "/zzProbeReport"] = {
        "parameters": spec["paths"][session_path]["parameters"],
        "get": {
            "operationId": OPERATION_ID,
            "tags": ["Notebook"],
            "summary": "Get a probe report",
            "description": "Returns the probe report of a notebook session.",
            "parameters": [
                {
                    "name": "zzDetail",
                    "in": "query",
                    "required": False,
                    "description": "How much the report holds.",
                    "schema": {"type": "string", "enum": ["brief", "full"]},
                },
                {"$ref": "#/components/parameters/OpcRequestId"},
            ],
            "responses": {
                "200": {
                    "description": "The report.",
                    "headers": {"opc-request-id": {"$ref": "#/components/headers/OpcRequestId"}},
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/ZzProbeReport"}
                        }
                    },
                },
                **errors,
            },
        },
    }
    return spec


def _env(project: Path) -> dict[str, str]:
    """Run with the copy's packages, ahead of the editable install of this checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(project / "overlays"), str(project / "generated")])
    env["PATH"] = f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def _run(project: Path, *argv: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(argv), cwd=project, env=_env(project), capture_output=True, text=True,
        check=False, timeout=timeout,
    )  # fmt: skip


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], str]:
    """The copy after `make generate` on the grown spec, its files before, and make's output."""
    project = tmp_path_factory.mktemp("grown") / "repo"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(*NOT_COPIED))
    spec_path = project / SPEC
    spec_path.write_text(
        yaml.safe_dump(grow(yaml.safe_load(spec_path.read_text())), sort_keys=False, width=100)
    )
    before = _snapshot(project)
    # This venv is the copy's venv; -o keeps make from reinstalling it from the copy.
    stamp = VENV / ".installed"
    result = _run(
        project, "make", "--no-print-directory", "generate", f"VENV={VENV}", "-o", str(stamp)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return project, before, result.stdout


def test_make_generate_changes_generated_only(grown: tuple[Path, dict[str, str], str]) -> None:
    project, before, output = grown
    after = _snapshot(project)
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    assert changed, "make generate changed nothing"
    assert all(name.startswith("generated/aidp_notebook_client/") for name in changed), changed
    assert not any(name.startswith("overlays/") for name in changed)
    assert {
        "generated/aidp_notebook_client/operations.py",
        "generated/aidp_notebook_client/api/notebook/get_zz_probe_report.py",
        "generated/aidp_notebook_client/models/zz_probe_report.py",
    } <= changed
    assert f"  + operation {OPERATION_ID}" in output
    assert "  + schema ZzProbeReport" in output
    assert "  ~ schema Session: + field zzProbeNote (string)" in output


PROBE = textwrap.dedent(
    """
    import asyncio, inspect, json, sys, typing
    import aidp_notebook, aidp_notebook_client
    from aidp_notebook import ApiResponse, AsyncNotebookClient, NotebookClient, Session
    from aidp_notebook.testing import (
        SEED_AI_DATA_PLATFORM_ID, SEED_SESSION_ID, SEED_WORKSPACE_KEY, Fault,
        LocalNotebookService,
    )
    from aidp_notebook_client.models import GetZzProbeReportZzDetail, ZzProbeReport

    IDS = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID)
    out = {"files": [aidp_notebook.__file__, aidp_notebook_client.__file__], "clients": {}}
    for cls in (NotebookClient, AsyncNotebookClient):
        plain, detailed = cls.get_zz_probe_report, cls.get_zz_probe_report_detailed
        out["clients"][cls.__name__] = {
            "parameters": [
                [p.name, p.kind.name, str(p.annotation), repr(p.default)]
                for p in list(inspect.signature(plain).parameters.values())[1:]
            ],
            "returns_model": typing.get_type_hints(plain)["return"] is ZzProbeReport,
            "detailed_returns": typing.get_type_hints(detailed)["return"]
            == ApiResponse[ZzProbeReport],
            "coroutine": inspect.iscoroutinefunction(plain),
            "doc": inspect.getdoc(plain),
        }
    body = {"sessionId": SEED_SESSION_ID, "zzLevel": 3}
    with LocalNotebookService() as service:
        service.inject(Fault(status=200, body=body))
        with service.client() as client:
            report = client.get_zz_probe_report(*IDS, zz_detail="full")

        async def main():
            async with service.async_client() as client:
                return await client.get_zz_probe_report_detailed(
                    *IDS, zz_detail=GetZzProbeReportZzDetail.BRIEF
                )

        service.inject(Fault(status=200, body=body))
        detailed = asyncio.run(main())
        out["sync"] = [type(report).__name__, report.session_id, report.zz_level]
        out["async"] = [type(detailed.data).__name__, detailed.status_code, detailed.attempts]
        out["requests"] = [[r.method, r.target, r.signature_valid] for r in service.requests]
    grown = Session.from_dict(
        {"id": "i", "name": "n", "zzProbeNote": "kept", "lifecycleState": "ZZ_PROBE_STATE"}
    )
    out["session"] = [grown.zz_probe_note, grown.lifecycle_state.is_known]
    print(json.dumps(out))
    """
)


def test_the_new_operation_reaches_both_clients_typed_and_documented(
    grown: tuple[Path, dict[str, str], str],
) -> None:
    project = grown[0]
    result = _run(project, sys.executable, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert all(Path(f).is_relative_to(project) for f in out["files"]), out["files"]
    for name, facts in out["clients"].items():
        assert facts["parameters"] == [
            ["ai_data_platform_id", "POSITIONAL_OR_KEYWORD", "<class 'str'>", "<class 'inspect._empty'>"],
            ["workspace_key", "POSITIONAL_OR_KEYWORD", "<class 'str'>", "<class 'inspect._empty'>"],
            ["session_id", "POSITIONAL_OR_KEYWORD", "<class 'str'>", "<class 'inspect._empty'>"],
            ["zz_detail", "KEYWORD_ONLY", "aidp_notebook_client.models.get_zz_probe_report_zz_detail.GetZzProbeReportZzDetail | str | None", "None"],
            ["opc_request_id", "KEYWORD_ONLY", "str | None", "None"],
        ], name  # fmt: skip
        assert facts["returns_model"] and facts["detailed_returns"], name
        assert facts["coroutine"] is (name == "AsyncNotebookClient")
        doc = " ".join(facts["doc"].split())
        assert doc.startswith("Get a probe report.")
        assert "Returns the probe report of a notebook session." in doc
        assert (
            "zz_detail: How much the report holds. Sent as the query parameter `zzDetail`." in doc
        )
        assert "ZzProbeReport: A report that only this test's operation returns." in doc
        assert "NotFoundError: 404: Not Found." in doc
        assert "InternalServerError: 500:" in doc
    assert out["sync"] == ["ZzProbeReport", out["sync"][1], 3]
    assert out["async"] == ["ZzProbeReport", 200, 1]
    (sync_request, async_request) = out["requests"]
    for (method, target, signature_valid), detail in (
        (sync_request, "full"),
        (async_request, "brief"),
    ):
        assert method == "GET"
        assert target.split("?")[0].endswith("/zzProbeReport")
        assert target.endswith(f"?zzDetail={detail}")
        assert signature_valid
    assert out["session"] == ["kept", True]


def test_the_checks_and_the_suite_pass_on_the_grown_spec(
    grown: tuple[Path, dict[str, str], str],
) -> None:
    project = grown[0]
    python = sys.executable
    # tests/test_spec.py runs the spec lint; mypy checks the generated code and the overlay.
    for argv in (
        [python, "-m", "mypy", "--cache-dir", str(project / ".mypy_cache"), "--no-error-summary"],
        [python, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", *SUITE],
    ):
        result = _run(project, *argv)
        assert result.returncode == 0, f"{' '.join(argv)}:\n{result.stdout}{result.stderr}"
    # The spec-driven tests covered the new operation too.
    for test in (
        "test_signatures_follow_the_spec",
        "test_docstrings_say_what_the_spec_says",
        "test_each_documented_error_status_raises_the_documented_class",
    ):
        assert f"PASSED tests/test_generated_operations.py::{test}[{OPERATION_ID}]" in result.stdout
