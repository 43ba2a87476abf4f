"""The rules of RetryPolicy that mutation testing showed no test held (issue 25).

Each test pins one documented rule at its boundary: which statuses are retried, the
defaults taken from the oci SDK, the checks on the fields, the exact backoff, and the
24-hour cap on Retry-After.
"""

from __future__ import annotations

import dataclasses
import email.utils
import random

import pytest
from aidp_notebook import ConflictError, RetryPolicy
from aidp_notebook._retry import MAX_RETRY_AFTER, parse_retry_after
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)

from .conftest import use_fake_clock

IDS = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID)


# -- which failures are retried ---------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "retried"),
    [("LockConflict", True), ("IncorrectState", True), ("Conflict", False), (None, False)],
)
def test_a_409_is_retried_only_with_a_transient_code(
    service: LocalNotebookService, code: str | None, retried: bool
) -> None:
    body = {"message": "busy"} if code is None else {"code": code, "message": "busy"}
    service.inject(Fault(status=409, body=body))
    with service.client() as client:
        use_fake_clock(client)
        if retried:
            assert client.get_session(*IDS).id == SEED_SESSION_ID
        else:
            with pytest.raises(ConflictError):
                client.get_session(*IDS)
    assert len(service.requests) == (2 if retried else 1)


@pytest.mark.parametrize(
    ("status", "code", "retried"),
    [
        (429, None, True),
        (428, None, False),
        (430, None, False),
        (499, None, False),
        (500, None, True),
        (501, None, False),
        (502, None, True),
        (599, None, True),
        (409, "LockConflict", True),
        (409, "IncorrectState", True),
        (409, "Conflict", False),
        (409, None, False),
        (410, "IncorrectState", False),
        (400, "LockConflict", False),
        (200, None, False),
    ],
)
def test_retryable_statuses(status: int, code: str | None, retried: bool) -> None:
    assert RetryPolicy.is_retryable_status(status, code) is retried


# -- the fields -------------------------------------------------------------------------


def test_the_defaults_are_the_oci_sdks() -> None:
    policy = RetryPolicy()
    assert (policy.max_attempts, policy.max_elapsed_seconds) == (8, 600.0)
    assert (policy.base_delay, policy.max_delay) == (1.0, 30.0)


def test_a_policy_cannot_be_changed_after_it_is_made() -> None:
    policy = RetryPolicy()
    with pytest.raises(dataclasses.FrozenInstanceError):
        policy.max_attempts = 1  # type: ignore[misc]
    assert policy.max_attempts == 8
    assert hash(policy) == hash(RetryPolicy())


def test_one_attempt_is_allowed_and_means_no_retries() -> None:
    once = RetryPolicy(max_attempts=1)
    assert once.max_attempts == 1
    assert once.retries_enabled is False
    assert RetryPolicy(max_attempts=2).retries_enabled is True


@pytest.mark.parametrize("value", [0, -1])
def test_fewer_than_one_attempt_is_refused(value: int) -> None:
    with pytest.raises(ValueError, match="max_attempts must be at least 1"):
        RetryPolicy(max_attempts=value)


@pytest.mark.parametrize("value", [True, False, "3", 2.5, None])
def test_max_attempts_must_be_an_int(value: object) -> None:
    with pytest.raises(TypeError, match="max_attempts must be an int"):
        RetryPolicy(max_attempts=value)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["max_elapsed_seconds", "base_delay", "max_delay"])
@pytest.mark.parametrize("value", [True, "1", None])
def test_the_durations_must_be_numbers(name: str, value: object) -> None:
    with pytest.raises(TypeError, match=f"{name} must be a number of seconds"):
        RetryPolicy(**{name: value})  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["max_elapsed_seconds", "base_delay", "max_delay"])
@pytest.mark.parametrize("value", [-1, -0.001, float("nan"), float("-inf")])
def test_the_durations_must_not_be_negative_or_nan(name: str, value: float) -> None:
    with pytest.raises(ValueError, match=f"{name} must be a finite number >= 0"):
        RetryPolicy(**{name: value})


@pytest.mark.parametrize("name", ["base_delay", "max_delay"])
def test_an_endless_delay_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match=f"{name} must be a finite number >= 0"):
        RetryPolicy(**{name: float("inf")})


def test_no_limit_on_the_elapsed_time_is_allowed() -> None:
    assert RetryPolicy(max_elapsed_seconds=float("inf")).max_elapsed_seconds == float("inf")


