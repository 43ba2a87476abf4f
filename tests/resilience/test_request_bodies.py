"""Strict, accurate writer: request bodies take what the documentation allows.

The ordinary create body of Jupyter clients and Oracle's samples names the kernel by
name alone; it must reach the service as given. What the spec rules out is refused
before the wire, with the field's path and the rule.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from aidp_notebook import (
    CreateSessionDetails,
    KernelDetails,
    PatchSessionDetails,
)
from aidp_notebook.testing import LocalNotebookService

from .conftest import IDS

WS = IDS[:2]
BODY = {"name": "analysis", "path": "/Shared/analysis.ipynb", "kernel": {"name": "python3"}}


@pytest.mark.parametrize("form", ["dict", "model"])
def test_a_kernel_by_name_alone_is_a_valid_create_body(
    service: LocalNotebookService, form: str
) -> None:
    details: Any = BODY if form == "dict" else CreateSessionDetails.from_dict(BODY)
    with service.client() as client:
        session = client.create_session(*WS, details)
    assert session.name == "analysis"
    sent = json.loads(service.requests[0].body)
    assert sent == BODY
    assert service.requests[0].signature_valid


def test_a_kernel_model_by_name_is_a_valid_patch_body(service: LocalNotebookService) -> None:
    with service.client() as client:
        created = client.create_session(*WS, {"name": "p"})
        client.patch_session(
            *WS, created.id, PatchSessionDetails(kernel=KernelDetails(name="python3"))
        )
    assert json.loads(service.requests[-1].body) == {
        "kernel": {"name": "python3"},
        "must_refresh_context": False,
    }


REFUSED = [
    ({"kernel": {"name": 5}}, TypeError, "details.kernel.name: expected a string, got int"),
    ({"kernel": {"id": None}}, TypeError, "details.kernel.id: expected a string, got null"),
    ({"kernel": ["python3"]}, TypeError, "details.kernel: expected an object, got list"),
    ({"name": None}, TypeError, "details.name: expected a string, got null"),
    (
        {"kernel": {"connections": True}},
        TypeError,
        "details.kernel.connections: expected an integer",
    ),
    ({"kernel": {"last_activity": "soon"}}, TypeError, "details.kernel.last_activity: expected"),
    ({"kernel": {"nmae": "python3"}}, ValueError, r"details.kernel has unknown field\(s\) 'nmae'"),
]


@pytest.mark.parametrize(("details", "error", "message"), REFUSED, ids=[m for *_, m in REFUSED])
def test_what_the_spec_rules_out_is_refused_naming_the_field_and_the_rule(
    service: LocalNotebookService, details: dict[str, Any], error: type, message: str
) -> None:
    with service.client() as client, pytest.raises(error, match=message):
        client.create_session(*WS, details)
    assert service.requests == []


def test_a_model_built_in_code_is_checked_with_its_attribute_path(
    service: LocalNotebookService,
) -> None:
    details = CreateSessionDetails(kernel=KernelDetails(name=5))  # type: ignore[arg-type]
    with service.client() as client:
        with pytest.raises(
            TypeError, match=re.escape("details.kernel.name: expected a string, got int")
        ):
            client.create_session(*WS, details)
        wrong = CreateSessionDetails(kernel={"name": "python3"})  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=re.escape("details.kernel: expected a KernelDetails")):
            client.create_session(*WS, wrong)
    assert service.requests == []
