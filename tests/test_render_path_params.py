"""The renderer's `x-aidp-path` rule: which path parameters may hold a `/`-separated path.

Rendered in memory from changed copies of the spec, as test_render_operations.py does.
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

sys.path.insert(0, str(ROOT / "scripts"))
from render_operations import RenderError, render  # noqa: E402

SESSION = (
    "/20260430/aiDataPlatforms/{aiDataPlatformId}/workspaces/{workspaceKey}/notebook/api"
    "/sessions/{sessionId}"
)


@pytest.fixture
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
    return copy.deepcopy(loaded)


def _render(spec: dict[str, Any]) -> str:
    return render(
        spec,
        spec_path=SPEC_PATH,
        config_path=ROOT / "generator-config.yaml",
        template_dir=ROOT / "openapi" / "templates",
        errors_path=ROOT / "overlays" / "aidp_notebook" / "_errors.py",
    )


def _slash_params(source: str, constant: str) -> str:
    match = re.search(rf"^{constant}: OperationInfo\[.*?^\)$", source, re.MULTILINE | re.DOTALL)
    assert match, constant
    found = re.search(r"slash_path_params=(\(.*?\)),", match.group(0))
    assert found, constant
    return found.group(1).replace(" ", "")


def test_slash_path_params_come_from_the_spec(spec: dict[str, Any]) -> None:
    source = _render(spec)
    for constant in (
        "GET_CONTENT", "UPDATE_CONTENT", "CREATE_CONTENT", "MODIFY_CONTENT", "DELETE_CONTENT",
        "EXPORT_CONTENTS",
    ):  # fmt: skip
        assert _slash_params(source, constant) == '("content_path",)'
    assert _slash_params(source, "GET_SESSION") == "()"

    spec["components"]["parameters"]["SessionId"]["x-aidp-path"] = True
    assert _slash_params(_render(spec), "GET_SESSION") == '("session_id",)'
    del spec["components"]["parameters"]["ContentPath"]["x-aidp-path"]
    assert _slash_params(_render(spec), "GET_CONTENT") == "()"


def test_the_extension_is_checked(spec: dict[str, Any]) -> None:
    spec["components"]["parameters"]["ContentPath"]["x-aidp-path"] = "yes"
    with pytest.raises(RenderError, match="x-aidp-path of 'contentPath' must be true or false"):
        _render(spec)
    spec["components"]["parameters"]["ContentPath"]["x-aidp-path"] = True
    spec["components"]["parameters"]["OpcRequestId"]["x-aidp-path"] = True
    with pytest.raises(RenderError, match="is for a string path parameter, not 'opc-request-id'"):
        _render(spec)
