"""Forms the service and its users write, read as they are: Oracle's SDK 5.1.1 models,
notebooks as nbformat reads them, and workspace paths with or without a leading `/`.

Against the local service over loopback (signed and verified there), sync and async.
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Iterator

import pytest
from aidp_notebook import KernelSummary, last_activity_time
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_NOTEBOOK_PATH,
    SEED_WORKSPACE_KEY,
    LocalNotebookService,
)
from aidp_notebook_client.models import UpdateContentDetails

P, W = SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY


@pytest.fixture(scope="module")
def module_service() -> Iterator[LocalNotebookService]:
    with LocalNotebookService() as service:
        yield service


# -- item 6: the 5.1.1 models -------------------------------------------------------------


def test_last_activity_is_kept_as_sent_and_read_as_a_time_where_it_is_one(
    service: LocalNotebookService,
) -> None:
    odd = service.add_session(
        P, W, {"name": "odd", "kernel": {"name": "python3", "last_activity": "2 minutes ago"}}
    )
    iso = service.add_session(
        P,
        W,
        {"name": "iso", "kernel": {"name": "python3", "last_activity": "2026-12-07T10:00:00Z"}},
    )
    with service.client() as client:
        plain = client.get_session(P, W, odd["id"])
        timed = client.get_session(P, W, iso["id"])
        listed = {s.name: s for s in client.list_sessions(P, W)}
    # No kernel id (optional in 5.1.1), and a last_activity that is no date-time: both read.
    assert plain.kernel.last_activity == "2 minutes ago"  # type: ignore[union-attr]
    assert last_activity_time(plain) is None
    assert timed.kernel.last_activity == "2026-12-07T10:00:00Z"  # type: ignore[union-attr]
    assert last_activity_time(timed) == datetime.datetime(2026, 12, 7, 10, tzinfo=datetime.UTC)
    assert last_activity_time(listed["iso"].kernel) == last_activity_time(timed)
    assert listed["odd"].kernel.to_dict()["last_activity"] == "2 minutes ago"  # type: ignore[union-attr]


def test_kernel_summary_name_is_required_and_save_type_is_optional() -> None:
    with pytest.raises(Exception, match="name"):
        KernelSummary.from_dict({"execution_state": "idle"})
    assert KernelSummary.from_dict({"name": "python3"}).name == "python3"
    assert UpdateContentDetails.from_dict({"format": "text", "content": "x"}).to_dict() == {
        "format": "text",
        "content": "x",
    }


@pytest.mark.parametrize(("case", "sent"), [("lower", "true"), ("title", "True")])
def test_should_update_recent_spelling_is_switchable(
    service: LocalNotebookService, case: str, sent: str
) -> None:
    with service.client(boolean_header_case=case) as client:  # type: ignore[arg-type]
        assert client.boolean_header_case == case
        client.get_content(P, W, SEED_NOTEBOOK_PATH, content=0, should_update_recent=True)
        client.with_options(boolean_header_case="lower").get_content(
            P, W, SEED_NOTEBOOK_PATH, content=0, should_update_recent=False
        )

    async def run() -> None:
        async with service.async_client(boolean_header_case=case) as client:  # type: ignore[arg-type]
            await client.get_content(P, W, SEED_NOTEBOOK_PATH, content=0, should_update_recent=True)

    asyncio.run(run())
    sent_values = [r.headers.get("should-update-recent") for r in service.requests]
    assert sent_values == [sent, "false", sent]
    assert all(r.status == 200 and r.signature_valid for r in service.requests)
    with pytest.raises(ValueError, match="boolean_header_case must be 'lower'"):
        service.client(boolean_header_case="True")  # type: ignore[arg-type]