@pytest.mark.parametrize("value", [0, 0.0, 0.5, 1])
def test_zero_and_fractions_of_a_second_are_allowed(value: float) -> None:
    policy = RetryPolicy(max_elapsed_seconds=value, base_delay=value, max_delay=value)
    assert (policy.max_elapsed_seconds, policy.base_delay, policy.max_delay) == (value,) * 3


def test_base_delay_may_equal_but_not_exceed_max_delay() -> None:
    assert RetryPolicy(base_delay=5, max_delay=5).base_delay == 5
    with pytest.raises(ValueError, match="base_delay must not exceed max_delay"):
        RetryPolicy(base_delay=5.5, max_delay=5)


# -- how long to wait -------------------------------------------------------------------


@pytest.fixture(params=["low", "high"])
def jitter(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """random.uniform at either end of its range; the calls are recorded."""
    calls: list[tuple] = []

    def uniform(low: float, high: float) -> float:
        calls.append((request.param, low, high))
        return low if request.param == "low" else high

    monkeypatch.setattr(random, "uniform", uniform)
    return calls


def test_backoff_doubles_from_base_delay_with_equal_jitter(jitter: list[tuple]) -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=30.0)
    ceilings = [1, 2, 4, 8, 16, 30, 30]
    delays = [policy.delay(attempt) for attempt in range(1, 8)]
    end = jitter[0][0]
    # Never less than half the ceiling, never more than the ceiling.
    assert delays == [c / 2 if end == "low" else c for c in ceilings]
    assert [(low, high) for _, low, high in jitter] == [(0, c / 2) for c in ceilings]


def test_backoff_scales_with_base_delay(jitter: list[tuple]) -> None:
    policy = RetryPolicy(base_delay=3.0, max_delay=100.0)
    delays = [policy.delay(attempt) for attempt in (1, 2, 3)]
    end = jitter[0][0]
    assert delays == [c / 2 if end == "low" else c for c in (3, 6, 12)]


def test_retry_after_is_honoured_within_max_delay() -> None:
    policy = RetryPolicy(max_delay=30)
    assert policy.delay(1, retry_after=7.5) == 7.5
    assert policy.delay(5, retry_after=0.0) == 0.0
    assert policy.delay(1, retry_after=-3) == 0.0
    assert policy.delay(1, retry_after=30) == 30
    assert policy.delay(1, retry_after=120) == 30


# -- Retry-After ------------------------------------------------------------------------


def test_the_retry_after_cap_is_24_hours() -> None:
    assert MAX_RETRY_AFTER == 86400.0
    assert parse_retry_after("86399") == 86399.0
    assert parse_retry_after("86400") == 86400.0
    assert parse_retry_after("90000") == 86400.0
    assert parse_retry_after("9999999999") == 86400.0
    assert parse_retry_after("9" * 400) == 86400.0


def test_long_digit_strings_are_read_up_to_ten_digits() -> None:
    # Ten digits are converted (leading zeros and all); eleven are taken as "far out".
    assert parse_retry_after("0000000005") == 5.0
    assert parse_retry_after("00000000005") == 86400.0


def test_a_huge_retry_after_waits_24_hours_under_a_policy_that_allows_it(
    service: LocalNotebookService,
) -> None:
    service.inject(Fault(status=503, headers={"retry-after": "99999999999999"}))
    policy = RetryPolicy(max_delay=10**6, max_elapsed_seconds=float("inf"))
    with service.client(retry=policy) as client:
        clock = use_fake_clock(client)
        assert client.get_session(*IDS).id == SEED_SESSION_ID
    assert clock.sleeps == [86400.0]


@pytest.mark.parametrize("value", [None, "", "   ", "soon", "-5", "5s", "1.5"])
def test_unusable_retry_after_is_ignored(value: str | None) -> None:
    assert parse_retry_after(value) is None


def test_retry_after_seconds_are_read_exactly() -> None:
    assert parse_retry_after("0") == 0.0
    assert parse_retry_after(" 42 ") == 42.0


def test_an_http_date_is_counted_from_now() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after(email.utils.formatdate(now + 120, usegmt=True), now=now) == 120.0
    assert parse_retry_after(email.utils.formatdate(now - 120, usegmt=True), now=now) == 0.0
    far = email.utils.formatdate(now + 3 * 86400, usegmt=True)
    assert parse_retry_after(far, now=now) == 86400.0


def test_an_http_date_without_a_zone_is_ignored() -> None:
    # "-0000" is RFC 5322's "zone unknown": parsed without a tzinfo, so no moment.
    assert parse_retry_after("Tue, 14 Nov 2023 22:15:20 -0000", now=1_700_000_000.0) is None
