"""Bad input is refused before anything is sent; no secret reaches logs, reprs or errors."""

from __future__ import annotations

import logging

import pytest
from aidp_notebook import AidpError, InvalidConfigError, NotebookClient, RetryPolicy
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)

IDS = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY, SEED_SESSION_ID)


@pytest.mark.parametrize(
    ("position", "value", "error", "message"),
    [
        (0, "", ValueError, "ai_data_platform_id must not be blank"),
        (1, "   ", ValueError, "workspace_key must not be blank"),
        (2, ".", ValueError, "session_id must not be '.'"),
        (2, "..", ValueError, "session_id must not be '..'"),
        (0, None, TypeError, "ai_data_platform_id must be a str, got NoneType"),
        (1, 42, TypeError, "workspace_key must be a str, got int"),
        (2, b"bytes", TypeError, "session_id must be a str, got bytes"),
        (2, "\ud800", ValueError, "lone surrogate"),
    ],
)
def test_bad_path_parameters_send_nothing(
    service: LocalNotebookService, position: int, value: object, error: type, message: str
) -> None:
    args = list(IDS)
    args[position] = value  # type: ignore[call-overload]
    with service.client() as client, pytest.raises(error, match=message):
        client.get_session(*args)
    assert service.requests == []


@pytest.mark.parametrize(
    "request_id",
    ["", "has space", "new\nline", "cr\rlf", "semi;colon", "ünï", "x" * 10 + "\x00", 123],
)
def test_bad_request_ids_send_nothing(service: LocalNotebookService, request_id: object) -> None:
    with service.client() as client, pytest.raises((ValueError, TypeError), match="opc_request_id"):
        client.get_session(*IDS, opc_request_id=request_id)  # type: ignore[arg-type]
    assert service.requests == []


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"service_endpoint": "http://example.com"}, "service_endpoint"),
        ({"service_endpoint": "https://user@example.com"}, "service_endpoint"),
        ({"service_endpoint": "ftp://example.com"}, "service_endpoint"),
        ({"timeout": "soon"}, "timeout"),
        ({"timeout": (1, 2, 3)}, "timeout"),
        ({"retry": 3}, "retry"),
    ],
)
def test_bad_client_settings_are_refused(
    service: LocalNotebookService, kwargs: dict[str, object], key: str
) -> None:
    with pytest.raises(InvalidConfigError) as caught:
        NotebookClient(service.config, **kwargs)
    assert caught.value.key == key
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, AidpError)


@pytest.mark.parametrize("region", ["evil.example#", "us-ashburn-1/x", "a@evil.example"])
def test_hostile_regions_are_refused(service: LocalNotebookService, region: str) -> None:
    with pytest.raises(InvalidConfigError) as caught:
        NotebookClient({**service.config, "region": region})
    assert caught.value.key == "region"


def test_region_resolves_to_the_regional_endpoint(service: LocalNotebookService) -> None:
    client = NotebookClient({**service.config, "region": "iad"})
    assert client.service_endpoint == "https://aidp.us-ashburn-1.oci.oraclecloud.com"
    client.close()


def test_no_config_and_no_signer_is_refused() -> None:
    with pytest.raises(InvalidConfigError, match="no config and no signer"):
        NotebookClient()


def test_no_secret_in_debug_logs_reprs_or_errors(
    service: LocalNotebookService, caplog: pytest.LogCaptureFixture
) -> None:
    service.inject(Fault(status=503), count=1)
    caplog.set_level(logging.DEBUG)
    with service.client(retry=RetryPolicy(base_delay=0, max_delay=0)) as client:
        client.get_session(*IDS)
        service.inject(Fault(status=404))
        with pytest.raises(AidpError) as caught:
            client.get_session(*IDS)
        texts = [caplog.text, repr(client), str(caught.value), repr(caught.value)]
        texts.append(repr(client._auth))
    secrets = [record.signature for record in service.requests if record.signature]
    assert len(secrets) == 3
    key_body = service.private_key_pem.splitlines()[1]
    for text in texts:
        for secret in [*secrets, key_body, "PRIVATE KEY", "Signature version", "authorization"]:
            assert secret not in text
    # The debug log does say what happened.
    assert "GET http://127.0.0.1" in caplog.text
    assert "-> 503" in caplog.text and "-> 200" in caplog.text and "-> 404" in caplog.text
    assert "attempt=2" in caplog.text
    assert "retrying in" in caplog.text


def test_request_ids_are_unique_hex_and_differ_across_a_fork() -> None:
    import os

    from aidp_notebook._validation import new_request_id

    ids = {new_request_id() for _ in range(10_000)}
    assert len(ids) == 10_000
    assert all(len(i) == 32 and i == i.upper() and int(i, 16) >= 0 for i in ids)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child reports its next id; the parent's must differ
        os.write(write, new_request_id().encode())
        os._exit(0)
    os.waitpid(pid, 0)
    child = os.read(read, 64).decode()
    os.close(read)
    os.close(write)
    assert child != new_request_id()
    assert len(child) == 32
