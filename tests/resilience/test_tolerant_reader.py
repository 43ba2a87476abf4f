"""Tolerant reader, lossless round trip: nulls, timestamps and wrong JSON shapes.

A service built on Jupyter sends JSON null for "no value". Every optional field of every
response model reads null as None and writes it back as null; `to_dict()` gives back the
JSON the service sent. A missing or null required field, or a value of the wrong JSON
shape, is an InvalidResponseError naming the field's path.
"""

from __future__ import annotations

import asyncio
import json
import sys
import typing
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest
from aidp_notebook import (
    AsyncNotebookClient,
    InvalidResponseError,
    NotebookClient,
    Session,
    SessionSummary,
)
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)
from aidp_notebook_client import models
from aidp_notebook_client.types import UNSET, FieldError, MissingFieldError

from ._fault_servers import NullSessionsService
from .conftest import IDS

WS = ("ocid1.aidataplatform.oc1..null", "ws-null")
CREATE = {"name": "analysis", "path": "/data/test.ipynb", "kernel": {"name": "python3"}}
JSON = {"content-type": "application/json"}


def _round_trip(client: NotebookClient, service: NullSessionsService) -> None:
    created = client.create_session(*WS, CREATE)
    assert created.cluster_id is None
    assert created.agent_flow_key is None
    assert created.lifecycle_state is None
    assert created.path is None
    assert created.type_ is None
    assert created.kernel is not None and created.kernel is not UNSET
    assert created.kernel.name == "python3"
    assert created.kernel.execution_state is None
    assert created.kernel.last_activity is None
    # The model gives back exactly what the service sent: same keys, nulls included.
    assert created.to_dict() == service.sent[-1]

    fetched = client.get_session(*WS, created.id)
    assert fetched.to_dict() == service.sent[-1]

    listed = client.list_sessions(*WS)
    assert [summary.id for summary in listed] == [created.id]
    assert listed[0].kernel is None
    assert listed[0].name is None
    assert [summary.to_dict() for summary in listed] == service.sent[-1]["items"]

    renamed = client.rename_session(*WS, created.id, "renamed")
    assert renamed.name == "renamed"
    assert renamed.to_dict() == service.sent[-1]

    client.delete_session(*WS, created.id)
    assert client.list_sessions(*WS) == []
    # What the SDK sent: the kernel by name alone, and never a null.
    assert service.bodies == [CREATE, {"name": "renamed"}]
    assert service.problems == []


def test_a_full_round_trip_against_a_service_that_sends_nulls_everywhere() -> None:
    with NullSessionsService() as service:
        client = NotebookClient(signer=service.signer(), service_endpoint=service.endpoint)
        with client:
            _round_trip(client, service)


def test_the_async_client_reads_the_nulls_too() -> None:
    async def main(service: NullSessionsService) -> Session:
        async with AsyncNotebookClient(
            signer=service.signer(), service_endpoint=service.endpoint
        ) as client:
            created = await client.create_session(*WS, CREATE)
            return await client.get_session(*WS, created.id)

    with NullSessionsService() as service:
        session = asyncio.run(main(service))
    assert session.cluster_id is None
    assert session.to_dict() == service.sent[-1]


# -- every response model, generically (fixed in the generation, not model by model) ----

MANIFEST = json.loads(
    resources.files("aidp_notebook_client").joinpath("spec-manifest.json").read_text()
)
REQUIRED_SAMPLES = {
    "string": "x",
    "array": [],
    "any": "x",
    "string(date-time)": "2026-04-30T12:00:00Z",
    "WorkspaceObjectType": "FOLDER",
}


def _is_response_model(cls: type) -> bool:
    """Generated as null-tolerant: every optional attribute's annotation admits None."""
    hints = typing.get_type_hints(cls, localns=vars(models))
    optional = [f for f in attrs.fields(cls) if f.default is UNSET]
    return bool(optional) and all(_admits_none(hints[f.name]) for f in optional)


def _admits_none(annotation: object) -> bool:
    args = typing.get_args(annotation)
    return type(None) in args or typing.Any in args


MODELS = [getattr(models, name) for name in models.__all__ if attrs.has(getattr(models, name))]
RESPONSE_MODELS = [cls for cls in MODELS if _is_response_model(cls)]


def test_the_null_tolerant_models_are_those_a_response_uses() -> None:
    names = {cls.__name__ for cls in RESPONSE_MODELS}
    assert names == {
        "Session", "Kernel", "SessionSummary", "KernelSummary", "Content", "WorkspaceObjectSummary",
    }  # fmt: skip
    # Request bodies stay strict: a null there is refused, not sent.
    for cls in (models.CreateSessionDetails, models.PatchSessionDetails, models.KernelDetails):
        with pytest.raises(FieldError, match="got null"):
            cls.from_dict({"name": None})


