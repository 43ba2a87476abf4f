"""The signing glue of _signing.py, rule by rule (issue 25).

What a signer is shown (method, path, body only for body methods, headers by any case),
and how what it set or removed lands on the request. The signers here are plain
functions that a signer wrapper could be; the oci SDK's own signer is covered over
loopback in test_signing.py.
"""

from __future__ import annotations

import httpx
import oci
import pytest
from aidp_notebook import OCIAuth, SigningError
from aidp_notebook._signing import (
    _Headers,
    _PlainView,
    _SignableRequest,
    is_oci_signer,
    sign_request,
    signed_headers,
)
from aidp_notebook.testing import LocalNotebookService

URL = "http://127.0.0.1:9/20260430/x%2Fy?a=1"


def test_headers_are_found_by_any_case_and_keep_their_first_spelling() -> None:
    headers = _Headers([("Date", "d"), ("X-Content-SHA256", "h")])
    assert headers["date"] == "d"
    assert headers["DATE"] == "d"
    assert "date" in headers
    assert "X-CONTENT-sha256" in headers
    assert "authorization" not in headers
    assert 5 not in headers
    assert list(headers) == ["Date", "X-Content-SHA256"]
    assert len(headers) == 2
    del headers["DATE"]
    assert len(headers) == 1


@pytest.mark.parametrize("view", [_SignableRequest, _PlainView])
@pytest.mark.parametrize(("method", "has_body"), [("POST", True), ("PUT", True), ("PATCH", True),
                                                  ("GET", False), ("DELETE", False)])  # fmt: skip
def test_the_body_is_shown_only_for_body_methods(view: type, method: str, has_body: bool) -> None:
    request = httpx.Request(method, URL, content=b"{}")
    shown = view(request)
    assert shown.body == (b"{}" if has_body else None)
    assert shown.method == method
    assert shown.path_url == "/20260430/x%2Fy?a=1"


def test_only_the_oci_packages_signers_count_as_oci_signers(
    module_service: LocalNotebookService,
) -> None:
    config = module_service.config
    signer = oci.signer.Signer(
        config["tenancy"],
        config["user"],
        config["fingerprint"],
        None,
        private_key_content=config["key_content"],
    )
    assert is_oci_signer(signer) is True
    assert is_oci_signer(lambda request: None) is False


def _setting_signer(request: object) -> None:
    headers = request.headers  # type: ignore[attr-defined]
    headers["authorization"] = "Signature x"
    headers["Date"] = "Thu, 30 Apr 2026 12:00:00 GMT"
    del headers["x-drop"]


def _failing_signer(request: object) -> None:
    raise RuntimeError("no key")


@pytest.mark.parametrize("oci_signer", [False, True])
def test_signed_headers_are_what_the_signer_left(oci_signer: bool) -> None:
    request = httpx.Request("GET", URL, headers={"x-drop": "1", "x-keep": "2"})
    headers = {
        k.lower(): v
        for k, v in signed_headers(_setting_signer, request, oci_signer=oci_signer).items()
    }
    assert headers["authorization"] == "Signature x"
    assert headers["date"] == "Thu, 30 Apr 2026 12:00:00 GMT"
    assert headers["x-keep"] == "2"
    assert "x-drop" not in headers


@pytest.mark.parametrize("oci_signer", [False, True])
def test_a_failing_signer_is_a_signing_error(oci_signer: bool) -> None:
    request = httpx.Request("GET", URL)
    with pytest.raises(SigningError, match="signing the request failed") as caught:
        signed_headers(_failing_signer, request, oci_signer=oci_signer)
    assert isinstance(caught.value.__cause__, RuntimeError)


def test_sign_request_applies_what_the_signer_set_and_removed() -> None:
    request = httpx.Request("GET", URL, headers={"x-drop": "1", "x-keep": "2"})
    sign_request(_setting_signer, request)
    assert request.headers["authorization"] == "Signature x"
    assert request.headers["date"] == "Thu, 30 Apr 2026 12:00:00 GMT"
    assert request.headers["x-keep"] == "2"
    assert "x-drop" not in request.headers


def test_ociauth_needs_a_callable_and_never_shows_it() -> None:
    with pytest.raises(TypeError, match="OCIAuth needs an oci signer"):
        OCIAuth("key")
    assert repr(OCIAuth(_setting_signer)) == "OCIAuth(signer=function)"


def test_ociauth_signs_a_streamed_body_read_in_full() -> None:
    seen: list[bytes | None] = []

    def signer(request: object) -> None:
        seen.append(request.body)  # type: ignore[attr-defined]
        request.headers["authorization"] = "Signature x"  # type: ignore[attr-defined]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"authorization": request.headers.get("authorization")})

    transport = httpx.MockTransport(handler)
    with httpx.Client(transport=transport, auth=OCIAuth(signer)) as client:
        response = client.post("http://x.test/a", content=iter([b"ab", b"c"]))
    assert seen == [b"abc"]
    assert response.json() == {"authorization": "Signature x"}


def test_ociauth_turns_a_failing_signer_into_a_signing_error() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200))
    with httpx.Client(transport=transport, auth=OCIAuth(_failing_signer)) as client:
        with pytest.raises(SigningError, match="no key") as caught:
            client.get("http://x.test/a")
    assert isinstance(caught.value.__cause__, RuntimeError)
