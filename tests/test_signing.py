"""OCIAuth signs exactly as the oci SDK does, and never shows a secret."""

from __future__ import annotations

import asyncio
import base64
import hashlib

import httpx
import oci
import pytest
from aidp_notebook import OCIAuth
from aidp_notebook.testing import SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, LocalNotebookService
from oci._vendor import requests as oci_requests

FIXED_DATE = "Thu, 30 Apr 2026 12:00:00 GMT"


@pytest.fixture(scope="module")
def signer(module_service: LocalNotebookService) -> oci.signer.Signer:
    config = module_service.config
    return oci.signer.Signer(
        config["tenancy"],
        config["user"],
        config["fingerprint"],
        None,
        private_key_content=config["key_content"],
    )


def _oci_reference(signer: oci.signer.Signer, method: str, url: str, body: bytes | None) -> dict:
    """What the oci SDK's own signer puts on the same request."""
    prepared = oci_requests.Request(
        method, url, headers={"date": FIXED_DATE, "content-type": "application/json"}, data=body
    ).prepare()
    signer(prepared)
    return {k.lower(): v for k, v in prepared.headers.items()}


def _ours(signer: oci.signer.Signer, method: str, url: str, body: bytes | None) -> httpx.Request:
    request = httpx.Request(
        method, url, headers={"date": FIXED_DATE, "content-type": "application/json"}, content=body
    )
    flow = OCIAuth(signer).auth_flow(request)
    return next(flow)


URL = "https://aidp.us-ashburn-1.oci.oraclecloud.com/20260430/aiDataPlatforms/ocid1.x/workspaces/w%20k/notebook/api/sessions?path=%2Fdata%2Fa.ipynb"


@pytest.mark.parametrize(
    ("method", "body"),
    [("GET", None), ("DELETE", None), ("POST", b'{"name":"n\xc3\xa9"}'), ("PATCH", b"{}")],
)
def test_signature_equals_the_oci_signer(
    signer: oci.signer.Signer, method: str, body: bytes | None
) -> None:
    expected = _oci_reference(signer, method, URL, body)
    ours = _ours(signer, method, URL, body)
    assert ours.headers["date"] == FIXED_DATE
    assert ours.headers["authorization"] == expected["authorization"]
    signed = ours.headers["authorization"].split('headers="')[1].split('"')[0].split()
    if method in ("POST", "PATCH"):
        assert signed == [
            "date", "(request-target)", "host", "content-length", "content-type", "x-content-sha256",
        ]  # fmt: skip
        digest = base64.b64encode(hashlib.sha256(body or b"").digest()).decode()
        assert ours.headers["x-content-sha256"] == digest == expected["x-content-sha256"]
        assert ours.headers["content-length"] == str(len(body or b""))
    else:
        assert signed == ["date", "(request-target)", "host"]


def test_request_target_is_the_raw_encoded_path(signer: oci.signer.Signer) -> None:
    url = URL.split("?", maxsplit=1)[0] + "/a%2Fb%3Fc"
    ours = _ours(signer, "GET", url, None)
    assert ours.url.raw_path.endswith(b"/sessions/a%2Fb%3Fc")
    assert (
        ours.headers["authorization"] == _oci_reference(signer, "GET", url, None)["authorization"]
    )
    # The same request with the slash decoded signs differently: the target is not normalised.
    decoded = _ours(signer, "GET", url.replace("%2F", "/"), None)
    assert decoded.headers["authorization"] != ours.headers["authorization"]


def test_signature_over_loopback_matches_oci_for_the_recorded_request(
    service: LocalNotebookService, signer: oci.signer.Signer
) -> None:
    client = httpx.Client(auth=OCIAuth(signer))
    url = (
        f"{service.endpoint}/20260430/aiDataPlatforms/{SEED_AI_DATA_PLATFORM_ID}"
        f"/workspaces/{SEED_WORKSPACE_KEY}/notebook/api/sessions"
    )
    response = client.post(
        url, content=b'{"name":"x"}', headers={"content-type": "application/json"}
    )
    client.close()
    assert response.status_code == 201
    recorded = service.requests[-1]
    assert recorded.signature_valid, recorded.signature_problem
    # Re-sign what the server saw with the oci SDK: the same date gives the same signature.
    prepared = oci_requests.Request(
        "POST",
        service.endpoint.split("/20260430")[0] + recorded.target,
        headers={"date": recorded.headers["date"], "content-type": "application/json"},
        data=recorded.body,
    ).prepare()
    signer(prepared)
    assert prepared.headers["authorization"] == recorded.headers["authorization"]


def test_async_flow_signs_too(service: LocalNotebookService, signer: oci.signer.Signer) -> None:
    async def main() -> int:
        async with httpx.AsyncClient(auth=OCIAuth(signer)) as client:
            url = (
                f"{service.endpoint}/20260430/aiDataPlatforms/p/workspaces/w"
                "/notebook/api/sessions/none"
            )
            return (await client.get(url)).status_code

    assert asyncio.run(main()) == 404  # authenticated, then not found
    assert service.requests[-1].signature_valid


def test_existing_date_is_kept_and_missing_date_is_added(signer: oci.signer.Signer) -> None:
    assert _ours(signer, "GET", URL, None).headers["date"] == FIXED_DATE
    fresh = next(OCIAuth(signer).auth_flow(httpx.Request("GET", URL)))
    assert fresh.headers["date"].endswith(" GMT")


def test_repr_hides_the_signer(signer: oci.signer.Signer) -> None:
    auth = OCIAuth(signer)
    assert repr(auth) == "OCIAuth(signer=Signer)"
    assert "PRIVATE" not in repr(auth)


def test_non_signer_is_refused() -> None:
    with pytest.raises(TypeError, match="oci signer"):
        OCIAuth("not a signer")