@pytest.mark.parametrize("cls", RESPONSE_MODELS, ids=lambda cls: cls.__name__)
def test_null_in_every_optional_field_reads_as_none_and_writes_back(cls: type) -> None:
    fields = MANIFEST["schemas"][cls.__name__]
    body = {
        key: REQUIRED_SAMPLES[kind.split()[0].split("[")[0]] if kind.endswith("required") else None
        for key, kind in fields.items()
    }
    parsed = cls.from_dict(body)
    optional = [f.name for f in attrs.fields(cls) if f.default is UNSET]
    assert len(optional) == sum(1 for value in body.values() if value is None)
    for attribute in optional:
        assert getattr(parsed, attribute) is None, attribute
    assert parsed.to_dict() == body
    assert parsed.additional_properties == {}


WITH_REQUIRED_FIELDS = sorted(
    name
    for name, fields in MANIFEST["schemas"].items()
    if any(kind.endswith("required") for kind in fields.values())
)


@pytest.mark.parametrize("name", WITH_REQUIRED_FIELDS)
def test_a_required_field_that_is_null_or_missing_is_named(name: str) -> None:
    cls = getattr(models, name)
    fields = MANIFEST["schemas"][name]
    required = [key for key, kind in fields.items() if kind.endswith("required")]
    body = {key: REQUIRED_SAMPLES[fields[key].split()[0].split("[")[0]] for key in required}
    cls.from_dict(body)
    for key in required:
        with pytest.raises(FieldError) as null:
            cls.from_dict({**body, key: None})
        assert str(null.value).startswith(f"{key}: expected ")
        assert str(null.value).endswith("got null")
        missing = {k: v for k, v in body.items() if k != key}
        with pytest.raises(MissingFieldError, match=f"^{key}: required field is missing$"):
            cls.from_dict(missing)


@pytest.mark.parametrize(
    "stamp",
    ["2026-04-30T12:34:56.789Z", "2026-04-30T12:34:56.789000Z", "2026-04-30T12:34:56Z",
     "2026-04-30T14:34:56.5+02:00"],
)  # fmt: skip
def test_timestamps_come_back_in_the_form_the_api_sent(stamp: str) -> None:
    body = {"id": "s", "name": "n", "kernel": {"id": "k", "last_activity": stamp}}
    session = Session.from_dict(body)
    assert session.to_dict() == body
    assert json.loads(json.dumps(session.to_dict())) == body


def test_a_timestamp_built_in_code_is_written_with_z_for_utc() -> None:
    # Kernel.last_activity is a plain string since SDK 5.1.1; a workspace object's times are not.
    listed = {
        "path": "/a",
        "displayName": "a",
        "type": "FILE",
        "timeCreated": "2026-04-30T12:00:00Z",
    }
    summary = models.WorkspaceObjectSummary.from_dict(listed)
    summary.time_updated = summary.time_created.replace(hour=13)
    assert summary.to_dict()["timeUpdated"] == "2026-04-30T13:00:00Z"


# -- through the client: nulls accepted, wrong shapes refused with the field's path -------


def test_get_session_with_nulls_in_every_optional_field(service: LocalNotebookService) -> None:
    body = {
        "id": "s", "name": "n", "agentFlowKey": None, "cluster_id": None, "kernel": None,
        "lifecycleState": None, "path": None, "type": None,
    }  # fmt: skip
    service.inject(Fault(status=200, body=json.dumps(body), headers=JSON))
    with service.client(retry=None) as client:
        session = client.get_session(*IDS)
    assert session.kernel is None
    assert session.lifecycle_state is None
    assert session.to_dict() == body


def test_create_session_answered_with_nulls_returns_the_created_session(
    service: LocalNotebookService,
) -> None:
    created = {"id": "new", "name": "n", "kernel": {"id": "k", "name": None}, "path": None}
    service.inject(Fault(status=201, body=json.dumps(created), headers=JSON))
    with service.client(retry=None) as client:
        session = client.create_session(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, CREATE)
    assert session.id == "new"
    assert session.to_dict() == created


