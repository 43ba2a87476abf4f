"""The endpoint rules of _endpoint.py held at their edges (issue 25).

Each limit is tried on both sides (63/64 characters of a region, ports 1 and 65535
against 0 and 65536, hosts of 253 and 254 characters), and each refusal by the exact
problem it reports, since that is what tells the caller what to fix.
"""

from __future__ import annotations

import pytest
from aidp_notebook import InvalidConfigError
from aidp_notebook._endpoint import (
    endpoint_for_region,
    is_loopback_url,
    resolve_endpoint,
    validate_region,
    validate_service_endpoint,
)


def _problem(value: object) -> str:
    with pytest.raises(InvalidConfigError) as caught:
        validate_service_endpoint(value)
    assert caught.value.key == "service_endpoint"
    return caught.value.problem


# -- regions ----------------------------------------------------------------------------


def test_a_region_is_one_dns_label_of_at_most_63_characters() -> None:
    assert validate_region("a" * 63) == "a" * 63
    with pytest.raises(InvalidConfigError, match="is not a region name"):
        validate_region("a" * 64)


def test_a_region_is_stripped_and_lower_cased() -> None:
    assert validate_region("  US-Ashburn-1 ") == "us-ashburn-1"


@pytest.mark.parametrize(
    ("value", "problem"),
    [(None, "must be a string, got NoneType"), (" ", "empty"), ("us ashburn", "not a region")],
)
def test_bad_regions_are_refused_naming_the_key(value: object, problem: str) -> None:
    with pytest.raises(InvalidConfigError, match=problem) as caught:
        validate_region(value, key="profile region")
    assert caught.value.key == "profile region"


def test_a_region_resolves_to_its_endpoint() -> None:
    assert endpoint_for_region("us-ashburn-1") == "https://aidp.us-ashburn-1.oci.oraclecloud.com"
    assert resolve_endpoint({"region": "iad"}, None) == (
        "https://aidp.us-ashburn-1.oci.oraclecloud.com"
    )


def test_service_endpoint_wins_over_the_region() -> None:
    assert resolve_endpoint({"region": "iad"}, "https://h.example/") == "https://h.example"
    assert resolve_endpoint(None, "https://h.example") == "https://h.example"


@pytest.mark.parametrize("config", [None, {}, {"region": None}])
def test_no_region_and_no_endpoint_is_refused(config: dict | None) -> None:
    with pytest.raises(InvalidConfigError, match="missing") as caught:
        resolve_endpoint(config, None)
    assert caught.value.key == "region"


# -- service endpoints ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://h.example", "https://h.example"),
        ("https://h.example:1", "https://h.example:1"),
        ("https://h.example:65535/", "https://h.example:65535"),
        ("https://H.Example/prefix//", "https://H.Example/prefix"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://localhost", "http://localhost"),
        ("http://[::1]:9", "http://[::1]:9"),
        ("https://[2001:db8::1]", "https://[2001:db8::1]"),
        ("https://[1::]", "https://[1::]"),
        ("https://10.0.0.1", "https://10.0.0.1"),
        ("https://h.example/a%2Fb", "https://h.example/a%2Fb"),
    ],
)
def test_good_endpoints_are_kept_without_trailing_slashes(value: str, expected: str) -> None:
    assert validate_service_endpoint(value) == expected


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (5, "must be a string, got int"),
        ("", "empty"),
        ("https://hé.example", "contains non-ASCII or control characters"),
        ("https://h.example\x00", "contains non-ASCII or control characters"),
        ("https://h .example", "contains whitespace"),
        ("https://h.example?x=1", "contains a query string"),
        ("https://h.example#f", "contains a fragment"),
        ("https://h.example\\x", "contains a backslash"),
        ("https://[::1", "is not a URL"),
        ("ftp://h.example", "is not an absolute https URL"),
        ("https:h.example", "is not an absolute https URL"),
        ("http://h.example", "uses plain http"),
        ("http://10.0.0.1", "uses plain http"),
        ("https://h.example/a<b", "has a malformed path"),
        ("https://h.example/a%zz", "has a malformed path"),
        ("https://h.example/a/../b", "has a `.` or `..` path segment"),
        ("https://u@h.example", "contains user-info"),
        ("https://h.example:x", "has a malformed host or port"),
        ("https://h.example:0", "has port 0, outside 1-65535"),
        ("https://h.example:65536", "has port 65536, outside 1-65535"),
        ("https://[fe80::1%25eth0]", "has no valid host"),
        ("https://[v1.fe]", "has no valid host"),
        ("https://2130706433", "has no valid host"),
        ("https://1.2.3.999", "has no valid host"),
        ("https://-h.example", "has no valid host"),
        ("https://", "has no valid host"),
    ],
)
def test_bad_endpoints_are_refused_saying_why(value: object, problem: str) -> None:
    assert problem in _problem(value)


def test_a_host_of_253_characters_is_the_longest() -> None:
    host = ".".join(["a" * 63] * 3 + ["a" * 61])  # 253 characters
    assert validate_service_endpoint(f"https://{host}") == f"https://{host}"
    assert "has no valid host" in _problem(f"https://{host}a")


def test_secrets_in_a_refused_endpoint_are_not_shown() -> None:
    problem = _problem("https://user:pw@h.example")
    assert "pw" not in problem
    assert "'https://***@h.example'" in problem
    problem = _problem("https://h.example/?token=secret")
    assert "secret" not in problem
    assert "'https://h.example/?***'" in problem


def test_a_long_refused_value_is_cut_at_80_characters() -> None:
    value = "ftp://" + "h" * 200
    assert f"{value[:80]!r}"[:-1] + "...'" in _problem(value)
    exact = "ftp://" + "h" * 74  # 80 characters: shown whole
    assert repr(exact) in _problem(exact)


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://localhost:1", True),
        ("http://127.0.0.2", True),
        ("http://[::1]", True),
        ("https://h.example", False),
        ("https://10.0.0.1", False),
        ("", False),
    ],
)
def test_loopback_urls(url: str, loopback: bool) -> None:
    assert is_loopback_url(url) is loopback
