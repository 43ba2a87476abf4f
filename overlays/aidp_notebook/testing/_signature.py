"""Server-side check of OCI request signatures (version 1, draft-cavage-http-signatures-08).

Every failure raises SignatureError with a short reason that is safe to send back and to
log: it never contains the signature, the keyId (which can hold a security token) or any
header value.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from ._keys import KeyLookupError, KeyRing

MAX_CLOCK_DIFFERENCE = 300.0
GENERIC_HEADERS = ("date", "(request-target)", "host")
BODY_HEADERS = ("content-length", "content-type", "x-content-sha256")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_PARAMETERS = frozenset({"version", "keyId", "algorithm", "headers", "signature"})
# One `name="value"` pair and the comma (or end) after it; values cannot contain quotes.
_PAIR = re.compile(r'\s*([A-Za-z]+)="([^"]*)"\s*(?:,|$)')


class SignatureError(Exception):
    """The request is not properly signed; str() is a short reason safe to show."""


@dataclass(frozen=True)
class SignatureParameters:
    version: str
    key_id: str = field(repr=False)
    algorithm: str
    headers: tuple[str, ...]
    signature: str = field(repr=False)


@dataclass(frozen=True)
class ReceivedRequest:
    """What the verifier needs, exactly as it came off the wire (headers keyed lower-case)."""

    method: str
    target: str
    headers: Mapping[str, Sequence[str]]
    body: bytes


def parse_authorization(value: str) -> SignatureParameters:
    scheme, _, rest = value.strip().partition(" ")
    if scheme.lower() != "signature" or not rest.strip():
        raise SignatureError("Authorization is not an OCI Signature header")
    found: dict[str, str] = {}
    position, rest = 0, rest.strip()
    while position < len(rest):
        match = _PAIR.match(rest, position)
        if match is None:
            raise SignatureError("malformed Authorization header")
        name, text = match.group(1), match.group(2)
        if name not in _PARAMETERS:
            raise SignatureError("unknown parameter in Authorization header")
        if name in found:
            raise SignatureError(f"duplicate {name} parameter in Authorization header")
        found[name] = text
        position = match.end()
    missing = sorted(_PARAMETERS - found.keys())
    if missing:
        raise SignatureError(f"Authorization header lacks {', '.join(missing)}")
    if found["version"] != "1":
        raise SignatureError("unsupported signature version")
    if found["algorithm"] != "rsa-sha256":
        raise SignatureError("unsupported signature algorithm")
    names = tuple(found["headers"].lower().split())
    if not names or len(set(names)) != len(names):
        raise SignatureError("headers parameter is empty or repeats a name")
    return SignatureParameters(
        found["version"], found["keyId"], found["algorithm"], names, found["signature"]
    )


def required_headers(method: str) -> tuple[str, ...]:
    return GENERIC_HEADERS + BODY_HEADERS if method.upper() in BODY_METHODS else GENERIC_HEADERS


def _single(request: ReceivedRequest, name: str) -> str:
    values = request.headers.get(name, ())
    if not values:
        raise SignatureError(f"header {name} is missing")
    if len(values) > 1:
        raise SignatureError(f"header {name} is repeated")
    return values[0]


def signing_string(request: ReceivedRequest, names: Sequence[str]) -> str:
    lines = []
    for name in names:
        if name == "(request-target)":
            lines.append(f"(request-target): {request.method.lower()} {request.target}")
        else:
            lines.append(f"{name}: {_single(request, name)}")
    return "\n".join(lines)


def _check_date(value: str, now: float) -> None:
    try:
        sent: datetime = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError) as exc:
        raise SignatureError("date header is not an RFC 7231 date") from exc
    if sent.tzinfo is None:
        raise SignatureError("date header is not an RFC 7231 date")
    if abs(sent.timestamp() - now) > MAX_CLOCK_DIFFERENCE:
        raise SignatureError("date header is more than 5 minutes away from the server clock")


def _check_body(request: ReceivedRequest) -> None:
    if _single(request, "content-length").strip() != str(len(request.body)):
        raise SignatureError("content-length does not match the body")
    digest = base64.b64encode(hashlib.sha256(request.body).digest()).decode("ascii")
    if _single(request, "x-content-sha256").strip() != digest:
        raise SignatureError("x-content-sha256 does not match the body")


def _check_signature(keyring: KeyRing, params: SignatureParameters, message: str) -> None:
    try:
        public_key = keyring.lookup(params.key_id)
    except KeyLookupError as exc:
        raise SignatureError(str(exc)) from None
    try:
        raw = base64.b64decode(params.signature, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError("signature is not base64") from None
    try:
        # latin-1 gives back the exact bytes http.server decoded the request line and headers from.
        data = message.encode("latin-1")
        public_key.verify(raw, data, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, UnicodeEncodeError, ValueError):
        raise SignatureError("signature does not verify") from None


@dataclass(frozen=True)
class Verification:
    """Outcome of checking one request; key_id and signature are kept out of repr."""

    problem: str | None
    key_id: str | None = field(default=None, repr=False)
    signature: str | None = field(default=None, repr=False)

    @property
    def valid(self) -> bool:
        return self.problem is None


def verify(
    request: ReceivedRequest,
    *,
    keyring: KeyRing,
    allowed_hosts: Collection[str],
    now: float,
) -> Verification:
    """Check `request` like OCI does. Never raises: garbage input is just an invalid request."""
    try:
        params = parse_authorization(_single(request, "authorization"))
    except SignatureError as exc:
        return Verification(str(exc))
    except Exception:  # a parser bug must still end in a 401, not a dead handler
        return Verification("malformed Authorization header")
    try:
        _check_parsed(request, params, keyring, allowed_hosts, now)
    except SignatureError as exc:
        return Verification(str(exc), params.key_id, params.signature)
    except Exception:
        return Verification("signature could not be verified", params.key_id, params.signature)
    return Verification(None, params.key_id, params.signature)


def _check_parsed(
    request: ReceivedRequest,
    params: SignatureParameters,
    keyring: KeyRing,
    allowed_hosts: Collection[str],
    now: float,
) -> None:
    absent = [name for name in required_headers(request.method) if name not in params.headers]
    if absent:
        raise SignatureError(f"required header {absent[0]} is not signed")
    message = signing_string(request, params.headers)  # also checks every listed header exists
    _check_date(_single(request, "date"), now)
    if _single(request, "host").strip().lower() not in allowed_hosts:
        raise SignatureError("host header does not name this service")
    if request.method.upper() in BODY_METHODS:
        _check_body(request)
    _check_signature(keyring, params, message)