SHAPES = [
    ({"items": {}}, "body.items: expected an array, got dict"),
    ({"items": ""}, "body.items: expected an array, got str"),
    ({"items": None}, "body.items: expected an array, got null"),
    ({}, "body.items: required field is missing"),
    ({"items": [{}, {}, {}, {"kernel": {"id": 7}}]}, "body.items[3].kernel.id: expected a string"),
    ({"items": [{"kernel": [["id", "k"]]}]}, "body.items[0].kernel: expected an object, got list"),
    ({"items": [[["id", "s"]]]}, "body.items[0]: expected an object, got list"),
    ({"items": [{"name": {"x": 1}}]}, "body.items[0].name: expected a string, got dict"),
]


@pytest.mark.parametrize(("body", "message"), SHAPES, ids=[m for _, m in SHAPES])
def test_a_list_of_the_wrong_shape_is_an_invalid_response_naming_the_field(
    service: LocalNotebookService, body: dict[str, Any], message: str
) -> None:
    service.inject(Fault(status=200, body=json.dumps(body), headers=JSON))
    with service.client(retry=None) as client, pytest.raises(InvalidResponseError) as caught:
        client.list_sessions(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY)
    assert message in str(caught.value)
    assert caught.value.field is not None and message.startswith(caught.value.field)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"id": "s", "name": "n", "kernel": [["id", "k"]]}, "body.kernel: expected an object"),
        ({"id": "s", "name": None}, "body.name: expected a string, got null"),
        ({"id": "s"}, "body.name: required field is missing"),
        ({"id": "s", "name": "n", "kernel": {"id": 5}}, "body.kernel.id: expected a string"),
    ],
)
def test_a_session_of_the_wrong_shape_is_an_invalid_response_naming_the_field(
    service: LocalNotebookService, body: dict[str, Any], message: str
) -> None:
    service.inject(Fault(status=200, body=json.dumps(body), headers=JSON))
    with service.client(retry=None) as client, pytest.raises(InvalidResponseError) as caught:
        client.get_session(*IDS)
    assert message in str(caught.value)


def test_ten_thousand_items_parse_and_a_bad_one_is_named(service: LocalNotebookService) -> None:
    items = [
        {"id": f"s{i}", "name": None, "kernel": {"id": f"k{i}", "last_activity": None}}
        for i in range(10_000)
    ]
    service.inject(Fault(status=200, body=json.dumps({"items": items}), headers=JSON))
    with service.client(retry=None) as client:
        listed = client.list_sessions(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY)
        assert len(listed) == 10_000
        assert all(isinstance(s, SessionSummary) for s in listed)
        items[9_876]["kernel"]["connections"] = "many"
        service.inject(Fault(status=200, body=json.dumps({"items": items}), headers=JSON))
        with pytest.raises(InvalidResponseError) as caught:
            client.list_sessions(SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY)
    assert caught.value.field == "body.items[9876].kernel.connections"


def test_generation_marks_every_schema_a_response_uses_and_no_other(repo_root: Path) -> None:
    sys.path.insert(0, str(repo_root / "scripts"))
    try:
        import codegen  # a script, importable only from its directory
    finally:
        sys.path.remove(str(repo_root / "scripts"))
    ref = "#/components/schemas/"
    spec = {
        "paths": {
            "/a": {
                "get": {"responses": {"200": {"$ref": "#/components/responses/Listing"}}},
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": ref + "Input"}}}},
                    "responses": {"201": {"content": {"application/json": {"schema": {"$ref": ref + "Made"}}}}},
                },
            }
        },
        "components": {
            "responses": {"Listing": {"content": {"application/json": {"schema": {"$ref": ref + "Page"}}}}},
            "schemas": {
                "Page": {"properties": {"items": {"type": "array", "items": {"$ref": ref + "Entry"}}}},
                "Entry": {"properties": {"owner": {"allOf": [{"$ref": ref + "Owner"}]}}},
                "Owner": {"properties": {"name": {"type": "string"}}},
                "Made": {"properties": {"extra": {"additionalProperties": {"$ref": ref + "Tag"}}}},
                "Tag": {"properties": {"text": {"type": "string"}}},
                "Input": {"properties": {"owner": {"$ref": ref + "InputOwner"}}},
                "InputOwner": {"properties": {"name": {"type": "string"}}},
            },
        },
    }  # fmt: skip
    prepared = codegen.prepare_spec(spec)
    marked = {
        name for name, schema in prepared["components"]["schemas"].items()
        if schema.get(codegen.NULLABLE_OPTIONALS)
    }  # fmt: skip
    assert marked == {"Page", "Entry", "Owner", "Made", "Tag"}
    assert "x-nullable-optionals" not in json.dumps(spec)  # the spec itself is untouched
