"""Key material of a local service: its own API key and the registered security tokens."""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

# ST$ is how OCI marks a keyId that carries a security token instead of an API key.
SECURITY_TOKEN_PREFIX = "ST$"  # noqa: S105 - a marker, not a secret


class KeyLookupError(Exception):
    """No usable public key for a keyId; the message is safe to show (it never holds the keyId)."""


@dataclass(frozen=True)
class ApiKey:
    """A fresh RSA key pair with its OCI fingerprint; repr shows the fingerprint only."""

    private_key: rsa.RSAPrivateKey = field(repr=False)
    fingerprint: str
    private_key_pem: str = field(repr=False)

    @property
    def public_key(self) -> rsa.RSAPublicKey:
        return self.private_key.public_key()


def fingerprint_of(public_key: rsa.RSAPublicKey) -> str:
    """OCI fingerprint: MD5 of the DER SubjectPublicKeyInfo, as colon-separated hex pairs."""
    der = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    digest = hashlib.md5(der, usedforsecurity=False).hexdigest()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def generate_api_key() -> ApiKey:
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    return ApiKey(private_key, fingerprint_of(private_key.public_key()), pem)


def fake_ocid(resource_type: str) -> str:
    """An OCID-shaped id that passes oci.config.validate_config; random so instances differ."""
    return f"ocid1.{resource_type}.oc1..aaaaaaaa{secrets.token_hex(26)}"


def load_public_key(pem: str | bytes) -> rsa.RSAPublicKey:
    """The RSA public key in `pem` (SubjectPublicKeyInfo or PKCS#1); ValueError otherwise."""
    data = pem.encode("ascii") if isinstance(pem, str) else pem
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("security tokens must come with an RSA public key")
    return key


class KeyRing:
    """Resolves a keyId to the public key that must verify its signatures (thread-safe)."""

    def __init__(self, api_key_id: str, api_public_key: rsa.RSAPublicKey) -> None:
        self._api_key_id = api_key_id
        self._api_public_key = api_public_key
        self._lock = threading.Lock()
        self._tokens: dict[str, rsa.RSAPublicKey] = {}
        # Kept apart from unknown tokens so a 401 can say which of the two happened.
        self._revoked: set[str] = set()

    def __repr__(self) -> str:
        # Tokens are bearer credentials: count them, never show them.
        with self._lock:
            return f"KeyRing(tokens={len(self._tokens)}, revoked={len(self._revoked)})"

    def register_token(self, token: str, public_key_pem: str | bytes) -> None:
        if not token:
            raise ValueError("the security token must not be empty")
        key = load_public_key(public_key_pem)
        with self._lock:
            self._tokens[token] = key
            self._revoked.discard(token)

    def revoke_token(self, token: str) -> None:
        with self._lock:
            self._tokens.pop(token, None)
            self._revoked.add(token)

    def lookup(self, key_id: str) -> rsa.RSAPublicKey:
        if key_id.startswith(SECURITY_TOKEN_PREFIX):
            token = key_id[len(SECURITY_TOKEN_PREFIX) :]
            with self._lock:
                if token in self._revoked:
                    raise KeyLookupError("security token revoked")
                key = self._tokens.get(token)
            if key is None:
                raise KeyLookupError("unknown security token")
            return key
        if secrets.compare_digest(key_id.encode("utf-8"), self._api_key_id.encode("utf-8")):
            return self._api_public_key
        raise KeyLookupError("unknown keyId")
