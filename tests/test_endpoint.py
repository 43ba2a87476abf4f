"""Region validation, endpoint resolution and service_endpoint validation."""

from __future__ import annotations

import oci
import pytest
from aidp_notebook._endpoint import (
    SERVICE_ENDPOINT_TEMPLATE,
    endpoint_for_region,
    resolve_endpoint,
    validate_region,
    validate_service_endpoint,
)
from aidp_notebook._errors import AidpError, InvalidConfigError


@pytest.fixture(autouse=True)
def _no_region_overrides(monkeypatch, tmp_path):
    # oci.regions also reads these for regions it does not know; keep them out.
    monkeypatch.delenv("OCI_DEFAULT_REALM", raising=False)
    monkeypatch.delenv("OCI_REGION_METADATA", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))


# --- regions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "normalised"),
    [
        ("us-ashburn-1", "us-ashburn-1"),
        ("  us-ashburn-1\n", "us-ashburn-1"),
        ("US-Ashburn-1", "us-ashburn-1"),
        ("IAD", "iad"),
        ("xx-newregion-9", "xx-newregion-9"),
    ],
)
def test_plain_region_names_pass_normalised(region, normalised):
    assert validate_region(region) == normalised


HOSTILE_REGIONS = [
    "evil.example#",
    "us-ashburn-1/x",
    "a@evil.example",
    "us-ashburn-1.evil.com",
    "us-ashburn-1:443",
    "us-ashburn-1?x=1",
    "us-ashburn-1#",
    "us-ashburn-1%2f",
    "us-ashburn-1\\evil",
    "",
    "   ",
    "us ashburn-1",
    "us-ashburn-1\tx",
    "us-ashburn-1\nevil.example",
    "us-ashburn-1\x00",
    "-us-ashburn-1",
    "us-ashburn-1-",
    "us--ashburn-1",
    "\uff55\uff53-ashburn-1",  # full-width letters
    "[::1]",
    "a" * 64,
]


@pytest.mark.parametrize("region", HOSTILE_REGIONS)
def test_hostile_regions_are_refused(region):
    with pytest.raises(InvalidConfigError) as caught:
        validate_region(region)
    assert caught.value.key == "region"


@pytest.mark.parametrize("region", HOSTILE_REGIONS)
def test_hostile_regions_never_reach_an_endpoint(region):
    with pytest.raises(InvalidConfigError) as caught:
        endpoint_for_region(region)
    assert caught.value.key == "region"


@pytest.mark.parametrize("region", [None, 1, b"us-ashburn-1", ["us-ashburn-1"]])
def test_non_string_regions_are_refused_with_their_type(region):
    with pytest.raises(InvalidConfigError, match="must be a string") as caught:
        validate_region(region)
    assert caught.value.key == "region"
    assert type(region).__name__ in caught.value.problem


def test_validate_region_names_the_key_it_is_given():
    with pytest.raises(InvalidConfigError) as caught:
        validate_region("evil.example#", key="OCI_CLI_REGION")
    assert caught.value.key == "OCI_CLI_REGION"
    assert str(caught.value).startswith("invalid configuration: OCI_CLI_REGION:")


def test_invalid_region_is_an_aidp_error_and_a_value_error():
    with pytest.raises(AidpError):
        validate_region("a/b")
    with pytest.raises(ValueError, match="is not a region name"):
        validate_region("a/b")


@pytest.mark.parametrize(
    ("region", "endpoint"),
    [
        ("us-ashburn-1", "https://aidp.us-ashburn-1.oci.oraclecloud.com"),
        ("iad", "https://aidp.us-ashburn-1.oci.oraclecloud.com"),
        ("IAD", "https://aidp.us-ashburn-1.oci.oraclecloud.com"),
        (" Fra ", "https://aidp.eu-frankfurt-1.oci.oraclecloud.com"),
        ("us-langley-1", "https://aidp.us-langley-1.oci.oraclegovcloud.com"),  # oc2
        ("lfi", "https://aidp.us-langley-1.oci.oraclegovcloud.com"),
        ("uk-gov-london-1", "https://aidp.uk-gov-london-1.oci.oraclegovcloud.uk"),  # oc4
        ("LTN", "https://aidp.uk-gov-london-1.oci.oraclegovcloud.uk"),
        ("ap-chiyoda-1", "https://aidp.ap-chiyoda-1.oci.oraclecloud8.com"),  # oc8
    ],
)
def test_endpoint_for_known_regions_of_every_realm(region, endpoint):
    assert endpoint_for_region(region) == endpoint


