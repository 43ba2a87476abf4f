"""The rules by which scripts/render_operations.py turns the spec into client methods.

Each test renders operations.py from a changed copy of the spec (in memory, no files
written) and reads the result; test_codegen.py and test_new_operation.py cover the
whole `make generate` run.
"""

from __future__ import annotations

import copy
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi" / "notebook-sessions.yaml"
ERRORS = ROOT / "overlays" / "aidp_notebook" / "_errors.py"

sys.path.insert(0, str(ROOT / "scripts"))
from render_operations import RenderError, render  # noqa: E402

COLLECTION = (
    "/20260430/aiDataPlatforms/{aiDataPlatformId}/workspaces/{workspaceKey}/notebook/api/sessions"
)
SESSION = COLLECTION + "/{sessionId}"


@pytest.fixture
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
    return copy.deepcopy(loaded)


def _render(spec: dict[str, Any], errors: Path = ERRORS) -> str:
    return render(
        spec,
        spec_path=SPEC_PATH,
        config_path=ROOT / "generator-config.yaml",
        template_dir=ROOT / "openapi" / "templates",
        errors_path=errors,
    )


def _record(source: str, constant: str) -> str:
    """The `CONSTANT: OperationInfo[...] = OperationInfo(...)` statement of one operation."""
    match = re.search(rf"^{constant}: OperationInfo\[.*?^\)$", source, re.MULTILINE | re.DOTALL)
    assert match, f"no record {constant}"
    return match.group(0)


def _method(source: str, cls: str, name: str) -> str:
    """The text of one method of `cls` in the rendered source."""
    body = source.split(f"\nclass {cls}:", 1)[1]
    match = re.search(
        rf"\n    (?:async )?def {name}\(.*?(?=\n    (?:async )?def |\Z)", body, re.DOTALL
    )
    assert match, f"no {cls}.{name}"
    return match.group(0)


def test_the_idempotency_of_an_operation_comes_from_the_spec(spec: dict[str, Any]) -> None:
    source = _render(spec)
    assert "idempotent=False" in _record(source, "CREATE_SESSION")  # POST
    assert "idempotent=True" in _record(source, "PATCH_SESSION")
    assert "retry only" not in _method(source, "Operations", "get_session")

    spec["paths"][COLLECTION]["post"]["x-aidp-idempotent"] = True
    spec["paths"][SESSION]["get"]["x-aidp-idempotent"] = False
    source = _render(spec)
    assert "idempotent=True" in _record(source, "CREATE_SESSION")
    get = _record(source, "GET_SESSION")
    assert "idempotent=False" in get
    assert "retry_token=False" in get
    for cls in ("Operations", "AsyncOperations"):
        assert "Not idempotent: it is never retried." in _method(source, cls, "get_session")

    spec["paths"][SESSION]["get"]["x-aidp-idempotent"] = "yes"
    with pytest.raises(RenderError, match="GetSession: x-aidp-idempotent must be true or false"):
        _render(spec)


def test_error_classes_in_docstrings_follow_the_overlay(
    spec: dict[str, Any], tmp_path: Path
) -> None:
    assert re.search(
        r"NotFoundError: 404: Not Found", _method(_render(spec), "Operations", "get_session")
    )
    # One source: change the overlay's mapping, and the docstrings change with it.
    errors = tmp_path / "_errors.py"
    text = ERRORS.read_text()
    assert "404: NotFoundError," in text
    errors.write_text(text.replace("404: NotFoundError,", "404: ConflictError,"))
    method = _method(_render(spec, errors), "AsyncOperations", "get_session_detailed")
    assert re.search(r"ConflictError: 404: Not Found", method)
    assert "NotFoundError" not in method

    with pytest.raises(RenderError, match="is missing"):
        _render(spec, tmp_path / "absent.py")
    errors.write_text(text + "\nfrom ._elsewhere import helper\n")
    with pytest.raises(RenderError, match="must stay importable on its own"):
        _render(spec, errors)


def test_a_collection_with_more_than_items_is_returned_whole(spec: dict[str, Any]) -> None:
    source = _render(spec)
    assert "LIST_SESSIONS: OperationInfo[list[SessionSummary]]" in source
    assert ") -> list[SessionSummary]:" in _method(source, "Operations", "list_sessions")

    spec["components"]["schemas"]["SessionCollection"]["properties"]["zzProbeCursor"] = {
        "type": "string",
        "description": "A field only this test adds.",
    }
    source = _render(spec)
    assert "unwrap=None" in _record(source, "LIST_SESSIONS")
    assert ") -> SessionCollection:" in _method(source, "Operations", "list_sessions")
    assert ") -> ApiResponse[SessionCollection]:" in _method(
        source, "AsyncOperations", "list_sessions_detailed"
    )


def test_what_the_clients_cannot_run_is_refused_by_name(spec: dict[str, Any]) -> None:
    broken = copy.deepcopy(spec)
    ok = broken["paths"][SESSION]["get"]["responses"]["200"]
    ok["content"] = {"text/plain": {"schema": {"type": "string"}}}
    with pytest.raises(RenderError, match=r"GetSession -> 200: only application/json"):
        _render(broken)

    broken = copy.deepcopy(spec)
    broken["paths"][SESSION]["get"]["responses"]["203"] = {
        "description": "Another body.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    with pytest.raises(RenderError, match="GetSession: its 2xx responses have different bodies"):
        _render(broken)

    broken = copy.deepcopy(spec)
    broken["paths"][SESSION]["get"]["parameters"].append(
        {"name": "details", "in": "query", "description": "Clashes.", "schema": {"type": "string"}}
    )
    with pytest.raises(RenderError, match="GetSession: a parameter may not be called 'details'"):
        _render(broken)


def test_an_enum_query_parameter_takes_its_enum_or_any_str(spec: dict[str, Any]) -> None:
    spec["paths"][COLLECTION]["get"]["parameters"].append(
        {
            "name": "zzProbeOrder",
            "in": "query",
            "description": "An enum parameter only this test adds.",
            "schema": {"type": "string", "enum": ["asc", "desc"]},
        }
    )
    method = _method(_render(spec), "Operations", "list_sessions_detailed")
    assert "zz_probe_order: ListSessionsZzProbeOrder | str | None = None," in method
    # A str becomes the generated StrEnum, which keeps values the spec does not list.
    assert (
        '"zz_probe_order": None if zz_probe_order is None else '
        "ListSessionsZzProbeOrder(zz_probe_order)," in method
    )
    assert "Sent as the query parameter `zzProbeOrder`." in " ".join(method.split())


def test_a_list_is_paged_only_when_it_documents_opc_next_page_and_takes_page(
    spec: dict[str, Any],
) -> None:
    paged = _render(spec)
    assert "def iter_sessions(" in _method(paged, "Operations", "iter_sessions")
    assert "async def iter_sessions(" in _method(paged, "AsyncOperations", "iter_sessions")
    assert "self.iter_sessions(" in _method(paged, "Operations", "list_sessions")
    # Without the header, nothing says another page exists: one call, as before paging.
    del spec["paths"][COLLECTION]["get"]["responses"]["200"]["headers"]["opc-next-page"]
    plain = _render(spec)
    assert "def iter_sessions(" not in plain
    assert "self._call(" in _method(plain, "Operations", "list_sessions")


def test_a_paged_list_may_not_take_a_body(spec: dict[str, Any]) -> None:
    spec["paths"][COLLECTION]["get"]["requestBody"] = {
        "required": False,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}},
    }
    with pytest.raises(RenderError, match="a paged list cannot take a request body"):
        _render(spec)
