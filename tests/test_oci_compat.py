"""`ApiResponse` answers as an `oci.response.Response`: oci.pagination and oci.wait_until
work with the `_detailed` methods."""

from __future__ import annotations

import oci
import pytest
from aidp_notebook import NotFoundError
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_SESSION_ID,
    SEED_WORKSPACE_KEY,
    LocalNotebookService,
)

WORKSPACE = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY)


def test_a_response_has_the_oci_attributes(service: LocalNotebookService) -> None:
    with service.client() as client:
        response = client.get_session_detailed(*WORKSPACE, SEED_SESSION_ID, opc_request_id="rq-1")
    assert response.status == response.status_code == 200
    assert response.request_id == "rq-1"
    assert response.next_page is None
    assert response.has_next_page is False
    assert response.request is not None
    assert response.request.method == "GET"
    assert response.request.url.endswith(f"/sessions/{SEED_SESSION_ID}")
    assert "authorization" not in repr(response.request).lower()


def test_oci_pagination_collects_a_list(service: LocalNotebookService) -> None:
    with service.client() as client:
        expected = {s.id for s in client.list_sessions(*WORKSPACE)}
        everything = oci.pagination.list_call_get_all_results(
            client.list_sessions_detailed, *WORKSPACE
        )
    assert {s.id for s in everything.data} == expected
    assert everything.status == 200


def test_oci_wait_until_polls_a_detailed_get(service: LocalNotebookService) -> None:
    service.activation_delay = 0.3
    try:
        with service.client() as client:
            created = client.create_session_detailed(*WORKSPACE, {"path": "/oci-wait.ipynb"})
            assert created.data.lifecycle_state == "CREATING"
            ids = (*WORKSPACE, created.data.id)

            def fetch(response: object = None) -> object:
                return client.get_session_detailed(*ids)

            done = oci.wait_until(
                client, client.get_session_detailed(*ids), "lifecycle_state", "ACTIVE",
                max_interval_seconds=1, max_wait_seconds=30, fetch_func=fetch,
            )  # fmt: skip
            assert done.data.lifecycle_state == "ACTIVE"
            assert done.request.method == "GET"
            client.delete_session(*ids)
            with pytest.raises(NotFoundError):
                client.get_session_detailed(*ids)
    finally:
        service.activation_delay = 0.0