def test_endpoint_for_region_agrees_with_oci_regions():
    for region in ("us-phoenix-1", "syd", "uk-gov-cardiff-1", "eu-frankfurt-1"):
        expected = oci.regions.endpoint_for(
            "aidp", region=region, service_endpoint_template=SERVICE_ENDPOINT_TEMPLATE
        )
        assert endpoint_for_region(region) == expected


def test_unknown_well_formed_region_falls_back_to_the_oc1_domain():
    assert endpoint_for_region("xx-brandnew-1") == "https://aidp.xx-brandnew-1.oci.oraclecloud.com"


def test_endpoint_from_a_hostile_realm_domain_is_refused(monkeypatch):
    # Realm domains may come from regions-config.json or OCI_REGION_METADATA.
    monkeypatch.setattr(
        oci.regions, "endpoint_for", lambda *a, **k: "https://aidp.xx-new-1.oci.evil.example#"
    )
    with pytest.raises(InvalidConfigError, match="unusable endpoint") as caught:
        endpoint_for_region("xx-new-1")
    assert caught.value.key == "region"
    assert "OCI_REGION_METADATA" in (caught.value.hint or "")


def test_oci_lookup_failure_becomes_a_region_error(monkeypatch):
    def refuse(*args, **kwargs):
        raise oci.exceptions.InvalidDeveloperToolConfiguration("fallback blocked")

    monkeypatch.setattr(oci.regions, "endpoint_for", refuse)
    with pytest.raises(InvalidConfigError, match="fallback blocked") as caught:
        endpoint_for_region("xx-new-1")
    assert caught.value.key == "region"
    assert caught.value.__context__ is None


# --- service_endpoint -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            "https://aidp.us-ashburn-1.oci.oraclecloud.com",
            "https://aidp.us-ashburn-1.oci.oraclecloud.com",
        ),
        ("https://aidp.example.com/", "https://aidp.example.com"),
        ("https://aidp.example.com//", "https://aidp.example.com"),
        ("https://aidp.example.com/api", "https://aidp.example.com/api"),
        ("https://aidp.example.com/api/", "https://aidp.example.com/api"),
        ("https://aidp.example.com:8443/a/b", "https://aidp.example.com:8443/a/b"),
        ("https://10.0.0.5", "https://10.0.0.5"),
        ("https://[2001:db8::1]:8443", "https://[2001:db8::1]:8443"),
        ("https://my-gw.internal/api%2Fv1", "https://my-gw.internal/api%2Fv1"),
        ("http://localhost", "http://localhost"),
        ("http://LOCALHOST:8080/", "http://LOCALHOST:8080"),
        ("http://127.0.0.1:5000", "http://127.0.0.1:5000"),
        ("http://127.5.6.7/api", "http://127.5.6.7/api"),
        ("http://[::1]:8080/api/", "http://[::1]:8080/api"),
    ],
)
def test_good_service_endpoints_pass_without_trailing_slash(given, expected):
    assert validate_service_endpoint(given) == expected


HOSTILE_ENDPOINTS = [
    "",
    "https://",
    "https:///path",
    "https:host.example.com",
    "//host.example.com",
    "host.example.com",
    "ftp://host.example.com",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "wss://host.example.com",
    "https://a@b",
    "https://user:pw@host.example.com",
    "https://@host.example.com",
    "https://host.example.com?x=1",
    "https://host.example.com/?",
    "https://host.example.com/api?x=1",
    "https://host.example.com#frag",
    "https://host.example.com/#",
    "https://host.example.com\\@evil.example",
    "https://evil.example\\.host.example.com",
    " https://host.example.com",
    "https://host.example.com ",
    "https://host.example.com/a b",
    "https://host.example.com\n",
    "https://host.exa\tmple.com",
    "https://host.example.com\x00",
    "https://host.example.com/\x7f",
    "https://hóst.example.com",
    "https://[::1",
    "https://[::1]x",
    "https://[fe80::1%25eth0]",
    "https://host.example.com:",
    "https://host.example.com:0",
    "https://host.example.com:65536",
    "https://host.example.com:99999",
    "https://host.example.com:http",
    "https://host.example.com:443:443",
    "https://-host.example.com",
    "https://host-.example.com",
    "https://host..example.com",
    "https://host.example.com.",
    "https://ho_st.example.com",
    "https://2130706433",
    "https://0x7f.0.0.1",
    "https://127.1",
    "https://256.0.0.1",
    "https://host.example.com/%zz",
    "https://host.example.com/a<b>",
    'https://host.example.com/a"b',
    "https://host.example.com/api/../other",
    "https://host.example.com/./api",
    "https://host.example.com/api/..",
]


