"""A host that does not resolve fails fast and says so; every retry is logged with its reason.

The endpoints use the `.invalid` top-level domain, which never resolves (RFC 6761).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from pathlib import Path

import pytest
from aidp_notebook import (
    AsyncNotebookClient,
    NameResolutionError,
    NotebookClient,
    RetryPolicy,
    TransportError,
)
from aidp_notebook.testing import Fault, LocalNotebookService

from ..conftest import use_fake_clock
from .conftest import IDS


def test_a_host_that_does_not_resolve_is_not_retried(caplog: pytest.LogCaptureFixture) -> None:
    endpoint = "https://aidp.us-ashbrun-1.oci.invalid"
    client = NotebookClient(signer=lambda request: None, service_endpoint=endpoint)
    with client, caplog.at_level(logging.INFO, logger="aidp_notebook"):
        started = time.monotonic()
        with pytest.raises(NameResolutionError) as caught:
            client.get_session(*IDS)
    assert time.monotonic() - started < 15  # one lookup, not eight attempts
    error = caught.value
    assert isinstance(error, TransportError)
    assert error.attempts == 1
    assert "the host aidp.us-ashbrun-1.oci.invalid does not resolve" in str(error)
    assert "service_endpoint" in str(error)
    assert "retrying" not in caplog.text


def test_the_message_names_the_region_the_endpoint_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A realm of our own whose domain cannot resolve, as OCI_REGION_METADATA describes one.
    region = {
        "realmKey": "oc99", "realmDomainComponent": "invalid", "regionKey": "TYP",
        "regionIdentifier": "us-typo-1",
    }  # fmt: skip
    monkeypatch.setenv("OCI_REGION_METADATA", json.dumps(region))
    monkeypatch.setenv("HOME", str(tmp_path))

    async def call() -> None:
        async with AsyncNotebookClient(
            {"region": "us-typo-1"}, signer=lambda request: None
        ) as client:
            await client.get_session(*IDS)

    with pytest.raises(NameResolutionError) as caught:
        asyncio.run(call())
    assert "does not resolve" in str(caught.value)
    assert "region 'us-typo-1'" in str(caught.value)
    assert caught.value.attempts == 1


def test_every_retry_is_logged_at_info_with_its_reason(
    service: LocalNotebookService, caplog: pytest.LogCaptureFixture
) -> None:
    service.inject(Fault(status=503))
    service.inject(Fault.drop())
    with service.client(retry=RetryPolicy()) as client:
        use_fake_clock(client)
        with caplog.at_level(logging.INFO, logger="aidp_notebook"):
            client.get_session(*IDS)
    retries = [r for r in caplog.records if "retrying in" in r.getMessage()]
    assert [r.levelno for r in retries] == [logging.INFO, logging.INFO]
    first, second = (r.getMessage() for r in retries)
    assert "attempt 1 failed (503 " in first
    # The dropped connection is named by what the client saw (a reset or a protocol error).
    assert "attempt 2 failed (no response from the service (" in second
    assert "Error: " in second.split("(no response from the service (")[1]
