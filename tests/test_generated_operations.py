"""The clients' operation methods, as `make generate` emits them, against the spec.

Every expectation here is read from openapi/notebook-sessions.yaml, not written down:
these tests cover whatever operations the spec has, so an operation added to the spec
is checked (methods, signatures, return types, docstrings, the error each documented
status raises) with no test edited.
"""

from __future__ import annotations

import asyncio
import inspect
import re
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import aidp_notebook
import pytest
import yaml
from aidp_notebook import ApiResponse, AsyncNotebookClient, NotebookClient
from aidp_notebook._client import _ClientBase
from aidp_notebook._errors import ServiceError, service_error_class
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)
from aidp_notebook_client import models, operations

ROOT = Path(__file__).resolve().parent.parent
SPEC: dict[str, Any] = yaml.safe_load((ROOT / "openapi" / "notebook-sessions.yaml").read_text())
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SEEDED = {
    "aiDataPlatformId": SEED_AI_DATA_PLATFORM_ID,
    "workspaceKey": SEED_WORKSPACE_KEY,
    "sessionId": SEED_SESSION_ID,
}


def _resolve(node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def _snake(name: str) -> str:
    return re.sub(r"[^0-9a-zA-Z]+", "_", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)).lower()


def _spec_operations() -> dict[str, tuple[str, str, dict[str, Any], dict[str, Any]]]:
    found = {}
    for path, item in SPEC["paths"].items():
        for method in METHODS:
            if method in item:
                found[item[method]["operationId"]] = (path, method, item, item[method])
    return found


OPS = _spec_operations()
CLIENTS = (NotebookClient, AsyncNotebookClient)


def _parameters(operation_id: str) -> list[dict[str, Any]]:
    _, _, item, op = OPS[operation_id]
    return [_resolve(p) for p in item.get("parameters", []) + op.get("parameters", [])]


def _path_params(operation_id: str) -> list[str]:
    """The path parameters in the order the path names them."""
    path = OPS[operation_id][0]
    return [_snake(name) for name in re.findall(r"\{(\w+)\}", path)]


def _expected_result(operation_id: str) -> Any:
    """What the plain method returns, from the spec's 2xx responses (one body for all)."""
    op = OPS[operation_id][3]
    responses = [_resolve(r) for c, r in op["responses"].items() if str(c).startswith("2")]
    (response, *others) = responses
    assert all(other.get("content") == response.get("content") for other in others)
    content = response.get("content")
    if not content:
        return type(None)
    name = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    properties = SPEC["components"]["schemas"][name].get("properties", {})
    if set(properties) == {"items"} and properties["items"].get("type") == "array":
        item = properties["items"]["items"]["$ref"].rsplit("/", 1)[-1]
        return list[getattr(models, item)]  # type: ignore[misc]
    return getattr(models, name)


def _error_statuses(operation_id: str) -> list[str]:
    return [str(c) for c in OPS[operation_id][3]["responses"] if not str(c).startswith("2")]


def _methods(operation_id: str) -> list[tuple[str, Any]]:
    name = _snake(operation_id)
    return [
        (f"{cls.__name__}.{name}{suffix}", getattr(cls, name + suffix))
        for cls in CLIENTS
        for suffix in ("", "_detailed")
    ]


def test_every_operation_of_the_spec_is_a_method_of_both_clients() -> None:
    assert [info.name for info in operations.OPERATIONS] == list(OPS)
    for operation_id in OPS:
        name = _snake(operation_id)
        for cls, base in ((NotebookClient, "Operations"), (AsyncNotebookClient, "AsyncOperations")):
            for suffix in ("", "_detailed"):
                method = getattr(cls, name + suffix)
                # Inherited from the generated mixin; the overlay does not declare it.
                assert method.__module__ == "aidp_notebook_client.operations"
                assert method.__qualname__ == f"{base}.{name}{suffix}"
                assert inspect.iscoroutinefunction(method) is (cls is AsyncNotebookClient)
                assert name + suffix not in vars(cls)
                assert name + suffix not in vars(_ClientBase)