@pytest.mark.parametrize("endpoint", HOSTILE_ENDPOINTS)
def test_hostile_service_endpoints_are_refused(endpoint):
    with pytest.raises(InvalidConfigError) as caught:
        validate_service_endpoint(endpoint)
    assert caught.value.key == "service_endpoint"


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://example.com",
        "http://aidp.us-ashburn-1.oci.oraclecloud.com",
        "http://10.0.0.1:8080",
        "http://0.0.0.0",
        "http://[::2]",
        "http://127.0.0.1.evil.example",
        "http://localhost.evil.example",
        "http://evil-localhost",
    ],
)
def test_plain_http_is_refused_unless_loopback(endpoint):
    with pytest.raises(InvalidConfigError, match="plain http") as caught:
        validate_service_endpoint(endpoint)
    assert caught.value.key == "service_endpoint"
    assert "localhost" in (caught.value.hint or "")


@pytest.mark.parametrize("endpoint", [None, 443, b"https://host.example.com"])
def test_non_string_service_endpoint_is_refused(endpoint):
    with pytest.raises(InvalidConfigError, match="must be a string") as caught:
        validate_service_endpoint(endpoint)
    assert caught.value.key == "service_endpoint"


@pytest.mark.parametrize(
    ("endpoint", "secret"),
    [
        ("https://admin:hunter2@host.example.com", "hunter2"),
        ("https://host.example.com/?token=hunter2", "hunter2"),
        ("https://host.example.com/#hunter2", "hunter2"),
        ("https://u:hunter2@host.example.com/a b?x=hunter2", "hunter2"),
    ],
)
def test_refused_endpoint_messages_hide_credentials(endpoint, secret):
    with pytest.raises(InvalidConfigError) as caught:
        validate_service_endpoint(endpoint)
    assert secret not in str(caught.value)
    assert secret not in repr(caught.value)
    assert "host.example.com" in str(caught.value)


@pytest.mark.parametrize(
    ("endpoint", "fragment"),
    [
        ("https://a@b", "user-info"),
        ("https://host.example.com/?", "query string"),
        ("https://host.example.com#x", "fragment"),
        ("http://example.com", "plain http"),
        ("https://host.example.com:0", "outside 1-65535"),
        ("ftp://host.example.com", "not an absolute https URL"),
        ("https://host.example.com/a b", "whitespace"),
        ("https://hóst.example.com", "non-ASCII"),
        ("https://host.example.com/a/../b", "`.` or `..` path segment"),
    ],
)
def test_each_refusal_says_what_is_wrong(endpoint, fragment):
    with pytest.raises(InvalidConfigError) as caught:
        validate_service_endpoint(endpoint)
    assert fragment in caught.value.problem


def test_refusal_message_says_what_is_wrong():
    with pytest.raises(InvalidConfigError) as caught:
        validate_service_endpoint("https://host.example.com/x?y=1")
    assert "query string" in caught.value.problem
    assert caught.value.hint == "expected https://host[:port][/path-prefix]"


# --- resolve_endpoint -----------------------------------------------------------------


def test_explicit_service_endpoint_wins_over_region():
    config = {"region": "us-phoenix-1"}
    assert resolve_endpoint(config, "https://gw.example.com/api/") == "https://gw.example.com/api"


def test_explicit_service_endpoint_is_validated():
    with pytest.raises(InvalidConfigError) as caught:
        resolve_endpoint({"region": "us-ashburn-1"}, "https://evil.example#")
    assert caught.value.key == "service_endpoint"


def test_empty_explicit_service_endpoint_is_refused_not_ignored():
    with pytest.raises(InvalidConfigError) as caught:
        resolve_endpoint({"region": "us-ashburn-1"}, "")
    assert caught.value.key == "service_endpoint"


def test_region_from_config_gives_the_default_endpoint():
    assert (
        resolve_endpoint({"region": "phx"}, None) == "https://aidp.us-phoenix-1.oci.oraclecloud.com"
    )


def test_hostile_region_in_config_is_refused():
    with pytest.raises(InvalidConfigError) as caught:
        resolve_endpoint({"region": "us-ashburn-1.evil.com"}, None)
    assert caught.value.key == "region"


@pytest.mark.parametrize("config", [None, {}, {"region": None}, {"user": "ocid1.user.oc1..x"}])
def test_no_region_and_no_endpoint_is_a_missing_region(config):
    with pytest.raises(InvalidConfigError) as caught:
        resolve_endpoint(config, None)
    assert caught.value.key == "region"
    assert caught.value.problem == "missing"
    assert caught.value.hint == "set region in the profile, or pass service_endpoint"


def test_region_environment_variables_are_not_consulted(monkeypatch):
    monkeypatch.setenv("OCI_REGION", "us-ashburn-1")
    monkeypatch.setenv("OCI_CLI_REGION", "us-ashburn-1")
    with pytest.raises(InvalidConfigError) as caught:
        resolve_endpoint({}, None)
    assert caught.value.key == "region"
