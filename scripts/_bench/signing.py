"""The signing floor: RSA-SHA256 signatures per second on one core with the run's key.

Two floors. `raw`: cryptography's PKCS#1 v1.5 / SHA-256 sign of a realistic OCI
signing string, nothing else. `oci_signer`: the oci API-key signer over a prepared
GET (date, host and the signing string built by oci, plus the header writes), which
is what every contender here signs with. And `raw` on two threads at once, which
tells whether signing holds the GIL.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from .sync_contenders import session_path

_HOST = "127.0.0.1:8080"


def signing_string() -> bytes:
    return (
        "date: Thu, 30 Apr 2026 09:15:27 GMT\n"
        f"(request-target): get {session_path()}\n"
        f"host: {_HOST}"
    ).encode("ascii")


class _PreparedGet:
    """A prepared GET as the oci signer sees one; a fresh instance (and headers) per signature."""

    __slots__ = ("body", "headers", "method", "path_url", "url")

    def __init__(self) -> None:
        self.method = "GET"
        self.path_url = session_path()
        self.url = f"http://{_HOST}{self.path_url}"
        self.headers: dict[str, str] = {"accept": "application/json"}
        self.body = None


def raw_rate(private_key: rsa.RSAPrivateKey, count: int) -> float:
    """Signatures per second of the bare RSA operation."""
    message = signing_string()
    pad, digest = padding.PKCS1v15(), hashes.SHA256()
    start = time.perf_counter()
    for _ in range(count):
        private_key.sign(message, pad, digest)
    return count / (time.perf_counter() - start)


def threaded_raw_rate(private_key: rsa.RSAPrivateKey, count: int, threads: int) -> float:
    """Signatures per second with `threads` threads signing at once.

    Above `raw_rate` only if cryptography releases the GIL while it signs, which is
    what would let signing in a worker thread overlap the event loop's own work.
    """
    message = signing_string()
    pad, digest = padding.PKCS1v15(), hashes.SHA256()
    share = max(1, count // threads)

    def sign_share() -> None:
        for _ in range(share):
            private_key.sign(message, pad, digest)

    workers = [threading.Thread(target=sign_share) for _ in range(threads)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return share * threads / (time.perf_counter() - start)


def oci_signer_rate(signer: Any, count: int) -> float:
    """Signed requests per second through the oci signer (its Python work included)."""
    requests = [_PreparedGet() for _ in range(count)]
    start = time.perf_counter()
    for request in requests:
        signer(request)
    return count / (time.perf_counter() - start)