@pytest.mark.parametrize("operation_id", list(OPS))
def test_signatures_follow_the_spec(operation_id: str) -> None:
    op = OPS[operation_id][3]
    build_kwargs = next(i for i in operations.OPERATIONS if i.name == operation_id).build_kwargs
    builder = inspect.signature(build_kwargs).parameters
    path_params = _path_params(operation_id)
    has_body = "requestBody" in op
    keyword = [n for n, p in builder.items() if p.kind is p.KEYWORD_ONLY and n != "body"]
    required = {
        name: bool(p.get("required"))
        for p in _parameters(operation_id)
        if p["in"] != "path"
        for name in [next(k for k in keyword if _snake(p["name"]).rstrip("_") == k.rstrip("_"))]
    }
    expected = _expected_result(operation_id)
    for label, method in _methods(operation_id):
        params = list(inspect.signature(method).parameters.values())[1:]
        kinds = {p.kind for p in params}
        assert inspect.Parameter.VAR_POSITIONAL not in kinds, label
        assert inspect.Parameter.VAR_KEYWORD not in kinds, label
        positional = [p for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
        names = [p.name for p in positional]
        assert names == path_params + (["details"] if has_body else []), label
        assert all(p.default is p.empty for p in positional[: len(path_params)]), label
        if has_body:
            body_required = bool(_resolve(op["requestBody"]).get("required"))
            assert (positional[-1].default is inspect.Parameter.empty) is body_required, label
        options = {p.name: p for p in params if p.kind is p.KEYWORD_ONLY}
        # The same names as the request builder they are passed to.
        assert list(options) == keyword, label
        for name, parameter in options.items():
            assert (parameter.default is parameter.empty) is required[name], (label, name)
            if not required[name]:
                assert parameter.default is None, (label, name)
        hints = typing.get_type_hints(method)
        assert all(name in hints for name in [p.name for p in params]), label
        wanted = ApiResponse[expected] if label.endswith("_detailed") else expected  # type: ignore[valid-type]
        assert hints["return"] == wanted, label
        assert inspect.signature(method).return_annotation == (
            None if expected is type(None) and not label.endswith("_detailed") else wanted
        ), label


def _section(doc: str, title: str) -> str:
    match = re.search(rf"^{title}:\n((?:    .*\n?|\n)*)", doc, re.MULTILINE)
    assert match, f"no {title} section in:\n{doc}"
    return match.group(1)


def _entries(section: str) -> dict[str, str]:
    """`name: text` entries of a Google-style section, continuation lines joined."""
    entries: dict[str, str] = {}
    current = None
    for line in section.splitlines():
        if re.match(r"^    \S", line):
            current, _, text = line.strip().partition(": ")
            entries[current] = text
        elif current and line.strip():
            entries[current] += " " + line.strip()
    return entries


@pytest.mark.parametrize("operation_id", list(OPS))
def test_docstrings_say_what_the_spec_says(operation_id: str) -> None:
    op = OPS[operation_id][3]
    wire_names = {_snake(p["name"]): p for p in _parameters(operation_id)}
    expected = _expected_result(operation_id)
    for label, method in _methods(operation_id):
        doc = inspect.getdoc(method)
        assert doc, label
        assert doc.startswith(op["summary"].rstrip(".")), label
        assert " ".join(op["description"].split())[:60] in " ".join(doc.split()), label
        args = _entries(_section(doc, "Args"))
        names = [p for p in inspect.signature(method).parameters if p != "self"]
        assert list(args) == names, label
        for name, text in args.items():
            spec_param = wire_names.get(name) or wire_names.get(name.rstrip("_"))
            if spec_param is not None:
                assert " ".join(spec_param["description"].split())[:40] in text, (label, name)
        returns = _section(doc, "Returns")
        shown = "None" if expected is type(None) else typing_repr(expected)
        if label.endswith("_detailed"):
            assert returns.strip().startswith(f"ApiResponse[{shown}]:"), label
        else:
            assert returns.strip().startswith(f"{shown}:"), label
        raises = _entries(_section(doc, "Raises"))
        for status in _error_statuses(operation_id):
            if status == "default":
                assert raises["ServiceError"].startswith("any other status"), label
                continue
            error = service_error_class(int(status)).__name__
            assert re.match(rf"([0-9X, ]+, )?{status}\b", raises[error]), (label, status)
        assert "TransportError" in raises, label


def typing_repr(tp: Any) -> str:
    """`Session`, `list[SessionSummary]`: a type as the docstrings write it."""
    return tp.__name__ if isinstance(tp, type) else re.sub(r"[\w.]+\.(\w+)", r"\1", repr(tp))


def _call_args(operation_id: str) -> tuple[list[str], dict[str, Any] | None]:
    path = [SEEDED.get(name, "zz-probe") for name in re.findall(r"\{(\w+)\}", OPS[operation_id][0])]
    op = OPS[operation_id][3]
    if "requestBody" not in op:
        return path, None
    schema = _resolve(_resolve(op["requestBody"])["content"]["application/json"]["schema"])
    if schema.get("required"):
        pytest.skip("the body has required fields; the sessions resource tests cover it")
    return path, {}


def _documented_error(operation_id: str, status: str) -> type[ServiceError]:
    doc = inspect.getdoc(getattr(NotebookClient, _snake(operation_id))) or ""
    raises = _entries(_section(doc, "Raises"))
    name = next(e for e, text in raises.items() if re.match(rf"([0-9X, ]+, )?{status}\b", text))
    error: type[ServiceError] = getattr(aidp_notebook, name)
    return error


@pytest.mark.parametrize("operation_id", list(OPS))
def test_each_documented_error_status_raises_the_documented_class(
    service: LocalNotebookService, operation_id: str
) -> None:
    name = _snake(operation_id)
    statuses = [s for s in _error_statuses(operation_id) if s != "default"]
    path, body = _call_args(operation_id)
    args = [*path, body] if body is not None else path
    # A required query parameter (ListWorkspaceObjects' `path`) gets a probe value.
    required = {
        _snake(p["name"]): "/zz-probe"
        for p in _parameters(operation_id)
        if p["in"] == "query" and p.get("required")
    }
    raised: list[tuple[type[ServiceError], int, str]] = []

    def record(error: ServiceError) -> None:
        raised.append((type(error), error.status, error.operation))

    with service.client(retry=None) as client:
        for status in statuses:
            service.inject(Fault(status=int(status)))
            with pytest.raises(ServiceError) as caught:
                getattr(client, name)(*args, **required)
            record(caught.value)

    async def async_calls() -> None:
        async with service.async_client(retry=None) as client:
            for status in statuses:
                service.inject(Fault(status=int(status)))
                with pytest.raises(ServiceError) as caught:
                    await getattr(client, name)(*args, **required)
                record(caught.value)

    asyncio.run(async_calls())
    expected = [(_documented_error(operation_id, s), int(s), operation_id) for s in statuses]
    assert raised == expected * 2
    assert len(service.requests) == 2 * len(statuses)
    assert all(r.signature_valid for r in service.requests)


@pytest.mark.parametrize("operation_id", list(OPS))
def test_operation_records_follow_the_spec(operation_id: str) -> None:
    _, method, _, op = OPS[operation_id]
    info = next(i for i in operations.OPERATIONS if i.name == operation_id)
    assert info.method == method.upper()
    # POST is not idempotent unless the spec says so; anything else is unless it says not.
    assert info.idempotent is op.get("x-aidp-idempotent", method != "post")
    headers = {p["name"] for p in _parameters(operation_id) if p["in"] == "header"}
    assert info.retry_token is ("opc-retry-token" in headers)
    assert info.path_params == tuple(_path_params(operation_id))
    if "requestBody" in op:
        ref = _resolve(op["requestBody"])["content"]["application/json"]["schema"]["$ref"]
        assert info.body_model is getattr(models, ref.rsplit("/", 1)[-1])
    else:
        assert info.body_model is None


def test_the_generated_package_imports_nothing_of_the_overlay() -> None:
    # Imported first, the generated operations pull in no aidp_notebook module, and the
    # overlay imports cleanly after them: there is no import cycle in either order.
    probe = (
        "import sys\n"
        "import aidp_notebook_client.operations\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'aidp_notebook'], sys.modules\n"
        "import aidp_notebook\n"
        "print(aidp_notebook.NotebookClient.get_session.__qualname__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Operations.get_session"


def test_help_shows_the_true_return_types() -> None:
    import pydoc

    text = pydoc.render_doc(NotebookClient.get_session, renderer=pydoc.plaintext)
    assert "-> aidp_notebook_client.models.session.Session" in text
    assert "ApiResponse" not in text.split("\n")[2]
    detailed = pydoc.render_doc(
        AsyncNotebookClient.list_sessions_detailed, renderer=pydoc.plaintext
    )
    assert "-> aidp_notebook_client.types.ApiResponse[list[" in detailed
    assert "NotFoundError: 404" in detailed
