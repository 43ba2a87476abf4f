"""Helpers of the resilience suite: the seeded ids, a signer that counts, hypothesis settings.

The suite runs against `LocalNotebookService` over loopback (the `service` fixture of
tests/conftest.py: one service per module, request log and faults reset per test) and
retries on the fake clock of tests/conftest.py, so nothing really sleeps.
"""

from __future__ import annotations

import email.utils
import time
from typing import Any

import httpx
import oci
from aidp_notebook import AsyncNotebookClient, NotebookClient, RetryPolicy
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    LocalNotebookService,
    RecordedRequest,
)
from hypothesis import HealthCheck, settings

IDS = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID)

# Derandomized (the same examples on every run and machine), no example database, no
# deadline (loopback I/O has jitter), and the module-scoped service is meant to be shared.
PROPERTY_SETTINGS = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def examples(count: int) -> settings:
    """PROPERTY_SETTINGS with `count` examples; counts are kept modest for a fast suite."""
    return settings(PROPERTY_SETTINGS, max_examples=count)


def oci_signer(service: LocalNotebookService) -> Any:
    config = service.config
    return oci.signer.Signer(
        config["tenancy"],
        config["user"],
        config["fingerprint"],
        private_key_file_location=None,
        private_key_content=service.private_key_pem,
    )


class CountingSigner:
    """Wraps the service's oci signer; counts its calls and gives each a distinct `date`.

    Real time hardly passes on the fake clock, so every attempt would carry the same
    `date` header (whole seconds) and, RSA PKCS#1 v1.5 being deterministic, the same
    signature. Setting `date` one second further on each call (the oci signer keeps a
    date that is already set) makes a re-signed attempt visibly different from a
    resent one, while staying well within the service's 5 minutes.
    """

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls = 0
        self._start = time.time()

    def __call__(self, request: Any) -> Any:
        self.calls += 1
        request.headers["date"] = email.utils.formatdate(self._start + self.calls, usegmt=True)
        return self.inner(request)


def counting_client(
    service: LocalNotebookService,
    *,
    asynchronous: bool = False,
    retry: RetryPolicy | None = RetryPolicy(),  # noqa: B008 (frozen)
    **kwargs: Any,
) -> tuple[NotebookClient | AsyncNotebookClient, CountingSigner]:
    signer = CountingSigner(oci_signer(service))
    cls = AsyncNotebookClient if asynchronous else NotebookClient
    client = cls(signer=signer, service_endpoint=service.endpoint, retry=retry, **kwargs)
    return client, signer


def assert_attempts_of_one_call(requests: list[RecordedRequest], signer: CountingSigner) -> None:
    """Every attempt: the same opc-request-id, signed anew (its own signature), and valid."""
    assert requests, "no request reached the service"
    assert len({r.headers["opc-request-id"] for r in requests}) == 1
    assert signer.calls == len(requests)
    assert len({r.signature for r in requests}) == len(requests)
    assert len({r.headers["date"] for r in requests}) == len(requests)
    for recorded in requests:
        assert recorded.signature_valid, recorded.signature_problem


def http_client_with_hooks(asynchronous: bool, **hooks: list[Any]) -> Any:
    if asynchronous:
        async_hooks = {name: [_awaitable(h) for h in fs] for name, fs in hooks.items()}
        return httpx.AsyncClient(event_hooks=async_hooks)
    return httpx.Client(event_hooks=hooks)


def _awaitable(hook: Any) -> Any:
    async def call(value: Any) -> None:
        hook(value)

    return call
