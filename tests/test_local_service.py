"""aidp_notebook.testing: the local notebook-sessions service, checked with the real `oci` signer.

Requests are signed by `oci.signer.Signer` (and `oci.auth.signers.SecurityTokenSigner`)
and sent over loopback with the `requests` library that `oci` vendors, so these tests prove
the service accepts exactly what OCI clients send and rejects what OCI would reject.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import socket
import stat
import threading
import time
import urllib.parse
from typing import Any

import oci
import pytest
from aidp_notebook import ServiceError
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_NOTEBOOK_PATH,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
    RecordedRequest,
)
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from oci._vendor import requests

pytest_plugins = ["aidp_notebook.testing.pytest_plugin", "pytester"]

P, W = SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY


# -- helpers -----------------------------------------------------------------------------------


def signer_for(svc: LocalNotebookService) -> Any:
    config = svc.config
    return oci.signer.Signer(
        config["tenancy"],
        config["user"],
        config["fingerprint"],
        private_key_file_location=None,
        private_key_content=svc.private_key_pem,
    )


def sessions_url(svc: LocalNotebookService, platform: str = P, workspace: str = W) -> str:
    p = urllib.parse.quote(platform, safe="")
    w = urllib.parse.quote(workspace, safe="")
    return f"{svc.endpoint}/20260430/aiDataPlatforms/{p}/workspaces/{w}/notebook/api/sessions"


def session_url(svc: LocalNotebookService, session_id: str, **kw: str) -> str:
    segment = urllib.parse.quote(session_id, safe="")
    if segment.strip(".") == "":  # "." and ".." would be removed as dot segments by urllib3
        segment = "%2E" * len(segment)
    return f"{sessions_url(svc, **kw)}/{segment}"


class Api:
    """A requests.Session that signs every request with the service's own key."""

    def __init__(self, svc: LocalNotebookService, auth: Any = None) -> None:
        self.svc = svc
        self.http = requests.Session()
        self.auth = auth or signer_for(svc)

    def call(self, method: str, url: str, body: Any = None, **kw: Any) -> requests.Response:
        """Send `body` as JSON, or as is when it is already str/bytes."""
        data = body if body is None or isinstance(body, (str, bytes)) else json.dumps(body)
        kw.setdefault("timeout", 5)
        return self.http.request(method, url, data=data, auth=self.auth, **kw)

    def prepared(self, method: str, url: str, body: Any = None, **kw: Any) -> Any:
        """A signed PreparedRequest, to tamper with before send()."""
        data = None if body is None else json.dumps(body)
        request = requests.Request(method, url, data=data, **kw).prepare()
        return self.auth(request)

    def send(self, prepared: Any, **kw: Any) -> requests.Response:
        return self.http.send(prepared, timeout=kw.pop("timeout", 5), **kw)

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def svc(local_notebook_service: LocalNotebookService) -> LocalNotebookService:
    return local_notebook_service


@pytest.fixture(scope="module")
def shared():
    """One service for the many tests that only read: saves a key pair per test."""
    with LocalNotebookService() as service:
        yield service


@pytest.fixture(scope="module")
def shared_api(shared):
    client = Api(shared)
    yield client
    client.close()


@pytest.fixture
def api(svc: LocalNotebookService):
    client = Api(svc)
    yield client
    client.close()


def assert_401(response: requests.Response, reason: str) -> None:
    assert response.status_code == 401, response.text
    body = response.json()
    assert body["code"] == "NotAuthenticated"
    assert reason in body["message"]


# -- lifecycle and configuration ---------------------------------------------------------------


def test_start_stop_idempotent_releases_port_and_threads():
    before = {t.ident for t in threading.enumerate()}
    svc = LocalNotebookService()
    assert svc.start() is svc.start()
    endpoint = svc.endpoint
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", endpoint)
    port = int(endpoint.rsplit(":", 1)[1])
    # An idle keep-alive connection must not keep stop() waiting or its thread alive.
    api = Api(svc)
    assert api.call("GET", sessions_url(svc)).status_code == 200
    started = time.monotonic()
    svc.stop()
    svc.stop()
    assert time.monotonic() - started < 2
    assert {t.ident for t in threading.enumerate() if t.is_alive()} <= before
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1)
    with socket.socket() as probe:
        # The listening socket is closed (REUSEADDR only forgives TIME_WAIT leftovers).
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))
    api.close()


def test_endpoint_prefix_and_config_validate(tmp_path):
    with LocalNotebookService(path_prefix="/api/", seed=False) as svc:
        assert svc.endpoint.endswith("/api")
        assert not svc.endpoint.endswith("/")
        config = svc.config
        assert set(config) == {"user", "tenancy", "fingerprint", "key_content", "region"}
        assert config["region"] == "us-ashburn-1"
        assert config["key_content"] == svc.private_key_pem
        oci.config.validate_config(config)
        assert svc.private_key_pem not in repr(svc)
        # The prefix routes; an empty, unseeded store has no workspace yet.
        svc.add_workspace("p", "w")
        api = Api(svc)
        response = api.call("GET", sessions_url(svc, "p", "w"))
        assert response.status_code == 200
        assert response.json() == {"items": []}
        no_prefix = sessions_url(svc, "p", "w").replace("/api/20260430", "/20260430")
        assert api.call("GET", no_prefix).json()["code"] == "NotAuthorizedOrNotFound"
        api.close()


