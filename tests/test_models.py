"""The generated models parse the seed's JSON and stay forward compatible."""

from __future__ import annotations

import copy
import datetime

import pytest
from aidp_notebook import (
    ErrorBody,
    Kernel,
    KernelExecutionState,
    Session,
    SessionLifecycleState,
    SessionType,
    last_activity_time,
)
from aidp_notebook_client.types import UNSET

SEED_SESSION = {
    "agentFlowKey": "flow-7",
    "cluster_id": "cluster-1",
    "id": "0d3c6a8e-5d3b-4c53-9d0f-6f1b2c3d4e5f",
    "kernel": {
        "connections": 2,
        "execution_state": "idle",
        "id": "6b2d1f0e-aaaa-bbbb-cccc-0123456789ab",
        "last_activity": "2026-04-30T12:34:56.789Z",
        "name": "python3",
    },
    "lifecycleState": "ACTIVE",
    "name": "analysis",
    "path": "/data/test.ipynb",
    "type": "notebook",
}


def test_seed_session_parses_into_typed_models() -> None:
    session = Session.from_dict(SEED_SESSION)
    assert session.id == SEED_SESSION["id"]
    assert session.name == "analysis"
    assert session.agent_flow_key == "flow-7"
    assert session.cluster_id == "cluster-1"
    assert session.path == "/data/test.ipynb"
    assert session.lifecycle_state is SessionLifecycleState.ACTIVE
    assert session.type_ is SessionType.NOTEBOOK
    assert isinstance(session.kernel, Kernel)
    kernel = session.kernel
    assert kernel.connections == 2
    assert kernel.execution_state is KernelExecutionState.IDLE
    assert kernel.name == "python3"
    assert kernel.last_activity == "2026-04-30T12:34:56.789Z"  # kept as sent (SDK 5.1.1)
    assert last_activity_time(kernel) == datetime.datetime(
        2026, 4, 30, 12, 34, 56, 789000, tzinfo=datetime.UTC
    )


def test_minimal_session_leaves_optional_fields_unset() -> None:
    session = Session.from_dict({"id": "s", "name": "n"})
    assert session.kernel is UNSET
    assert session.lifecycle_state is UNSET
    assert repr(UNSET) == "UNSET"
    assert session.to_dict() == {"id": "s", "name": "n"}


def test_seed_session_round_trips_through_to_dict() -> None:
    out = Session.from_dict(SEED_SESSION).to_dict()
    expected = copy.deepcopy(SEED_SESSION)
    assert out == expected  # last_activity too: kept as the text it was


@pytest.mark.parametrize(
    ("field", "value", "enum"),
    [
        ("lifecycleState", "DELETING", SessionLifecycleState),
        ("type", "workflow", SessionType),
    ],
)
def test_unknown_session_enum_values_survive(field: str, value: str, enum: type) -> None:
    body = {**SEED_SESSION, field: value}
    session = Session.from_dict(body)
    parsed = session.lifecycle_state if field == "lifecycleState" else session.type_
    assert isinstance(parsed, enum)
    assert parsed == value
    assert parsed.value == value
    assert str(parsed) == value
    assert not parsed.is_known
    assert session.to_dict()[field] == value


def test_unknown_kernel_state_survives_and_known_unknown_is_known() -> None:
    body = copy.deepcopy(SEED_SESSION)
    body["kernel"]["execution_state"] = "suspended"
    session = Session.from_dict(body)
    assert isinstance(session.kernel, Kernel)
    state = session.kernel.execution_state
    assert isinstance(state, KernelExecutionState)
    assert state == "suspended"
    assert not state.is_known
    assert session.to_dict()["kernel"]["execution_state"] == "suspended"
    # "unknown" is a documented kernel state, not an unrecognised one.
    assert KernelExecutionState("unknown") is KernelExecutionState.UNKNOWN
    assert KernelExecutionState.UNKNOWN.is_known


def test_unknown_enum_values_do_not_become_members() -> None:
    SessionLifecycleState("ZZ_UNLISTED_STATE")
    assert "ZZ_UNLISTED_STATE" not in [m.value for m in SessionLifecycleState]
    with pytest.raises(ValueError, match="is not a valid"):
        SessionLifecycleState(42)


def test_unknown_fields_survive_round_trip_at_every_level() -> None:
    body = copy.deepcopy(SEED_SESSION)
    body["zzUnlistedCreated"] = "2026-05-01T00:00:00Z"
    body["zzUnlistedLabels"] = {"team": "ml", "nested": [1, 2, {"x": None}]}
    body["kernel"]["zzUnlistedGpu"] = True
    session = Session.from_dict(body)
    assert session["zzUnlistedCreated"] == "2026-05-01T00:00:00Z"
    assert session.additional_properties["zzUnlistedLabels"] == body["zzUnlistedLabels"]
    assert isinstance(session.kernel, Kernel)
    assert session.kernel["zzUnlistedGpu"] is True
    out = session.to_dict()
    assert out["zzUnlistedCreated"] == body["zzUnlistedCreated"]
    assert out["zzUnlistedLabels"] == body["zzUnlistedLabels"]
    assert out["kernel"]["zzUnlistedGpu"] is True


def test_error_body_parses() -> None:
    error = ErrorBody.from_dict({"code": "NotAuthorizedOrNotFound", "message": "no such session"})
    assert error.code == "NotAuthorizedOrNotFound"
    assert error.message == "no such session"
    assert error.to_dict() == {"code": "NotAuthorizedOrNotFound", "message": "no such session"}


def test_missing_required_fields_are_refused() -> None:
    with pytest.raises(KeyError):
        Session.from_dict({"id": "only-id"})
    with pytest.raises(KeyError):
        ErrorBody.from_dict({"code": "X"})
