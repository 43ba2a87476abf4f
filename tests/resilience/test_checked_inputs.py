"""Checked inputs everywhere: nothing the caller did not mean reaches the wire.

Query parameters are checked like path parameters; retry policies, timeouts and waiter
states are refused at construction or call time when they could only fail later.
"""

from __future__ import annotations

import math
from typing import Any

import httpx
import pytest
from aidp_notebook import (
    InvalidConfigError,
    KernelExecutionState,
    RetryPolicy,
    SessionLifecycleState,
    WaitTimeoutError,
)
from aidp_notebook.testing import LocalNotebookService

from ..conftest import use_fake_clock
from .conftest import IDS

WS = IDS[:2]


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (b"/x", TypeError, "path must be a str, got bytes"),
        ([], TypeError, "path must be a str, got list"),
        (["/a", "/b"], TypeError, "path must be a str, got list"),
        (object(), TypeError, "path must be a str, got object"),
        (True, TypeError, "path must be a str, got bool"),
        (5, TypeError, "path must be a str, got int"),
        ("", ValueError, "path must not be empty"),
        ("/x\ud800", ValueError, "lone surrogate"),
    ],
)
def test_query_parameters_are_checked_before_sending(
    service: LocalNotebookService, value: object, error: type, message: str
) -> None:
    with service.client() as client, pytest.raises(error, match=message):
        client.list_sessions(*WS, path=value)  # type: ignore[arg-type]
    assert service.requests == []


@pytest.mark.parametrize("name", ["cluster_id", "agent_flow_key"])
def test_every_query_parameter_is_checked(service: LocalNotebookService, name: str) -> None:
    with service.client() as client, pytest.raises(TypeError, match=f"{name} must be a str"):
        client.list_sessions(*WS, **{name: b"x"})
    assert service.requests == []


def test_header_parameters_refuse_other_types(service: LocalNotebookService) -> None:
    with service.client() as client:
        with pytest.raises(TypeError, match="if_match must be a str, got bytes"):
            client.delete_session(*IDS, if_match=b'"etag"')  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="opc_request_id must be a str"):
            client.get_session(*IDS, opc_request_id=7)  # type: ignore[arg-type]
    assert service.requests == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_delay": math.nan},
        {"max_delay": math.inf},
        {"base_delay": math.inf},
        {"base_delay": math.nan},
        {"max_elapsed_seconds": math.nan},
        {"max_elapsed_seconds": -1},
        {"base_delay": -0.5},
    ],
)
def test_retry_policies_refuse_nan_infinite_delays_and_negatives(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="must be a finite number >= 0"):
        RetryPolicy(**kwargs)


def test_an_unlimited_elapsed_time_is_meaningful() -> None:
    assert RetryPolicy(max_elapsed_seconds=math.inf).max_elapsed_seconds == math.inf


@pytest.mark.parametrize(
    "timeout",
    [-1, 0, math.nan, math.inf, (-1, 5), (5, math.nan), (5, 0), httpx.Timeout(-1.0),
     httpx.Timeout(5.0, read=math.inf), "10", (1, 2, 3)],
)  # fmt: skip
def test_timeouts_that_would_fail_every_call_are_refused_at_construction(
    service: LocalNotebookService, timeout: Any
) -> None:
    with pytest.raises(InvalidConfigError, match="timeout"):
        service.client(timeout=timeout)


@pytest.mark.parametrize("timeout", [None, 5, 2.5, (1, None), (None, 3), httpx.Timeout(4.0)])
def test_timeouts_that_make_sense_are_taken(service: LocalNotebookService, timeout: Any) -> None:
    with service.client(timeout=timeout) as client:
        assert client.get_session(*IDS).id == IDS[2]


# -- waiter states --------------------------------------------------------------------------


@pytest.mark.parametrize("states", [["active"], ["Active"], ("ACTIVE", "creating")])
def test_waiter_states_match_whatever_their_case(
    service: LocalNotebookService, states: list[str]
) -> None:
    service.set_session_state(*IDS, lifecycle_state="ACTIVE", execution_state="idle")
    with service.client() as client:
        session = client.wait_for_session(
            *IDS, lifecycle_states=states, kernel_states=["IDLE"], timeout=30
        )
    assert session.lifecycle_state == "ACTIVE"
    assert len(service.requests) == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"lifecycle_states": ["BOGUS"]},
            "lifecycle_states: 'BOGUS' is not a known state; known: ACTIVE, CREATING, FAILED",
        ),
        ({"lifecycle_states": ["ACTIVE", "ACTIV"]}, "'ACTIV' is not a known state"),
        ({"kernel_states": ["sleeping"]}, "kernel_states: 'sleeping' is not a known state"),
        ({"timeout": math.nan}, "timeout must be > 0"),
        ({"poll_interval": math.inf}, "poll_interval must be > 0"),
    ],
)
def test_unknown_states_and_bad_times_are_refused_at_once(
    service: LocalNotebookService, kwargs: dict[str, Any], message: str
) -> None:
    with service.client() as client, pytest.raises(ValueError, match=message):
        client.wait_for_session(*IDS, **kwargs)
    assert service.requests == []


def test_a_state_marked_as_new_on_purpose_is_waited_for(service: LocalNotebookService) -> None:
    service.set_session_state(*IDS, lifecycle_state="ACTIVE", execution_state="idle")
    with service.client() as client:
        use_fake_clock(client)
        with pytest.raises(WaitTimeoutError, match="did not reach HIBERNATING"):
            client.wait_for_session(
                *IDS, lifecycle_states=[SessionLifecycleState("HIBERNATING")], timeout=5
            )
        session = client.wait_for_session(
            *IDS, lifecycle_states=["ACTIVE"], kernel_states=[KernelExecutionState("idle")]
        )
    assert session.id == IDS[2]