def test_write_config_file_loads_with_oci(svc, tmp_path):
    path = svc.write_config_file(tmp_path / "oci", profile="LOCAL")
    key_file = tmp_path / "oci" / "oci_api_key.pem"
    assert path == (tmp_path / "oci" / "config").resolve()
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    config = oci.config.from_file(str(path), "LOCAL")
    oci.config.validate_config(config)
    assert config["key_file"] == str(key_file.resolve())
    assert key_file.read_text() == svc.private_key_pem
    # A signer built from the file is accepted by the service.
    api = Api(svc, auth=oci.signer.Signer.from_config(config))
    assert api.call("GET", session_url(svc, SEED_SESSION_ID)).status_code == 200
    api.close()


def test_client_helpers_build_sdk_clients(svc):
    with svc.client() as client:
        session = client.get_session(P, W, SEED_SESSION_ID)
    assert session.id == SEED_SESSION_ID
    assert svc.requests[-1].signature_valid
    assert type(svc.async_client()).__name__ == "AsyncNotebookClient"


def test_plugin_fixture_and_marker_as_users_enable_them(pytester):
    # The marker cannot be used in this module: markers are checked when the module is
    # imported, before its own pytest_plugins are loaded. A conftest.py has no such problem.
    pytester.makeconftest('pytest_plugins = ["aidp_notebook.testing.pytest_plugin"]')
    pytester.makepyfile(
        """
        import pytest
        from aidp_notebook.testing import SEED_AI_DATA_PLATFORM_ID as P, SEED_WORKSPACE_KEY as W
        from aidp_notebook.testing import SEED_SESSION_ID as S

        def test_default(local_notebook_service):
            assert local_notebook_service.running
            assert local_notebook_service.get_session_json(P, W, S) is not None

        @pytest.mark.local_notebook_service(seed=False, activation_delay=2.5)
        def test_options(local_notebook_service):
            assert local_notebook_service.get_session_json(P, W, S) is None
            assert local_notebook_service.activation_delay == 2.5
        """
    )
    result = pytester.runpytest_inprocess("--strict-markers", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


# -- signatures ----------------------------------------------------------------------------------


def test_valid_get_and_post_are_accepted_and_recorded(svc, api):
    got = api.call("GET", session_url(svc, SEED_SESSION_ID), headers={"opc-request-id": "ABC_1-x"})
    assert got.status_code == 200
    assert got.headers["opc-request-id"] == "ABC_1-x"
    assert got.headers["content-type"] == "application/json"
    assert "date" in got.headers
    posted = api.call("POST", sessions_url(svc), {"path": "/new.ipynb"})
    assert posted.status_code == 201
    assert re.fullmatch(r"[0-9A-F]{32}", posted.headers["opc-request-id"])
    first, second = svc.requests
    assert (first.method, first.signature_valid, first.signature_problem) == ("GET", True, None)
    assert first.status == 200
    assert first.key_id == "/".join(svc.config[k] for k in ("tenancy", "user", "fingerprint"))
    assert first.signature and first.signature in first.headers["authorization"]
    assert second.body == b'{"path": "/new.ipynb"}'
    assert second.status == 201
    # repr never shows the signature or the Authorization header.
    assert first.signature not in repr(first)
    assert "authorization" not in repr(first).lower()


def test_raw_target_is_what_was_signed(svc, api):
    # A target with encoded characters and a query is verified as sent, not decoded.
    url = sessions_url(svc) + "?path=%2Fdata%2Fa%20b.ipynb&cluster_id=c%2B1"
    assert api.call("GET", url).status_code == 200
    assert svc.requests[-1].target.endswith("?path=%2Fdata%2Fa%20b.ipynb&cluster_id=c%2B1")


def test_authorization_parameters_in_any_order(svc, api):
    prepared = api.prepared("GET", session_url(svc, SEED_SESSION_ID))
    params = re.findall(r'(\w+)="([^"]*)"', prepared.headers["authorization"])
    prepared.headers["authorization"] = "Signature " + ",".join(
        f'{k}="{v}"' for k, v in reversed(params)
    )
    assert api.send(prepared).status_code == 200


def test_path_changed_after_signing(svc, api):
    prepared = api.prepared("GET", session_url(svc, SEED_SESSION_ID))
    prepared.url = session_url(svc, "8b1f0c2d-4e3a-4b5c-9d6e-7f8a9b0c1d2e")
    assert_401(api.send(prepared), "signature does not verify")


def test_query_added_after_signing(svc, api):
    prepared = api.prepared("GET", sessions_url(svc))
    prepared.url += "?path=x"
    assert_401(api.send(prepared), "signature does not verify")


def test_host_signed_for_another_server(svc, api):
    port = svc.endpoint.rsplit(":", 1)[1]
    prepared = api.prepared("GET", session_url(svc, SEED_SESSION_ID).replace("127.0.0.1", "evil"))
    assert prepared.headers["host"] == f"evil:{port}"
    prepared.url = session_url(svc, SEED_SESSION_ID)  # same path; only the host differs
    assert_401(api.send(prepared), "host")


def test_host_changed_after_signing(svc, api):
    prepared = api.prepared("GET", session_url(svc, SEED_SESSION_ID))
    prepared.headers["host"] = "localhost:" + svc.endpoint.rsplit(":", 1)[1]
    assert_401(api.send(prepared), "signature does not verify")


def test_localhost_authority_is_accepted(svc, api):
    url = session_url(svc, SEED_SESSION_ID).replace("127.0.0.1", "localhost")
    assert api.call("GET", url).status_code == 200


def test_body_changed_after_signing(svc, api):
    prepared = api.prepared("POST", sessions_url(svc), {"name": "aaaa"})
    prepared.body = json.dumps({"name": "bbbb"})  # same length
    assert_401(api.send(prepared), "x-content-sha256")
    # Recomputing the body headers does not help without the key to re-sign them.
    prepared = api.prepared("POST", sessions_url(svc), {"name": "aaaa"})
    prepared.body = json.dumps({"name": "bbbbbb"})
    prepared.headers["content-length"] = str(len(prepared.body))
    digest = base64.b64encode(hashlib.sha256(prepared.body.encode()).digest()).decode()
    prepared.headers["x-content-sha256"] = digest
    assert_401(api.send(prepared), "signature does not verify")
    assert svc.get_session_json(P, W, SEED_SESSION_ID) is not None
    assert len(api.call("GET", sessions_url(svc)).json()["items"]) == 3  # nothing created


def test_stale_date_through_clock_skew(svc, api):
    url = session_url(svc, SEED_SESSION_ID)
    svc.clock_skew = 200
    assert api.call("GET", url).status_code == 200
    svc.clock_skew = -400
    assert_401(api.call("GET", url), "5 minutes")
    svc.clock_skew = 400
    assert_401(api.call("GET", url), "5 minutes")
    svc.clock_skew = 0
    assert api.call("GET", url).status_code == 200


def test_unparsable_date(svc, api):
    prepared = api.prepared("GET", session_url(svc, SEED_SESSION_ID))
    # Re-sign over the bad date so that only the date check can fail.
    prepared.headers["date"] = "yesterday"
    del prepared.headers["authorization"]
    assert_401(api.send(api.auth(prepared)), "RFC 7231")


def test_required_header_not_signed(svc, api):
    signer = signer_for(svc)
    body_headers = ["content-length", "content-type", "x-content-sha256"]
    signer.create_signers(
        signer.api_key, signer.private_key, ["date", "(request-target)"], body_headers
    )
    assert_401(Api(svc, signer).call("GET", sessions_url(svc)), "host is not signed")
    signer.create_signers(
        signer.api_key,
        signer.private_key,
        ["date", "(request-target)", "host"],
        ["content-length", "content-type"],
    )
    response = Api(svc, signer).call("POST", sessions_url(svc), {"name": "x"})
    assert_401(response, "x-content-sha256 is not signed")


def test_listed_header_missing_from_request(svc, api):
    signer = signer_for(svc)
    generic = ["date", "(request-target)", "host", "opc-request-id"]
    signer.create_signers(signer.api_key, signer.private_key, generic, [])
    client = Api(svc, signer)
    prepared = client.prepared("GET", sessions_url(svc), headers={"opc-request-id": "r1"})
    assert client.send(prepared).status_code == 200  # extra signed headers are fine
    prepared = client.prepared("GET", sessions_url(svc), headers={"opc-request-id": "r2"})
    del prepared.headers["opc-request-id"]
    assert_401(client.send(prepared), "opc-request-id is missing")


def test_unknown_key_ids(svc, api):
    with LocalNotebookService(seed=False) as other:
        # A valid signature, but by another instance's key.
        response = Api(svc, signer_for(other)).call("GET", sessions_url(svc))
    assert_401(response, "unknown keyId")
    config = svc.config
    wrong_user = oci.signer.Signer(
        config["tenancy"],
        "ocid1.user.oc1..aaaaaaaaother",
        config["fingerprint"],
        None,
        private_key_content=svc.private_key_pem,
    )
    assert_401(Api(svc, wrong_user).call("GET", sessions_url(svc)), "unknown keyId")
    assert svc.requests[-1].key_id is not None
    assert svc.requests[-1].key_id.startswith(config["tenancy"])


def _token_key() -> tuple[rsa.RSAPrivateKey, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return key, public


def test_security_tokens_register_revoke(svc):
    key, public = _token_key()
    token = "eyJhbGciOi.token-payload.sig"
    client = Api(svc, oci.auth.signers.SecurityTokenSigner(token, key))
    url = session_url(svc, SEED_SESSION_ID)
    assert_401(client.call("GET", url), "unknown security token")
    svc.register_security_token(token, public)
    assert client.call("GET", url).status_code == 200
    assert client.call("PATCH", url, {"name": "via token"}).status_code == 200
    assert svc.requests[-1].key_id == "ST$" + token
    assert token not in repr(svc.requests[-1])
    svc.revoke_security_token(token)
    response = client.call("GET", url)
    assert_401(response, "revoked")
    assert token not in response.text
    # A token registered with another key does not verify.
    _, other_public = _token_key()
    svc.register_security_token(token, other_public.decode())
    assert_401(client.call("GET", url), "signature does not verify")
    client.close()


@pytest.mark.parametrize(
    "authorization",
    [
        "",
        "Bearer abc",
        "Signature",
        "Signature garbage",
        'Signature version="1"',
        'Signature version="1",keyId="a/b/c",algorithm="rsa-sha256",headers="date",signature="@@"',
        "Signature " + "x" * 5000,
        'Signature version="1",version="1",keyId="k",algorithm="rsa-sha256",headers="h",signature="s"',
        "Signature \udcff",  # obs-text: legal in a field value, not in a signature
    ],
)
def test_garbage_authorization_is_401(shared, shared_api, authorization):
    svc, api = shared, shared_api
    prepared = api.prepared("GET", sessions_url(svc))
    prepared.headers["authorization"] = authorization.encode("utf-8", "surrogateescape")
    response = api.send(prepared)
    assert response.status_code == 401
    assert response.json()["code"] == "NotAuthenticated"
    assert api.call("GET", sessions_url(svc)).status_code == 200  # the server lives on


def test_nul_in_a_header_is_a_malformed_request(shared, shared_api):
    # RFC 9110 5.5: a recipient of NUL in a field value must reject the message (or replace
    # the NUL); the service rejects it before any signature check, and lives on.
    svc, api = shared, shared_api
    prepared = api.prepared("GET", sessions_url(svc))
    prepared.headers["authorization"] = b"Signature \xff\x00"
    response = api.send(prepared)
    assert response.status_code == 400
    assert response.json()["code"] == "InvalidParameter"
    assert response.headers["connection"] == "close"
    assert api.call("GET", sessions_url(svc)).status_code == 200


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda a: a.replace('version="1"', 'version="2"'), "version"),
        (lambda a: a.replace('algorithm="rsa-sha256"', 'algorithm="hmac-sha256"'), "algorithm"),
        (lambda a: a + ',keyId="x"', "duplicate keyId"),
        (lambda a: a + ',extra="x"', "unknown parameter"),
        (lambda a: re.sub(r',?version="1"', "", a), "lacks version"),
        (lambda a: re.sub(r'signature="[^"]*"', 'signature="AAAA"', a), "does not verify"),
    ],
)
def test_tampered_authorization_parameters(shared, shared_api, edit, reason):
    svc, api = shared, shared_api
    prepared = api.prepared("GET", sessions_url(svc))
    original = prepared.headers["authorization"]
    prepared.headers["authorization"] = edit(original).replace("Signature ,", "Signature ")
    response = api.send(prepared)
    assert_401(response, reason)
    signature = re.search(r'signature="([^"]+)"', original).group(1)
    assert signature not in response.text
    assert svc.requests[-1].signature_problem is not None
    assert signature not in svc.requests[-1].signature_problem


# -- routes --------------------------------------------------------------------------------------


def test_seed_covers_every_field_state_and_type(svc, api):
    items = api.call("GET", sessions_url(svc)).json()["items"]
    assert {item["lifecycleState"] for item in items} == {"ACTIVE", "CREATING", "FAILED"}
    assert {item["type"] for item in items} == {"notebook", "file", "agentflow"}
    seed = svc.get_session_json(P, W, SEED_SESSION_ID)
    assert set(seed) == {
        "agentFlowKey",
        "cluster_id",
        "id",
        "kernel",
        "lifecycleState",
        "name",
        "path",
        "type",
    }
    assert set(seed["kernel"]) == {"connections", "execution_state", "id", "last_activity", "name"}
    assert seed["kernel"]["last_activity"].endswith("Z")


def test_list_filters_combine_with_and(svc, api):
    def ids(query: str) -> set[str]:
        response = api.call("GET", sessions_url(svc) + query)
        assert response.status_code == 200
        assert response.headers["etag"]
        return {item["id"] for item in response.json()["items"]}

    everything = ids("")
    assert len(everything) == 3
    analytics = ids("?cluster_id=cluster-analytics")
    assert len(analytics) == 2
    assert ids("?cluster_id=cluster-analytics&agentFlowKey=sales-agent-flow") == {SEED_SESSION_ID}
    assert ids("?path=%2FWorkspace%2FShared%2Fsales-analysis.ipynb") == {SEED_SESSION_ID}
    assert ids("?cluster_id=cluster-etl&agentFlowKey=sales-agent-flow") == set()
    assert ids("?zzUnknownFilter=1") == everything  # unknown parameters are ignored
    assert api.call("GET", sessions_url(svc) + "?path=a&path=b").status_code == 400


def test_unknown_platform_workspace_session_route(svc, api):
    for url in (
        sessions_url(svc, platform="ocid1.other"),
        sessions_url(svc, workspace="other"),
        session_url(svc, "no-such-session"),
        svc.endpoint + "/20260430/aiDataPlatforms",
        svc.endpoint + "/",
    ):
        response = api.call("GET", url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "NotAuthorizedOrNotFound"
        assert response.headers["opc-request-id"]


def test_method_not_allowed(svc, api):
    response = api.call("PUT", session_url(svc, SEED_SESSION_ID), {"name": "x"})
    assert response.status_code == 405
    assert response.json()["code"] == "MethodNotAllowed"
    assert "PATCH" in response.headers["allow"]
    assert api.call("DELETE", sessions_url(svc)).status_code == 405


def test_create_get_or_create_by_path(svc, api):
    body = {"path": "/data/test.ipynb", "cluster_id": "c1", "kernel": {"name": "python3"}}
    first = api.call("POST", sessions_url(svc), body)
    second = api.call("POST", sessions_url(svc), {"path": "/data/test.ipynb", "name": "other"})
    assert first.status_code == second.status_code == 201
    created = first.json()
    assert second.json()["id"] == created["id"]
    assert created["name"] == "test.ipynb"  # derived from the path
    assert created["type"] == "notebook"
    assert created["cluster_id"] == "c1"
    assert first.headers["location"] == session_url(svc, created["id"])
    assert first.headers["etag"]
    assert first.headers["opc-work-request-id"]
    assert len(api.call("GET", sessions_url(svc)).json()["items"]) == 4
    untitled = api.call("POST", sessions_url(svc), {}).json()
    assert untitled["name"] == "Untitled"
    # The location header leads to the session.
    assert api.call("GET", first.headers["location"]).json()["id"] == created["id"]


def test_create_rejects_bad_bodies(svc, api):
    for body in (
        "not json",
        "[1]",
        '{"name": 5}',
        '{"kernel": "k"}',
        '{"kernel": {"connections": true}}',
    ):
        response = api.call("POST", sessions_url(svc), body)
        assert response.status_code == 400, body
        assert response.json()["code"] == "InvalidParameter"
    taken = api.call("POST", sessions_url(svc), {"id": SEED_SESSION_ID})
    assert taken.status_code == 409
    assert taken.json()["code"] == "Conflict"


def test_retry_token_replays_first_response(svc, api):
    headers = {"opc-retry-token": "token-1"}
    first = api.call("POST", sessions_url(svc), {"name": "once"}, headers=headers)
    again = api.call("POST", sessions_url(svc), {"name": "once"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["etag"] == first.headers["etag"]
    names = [item["name"] for item in api.call("GET", sessions_url(svc)).json()["items"]]
    assert names.count("once") == 1
    other = api.call("POST", sessions_url(svc), {"name": "different"}, headers=headers)
    assert other.status_code == 409
    without = api.call("POST", sessions_url(svc), {"name": "once"})
    assert without.json()["id"] != first.json()["id"]


def test_patch_changes_etag_and_enforces_if_match(svc, api):
    url = session_url(svc, SEED_SESSION_ID)
    etag = api.call("GET", url).headers["etag"]
    patched = api.call("PATCH", url, {"name": "renamed"}, headers={"if-match": etag})
    assert patched.status_code == 200
    assert patched.json()["name"] == "renamed"
    new_etag = patched.headers["etag"]
    assert new_etag != etag
    # Same values again: still a new etag.
    again = api.call("PATCH", url, {"name": "renamed"})
    assert again.headers["etag"] not in (etag, new_etag)
    stale = api.call("PATCH", url, {"name": "lost"}, headers={"if-match": etag})
    assert stale.status_code == 412
    assert stale.json()["code"] == "NoEtagMatch"
    assert api.call("GET", url).json()["name"] == "renamed"
    assert api.call("GET", url).headers["etag"] == again.headers["etag"]  # stable between changes
    full = {
        "cluster_id": "c9",
        "type": "file",
        "path": "/moved.py",
        "kernel": {"execution_state": "busy", "connections": 3},
        "must_refresh_context": True,
    }
    session = api.call("PATCH", url, full).json()
    assert (session["cluster_id"], session["type"], session["path"]) == ("c9", "file", "/moved.py")
    assert session["kernel"]["execution_state"] == "busy"
    assert session["kernel"]["connections"] == 3
    assert session["kernel"]["id"] == "0a7e4c1d-3b2f-4e5a-8c9d-1f2e3a4b5c6d"
    assert session["kernel"]["last_activity"] != "2026-04-30T09:15:27.123456Z"
    bad = api.call("PATCH", url, {"must_refresh_context": "yes"})
    assert bad.status_code == 400
    clash = api.call("PATCH", url, {"path": "/Workspace/Shared/nightly-etl.py"})
    assert clash.status_code == 409


def test_delete_then_404(svc, api):
    url = session_url(svc, SEED_SESSION_ID)
    etag = api.call("GET", url).headers["etag"]
    assert api.call("DELETE", url, headers={"if-match": "wrong"}).status_code == 412
    deleted = api.call("DELETE", url, headers={"if-match": etag})
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert deleted.headers["opc-request-id"]
    assert api.call("GET", url).status_code == 404
    assert api.call("DELETE", url).status_code == 404
    assert svc.get_session_json(P, W, SEED_SESSION_ID) is None
    # The keep-alive connection is still usable after a 204.
    assert api.call("GET", sessions_url(svc)).status_code == 200


def test_creating_becomes_active_after_activation_delay():
    with LocalNotebookService(activation_delay=0.3) as svc:
        api = Api(svc)
        created = api.call("POST", sessions_url(svc), {"path": "/slow.ipynb"}).json()
        assert created["lifecycleState"] == "CREATING"
        assert created["kernel"]["execution_state"] == "starting"
        url = session_url(svc, created["id"])
        assert api.call("GET", url).json()["lifecycleState"] == "CREATING"
        time.sleep(0.35)
        now = api.call("GET", url).json()
        assert now["lifecycleState"] == "ACTIVE"
        assert now["kernel"]["execution_state"] == "idle"
        listed = api.call("GET", sessions_url(svc) + "?path=%2Fslow.ipynb").json()["items"]
        assert listed[0]["lifecycleState"] == "ACTIVE"
        api.close()


def test_zero_activation_delay_is_active_at_once(svc, api):
    created = api.call("POST", sessions_url(svc), {"name": "quick"}).json()
    assert created["lifecycleState"] == "ACTIVE"
    assert created["kernel"]["execution_state"] == "idle"


def test_set_session_state(svc, api):
    svc.set_session_state(
        P, W, SEED_SESSION_ID, lifecycle_state="HIBERNATING", execution_state="busy"
    )
    session = api.call("GET", session_url(svc, SEED_SESSION_ID)).json()
    assert session["lifecycleState"] == "HIBERNATING"
    assert session["kernel"]["execution_state"] == "busy"
    with pytest.raises(KeyError):
        svc.set_session_state(P, W, "missing", lifecycle_state="FAILED")


AWKWARD = ["a b/c", "100%", "what?#frag", "ünï-cödé", "..", "a+b&c=d"]


@pytest.mark.parametrize("awkward", AWKWARD)
def test_awkward_ids_round_trip(svc, api, awkward):
    stored = svc.add_session(awkward + "-p", awkward + "-w", {"id": awkward, "name": awkward})
    assert stored["id"] == awkward
    ids = {"platform": awkward + "-p", "workspace": awkward + "-w"}
    url = session_url(svc, awkward, **ids)
    got = api.call("GET", url)
    assert got.status_code == 200, got.text
    assert got.json()["id"] == awkward
    assert api.call("PATCH", url, {"name": "n"}).json()["name"] == "n"
    listed = api.call("GET", sessions_url(svc, **ids)).json()["items"]
    assert [item["id"] for item in listed] == [awkward]
    assert api.call("DELETE", url).status_code == 204
    assert svc.get_session_json(awkward + "-p", awkward + "-w", awkward) is None


def test_add_session_fills_id_and_stores_raw_json(svc):
    stored = svc.add_session(P, W, {"name": "raw", "lifecycleState": "NEW_STATE", "extra": [1]})
    assert re.fullmatch(r"[0-9a-f-]{36}", stored["id"])
    assert svc.get_session_json(P, W, stored["id"]) == stored
    stored["name"] = "changed"  # the caller's copy is not the store's
    assert svc.get_session_json(P, W, stored["id"])["name"] == "raw"


# -- faults --------------------------------------------------------------------------------------


def test_fault_status_and_fifo_order(svc, api):
    svc.inject(Fault.status_only(503, headers={"Retry-After": "2"}), count=2)
    svc.inject(Fault(status=429, body={"code": "Custom", "message": "m"}))
    svc.inject(Fault(status=502, body="<html>bad gateway</html>"))
    url = session_url(svc, SEED_SESSION_ID)
    responses = [api.call("GET", url) for _ in range(5)]
    assert [r.status_code for r in responses] == [503, 503, 429, 502, 200]
    assert responses[0].json() == {
        "code": "ServiceUnavailable",
        "message": responses[0].json()["message"],
    }
    assert responses[0].headers["retry-after"] == "2"
    assert responses[2].json() == {"code": "Custom", "message": "m"}
    assert responses[3].text == "<html>bad gateway</html>"
    assert [r.status for r in svc.requests] == [503, 503, 429, 502, 200]
    assert all(r.signature_valid for r in svc.requests)


def test_fault_replaces_handling_and_clear(svc, api):
    svc.inject(Fault.status_only(500))
    response = api.call("DELETE", session_url(svc, SEED_SESSION_ID))
    assert response.status_code == 500
    assert svc.get_session_json(P, W, SEED_SESSION_ID) is not None  # not deleted
    svc.inject(Fault.status_only(500), count=3)
    svc.clear_faults()
    assert api.call("GET", sessions_url(svc)).status_code == 200


def test_fault_recorded_with_signature_verdict(svc, api):
    svc.inject(Fault.status_only(503))
    prepared = api.prepared("GET", sessions_url(svc))
    prepared.headers["authorization"] = "garbage"
    assert api.send(prepared).status_code == 503
    record = svc.requests[-1]
    assert isinstance(record, RecordedRequest)
    assert not record.signature_valid
    assert record.signature_problem
    assert record.status == 503


def test_delay_fault_triggers_client_timeout(svc, api):
    svc.inject(Fault(delay=0.5))
    with pytest.raises(requests.exceptions.ReadTimeout):
        api.call("GET", session_url(svc, SEED_SESSION_ID), timeout=0.1)
    assert svc.requests[-1].status == 200  # handled normally, the answer just came late
    started = time.monotonic()
    svc.inject(Fault(delay=0.2))
    assert api.call("GET", session_url(svc, SEED_SESSION_ID)).status_code == 200
    assert time.monotonic() - started >= 0.2


def test_drop_fault_resets_connection(svc, api):
    svc.inject(Fault.drop())
    with pytest.raises(requests.exceptions.ConnectionError):
        api.call("POST", sessions_url(svc), {"name": "dropped"})
    assert svc.requests[-1].status == 0
    assert svc.requests[-1].body == b'{"name": "dropped"}'
    names = [item["name"] for item in api.call("GET", sessions_url(svc)).json()["items"]]
    assert "dropped" not in names  # the request never reached the store


def test_truncate_fault_cuts_the_body(svc, api):
    svc.inject(Fault(action="truncate"))
    with pytest.raises(
        (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError)
    ):
        api.call("GET", session_url(svc, SEED_SESSION_ID))
    assert svc.requests[-1].status == 200
    svc.inject(Fault(status=500, action="truncate"))
    with pytest.raises(
        (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError)
    ):
        api.call("GET", session_url(svc, SEED_SESSION_ID))
    assert api.call("GET", session_url(svc, SEED_SESSION_ID)).status_code == 200


def test_fault_validation():
    with pytest.raises(ValueError, match="action"):
        Fault(action="explode")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="delay"):
        Fault(delay=-1)
    with pytest.raises(ValueError, match="status"):
        Fault(status=99)
    with pytest.raises(ValueError, match="count"):
        LocalNotebookService(seed=False).inject(Fault(), count=0)


# -- faults aimed at one kind of call --------------------------------------------------------------


def test_fault_aimed_at_an_operation_spares_every_other_call(svc, api):
    svc.inject(
        Fault.status_only(503, headers={"Retry-After": "1"}), operation="CreateSession", count=2
    )
    assert svc.pending_faults == 2
    url = session_url(svc, SEED_SESSION_ID)
    statuses = [
        api.call("GET", url).status_code,
        api.call("GET", sessions_url(svc)).status_code,
        api.call("POST", sessions_url(svc), {"name": "first"}).status_code,
        api.call("PATCH", url, {"name": "renamed"}).status_code,
        api.call("POST", sessions_url(svc), {"name": "second"}).status_code,
        api.call("POST", sessions_url(svc), {"name": "third"}).status_code,
    ]
    assert statuses == [200, 200, 503, 200, 503, 201]
    assert svc.pending_faults == 0
    names = {item["name"] for item in api.call("GET", sessions_url(svc)).json()["items"]}
    assert "third" in names
    assert not names & {"first", "second"}  # the failed creates never reached the store


def test_fault_aimed_at_a_method(svc, api):
    svc.inject(Fault.status_only(500), method="delete")
    url = session_url(svc, SEED_SESSION_ID)
    assert api.call("GET", url).status_code == 200
    assert api.call("DELETE", url).status_code == 500
    assert svc.get_session_json(P, W, SEED_SESSION_ID) is not None
    assert api.call("DELETE", url).status_code == 204


def test_fault_aimed_at_a_path_pattern_sees_the_path_as_sent_without_prefix():
    awkward = "a b/c%"
    with LocalNotebookService(path_prefix="/api") as svc:
        svc.add_session(P, W, {"id": awkward, "name": "awkward"})
        api = Api(svc)
        encoded = urllib.parse.quote(awkward, safe="")
        svc.inject(Fault.status_only(502), path=f"/20260430/*/sessions/{encoded}")
        svc.inject(Fault.status_only(504), path="*/sessions")
        assert api.call("GET", session_url(svc, SEED_SESSION_ID)).status_code == 200
        assert api.call("GET", sessions_url(svc)).status_code == 504
        assert api.call("GET", session_url(svc, awkward)).status_code == 502
        assert api.call("GET", session_url(svc, awkward)).status_code == 200
        api.close()


def test_filters_combine_and_untargeted_faults_do_not_wait_for_targeted_ones(svc, api):
    url = session_url(svc, SEED_SESSION_ID)
    svc.inject(Fault.status_only(409), operation="PatchSession", path="*/no-such-session")
    svc.inject(Fault.status_only(429))  # any request: the next one takes it
    assert api.call("PATCH", url, {"name": "x"}).status_code == 429
    assert api.call("PATCH", url, {"name": "y"}).status_code == 200  # operation, not path
    assert svc.pending_faults == 1
    assert api.call("PATCH", session_url(svc, "no-such-session"), {"name": "z"}).status_code == 409
    assert svc.pending_faults == 0


def test_aimed_fault_hits_the_sdk_call_and_its_retry_succeeds(svc):
    svc.inject(Fault.status_only(503, headers={"Retry-After": "0"}), operation="GetSession")
    with svc.client() as client:
        listed = client.list_sessions(P, W)
        session = client.get_session(P, W, SEED_SESSION_ID)
    assert len(listed) == 3
    assert session.id == SEED_SESSION_ID
    assert [r.status for r in svc.requests] == [200, 503, 200]


@pytest.mark.parametrize(
    ("aim", "error", "message"),
    [
        ({"operation": "CreateSesion"}, ValueError, "CreateSession"),
        ({"operation": 5}, TypeError, "operation must be a string"),
        ({"method": "PO ST"}, ValueError, "HTTP method"),
        ({"path": "sessions"}, ValueError, "pattern for a path"),
    ],
)
def test_aim_is_checked_when_injected(aim, error, message):
    service = LocalNotebookService(seed=False)
    with pytest.raises(error, match=message):
        service.inject(Fault.status_only(500), **aim)
    assert service.pending_faults == 0


def test_shared_fixture_is_one_service_for_the_session(pytester):
    pytester.makeconftest(
        """
        import pytest
        pytest_plugins = ["aidp_notebook.testing.pytest_plugin"]

        @pytest.fixture(scope="session")
        def shared_local_notebook_service_options():
            return {"seed": False, "path_prefix": "/shared"}
        """
    )
    pytester.makepyfile(
        test_one="""
        def test_first(shared_local_notebook_service):
            shared_local_notebook_service.add_session("p", "w", {"name": "from-first"})
            assert shared_local_notebook_service.endpoint.endswith("/shared")
        """,
        test_two="""
        def test_second(shared_local_notebook_service, local_notebook_service):
            assert shared_local_notebook_service.running
            assert shared_local_notebook_service is not local_notebook_service
            # Left by the other module's test: the same service, still running.
            with shared_local_notebook_service.client() as client:
                names = [session.name for session in client.list_sessions("p", "w")]
            assert names == ["from-first"]
        """,
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


# -- robustness ------------------------------------------------------------------------------------


def _raw(svc: LocalNotebookService, data: bytes, *, read: bool = True) -> bytes:
    host, port = svc.endpoint.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall(data)
        if not read:
            return b""
        conn.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


def test_survives_clients_that_disconnect_or_misbehave(svc, api):
    _raw(svc, b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n0123456789", read=False)
    _raw(svc, b"GET /x HTTP/1.1\r\nHost: a", read=False)
    malformed = _raw(svc, b"NONSENSE\r\n\r\n")
    assert malformed.startswith(b"HTTP/1.1 400")
    assert b'"code": "InvalidParameter"' in malformed
    bad_length = _raw(svc, b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n")
    assert bad_length.startswith(b"HTTP/1.1 400")
    unsigned = _raw(svc, b"GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
    assert unsigned.startswith(b"HTTP/1.1 401")
    assert b"opc-request-id" in unsigned
    assert api.call("GET", sessions_url(svc)).status_code == 200


def test_chunked_request_body_is_read(svc, api):
    prepared = api.prepared("POST", sessions_url(svc), {"name": "chunked"})
    lines = [f"POST {prepared.path_url} HTTP/1.1"]
    lines += [f"{k}: {v}" for k, v in prepared.headers.items() if k.lower() != "content-length"]
    lines += ["Transfer-Encoding: chunked", "Connection: close"]
    body = prepared.body.encode()
    raw = (
        "\r\n".join(lines).encode() + b"\r\n\r\n" + b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"
    )
    answer = _raw(svc, raw)
    # Content-length was signed but not sent: the body is read, the signature still fails.
    assert answer.startswith(b"HTTP/1.1 401")
    assert svc.requests[-1].body == body


def test_oversized_requests_are_refused_and_the_server_lives_on(svc, api, monkeypatch):
    from aidp_notebook.testing import _server

    huge = _raw(svc, b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 17000000\r\n\r\n")
    assert huge.startswith(b"HTTP/1.1 413 ")  # refused on the header, before any body
    assert b'"code": "RequestEntityTooLarge"' in huge
    long_line = _raw(svc, b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\nHost: a\r\n\r\n")
    assert long_line.startswith(b"HTTP/1.1 431 ")
    monkeypatch.setattr(_server, "MAX_BODY", 1000)
    chunk = b"x" * 600
    chunked = _raw(
        svc,
        b"POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        + (b"258\r\n" + chunk + b"\r\n") * 2
        + b"0\r\n\r\n",
    )
    assert chunked.startswith(b"HTTP/1.1 413 ")  # no length up front: counted as it came
    assert api.call("GET", sessions_url(svc)).status_code == 200


def test_expect_100_continue_gets_an_interim_answer_before_the_body(svc, api):
    prepared = api.prepared("POST", sessions_url(svc), {"name": "expected"})
    lines = [f"POST {prepared.path_url} HTTP/1.1"]
    lines += [f"{k}: {v}" for k, v in prepared.headers.items()]
    lines += ["Expect: 100-continue", "Connection: close"]
    host, port = svc.endpoint.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall("\r\n".join(lines).encode() + b"\r\n\r\n")
        assert conn.recv(65536) == b"HTTP/1.1 100 Continue\r\n\r\n"  # body not sent yet
        conn.sendall(prepared.body.encode())
        answer = b"".join(iter(lambda: conn.recv(65536), b""))
    assert answer.startswith(b"HTTP/1.1 201 ")
    assert svc.requests[-1].signature_valid
    refused = _raw(svc, b"GET /x HTTP/1.1\r\nHost: a\r\nExpect: something-else\r\n\r\n")
    assert refused.startswith(b"HTTP/1.1 417 ")


@pytest.mark.parametrize(
    "target",
    [
        b"//a/%2f/./../%7E%zz/?q=%20&x=/..",  # empty, dot and odd percent-encoded segments
        b"/a#frag",
        b"/%e2%82%ac/%E2%82%AC?%2f=%2F",  # the same text, in both cases of hex digits
        b"http://127.0.0.1/absolute-form?y",
    ],
)
def test_raw_targets_are_recorded_byte_for_byte(shared, target):
    shared.clear_requests()
    _raw(shared, b"GET " + target + b" HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
    assert shared.requests[-1].target.encode("latin-1") == target


def test_signature_over_an_unnormalised_target_verifies(svc, api):
    # Lower-case hex and an encoded unreserved character, signed and checked exactly as
    # sent; a server that normalised the target first would find the signature wrong.
    url = sessions_url(svc).replace("local-workspace", "local%2dworkspace") + "?path=%2fx"
    prepared = requests.Request("GET", sessions_url(svc)).prepare()
    prepared.url = url  # after prepare(), which would have normalised it
    signed = api.auth(prepared)
    assert "local%2dworkspace" in signed.path_url
    lines = [f"GET {signed.path_url} HTTP/1.1", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in signed.headers.items()]
    answer = _raw(svc, "\r\n".join(lines).encode() + b"\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert svc.requests[-1].signature_valid, svc.requests[-1].signature_problem
    assert svc.requests[-1].target == signed.path_url


def test_concurrent_requests(svc):
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        client = Api(svc)
        try:
            for i in range(5):
                response = client.call("POST", sessions_url(svc), {"path": f"/t{n}-{i}.ipynb"})
                assert response.status_code == 201
        except BaseException as exc:
            errors.append(exc)
        finally:
            client.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == []
    assert len(svc.requests) == 40
    assert all(r.signature_valid for r in svc.requests)


def test_no_secrets_in_logs(svc, api, caplog):
    with caplog.at_level("DEBUG", logger="aidp_notebook.testing"):
        good = api.prepared("GET", session_url(svc, SEED_SESSION_ID))
        assert api.send(good).status_code == 200
        bad = api.prepared("GET", session_url(svc, SEED_SESSION_ID))
        bad.headers["date"] = "Mon, 01 Jan 2001 00:00:00 GMT"
        assert api.send(bad).status_code == 401
    assert caplog.records  # the service does log requests at DEBUG
    signatures = [r.signature for r in svc.requests]
    assert all(signatures)
    for secret in [*signatures, svc.private_key_pem.splitlines()[1]]:
        assert secret not in caplog.text


def test_internal_errors_end_in_500_or_401_not_a_dead_thread(svc, api, monkeypatch):
    from aidp_notebook.testing import _routes, _signature

    def explode(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(_routes.Router, "handle", explode)
    response = api.call("GET", sessions_url(svc))
    assert response.status_code == 500
    assert response.json()["code"] == "InternalServerError"
    monkeypatch.setattr(_signature, "parse_authorization", explode)
    assert_401(api.call("GET", sessions_url(svc)), "malformed")
    monkeypatch.undo()
    assert api.call("GET", sessions_url(svc)).status_code == 200


def test_a_fault_can_be_aimed_at_a_contents_operation(svc):
    svc.inject(Fault.status_only(503), operation="UpdateContent")
    with svc.client(retry=None) as client:
        ids = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY)
        body = {"type": "file", "format": "text", "content": "hello"}
        # Reading and exporting are spared; the one save gets the fault, the next does not.
        assert client.get_content(*ids, SEED_NOTEBOOK_PATH).type_ == "notebook"
        with pytest.raises(ServiceError) as caught:
            client.update_content(*ids, "aimed.txt", body)
        assert caught.value.status == 503
        assert client.update_content(*ids, "aimed.txt", body).path.endswith("aimed.txt")
    assert svc.pending_faults == 0
