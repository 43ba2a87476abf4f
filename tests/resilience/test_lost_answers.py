"""A write whose answer was lost is never reported as failed.

The local service's `drop-after-apply` fault carries a write out and then resets the
connection, so the client sees no answer and retries; the retry meets what the first
attempt did (the rename's source gone: 404; the etag under `if_match` changed: 412). The
SDK reads the target and reports the success it was, or OutcomeUnknownError when the
target cannot tell; a 404 or 412 on the first attempt stays the plain error. Sync and
async, over loopback, on the fake clock (backoffs are recorded, not slept).
"""

from __future__ import annotations

import asyncio
import pickle
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from aidp_notebook import (
    AsyncNotebookClient,
    NotebookClient,
    NotFoundError,
    OutcomeUnknownError,
    PreconditionFailedError,
    RetryPolicy,
)
from aidp_notebook._core import Settings, run_call
from aidp_notebook._exchange import Reply
from aidp_notebook._operations import call_params, core_operation
from aidp_notebook.testing import Fault, LocalNotebookService
from aidp_notebook_client.operations import MODIFY_CONTENT

from ..conftest import use_fake_clock
from .conftest import IDS

MODES = ["sync", "async"]
WORKSPACE = IDS[:2]


def run(service: LocalNotebookService, mode: str, use: Callable[[Any], Any], **options: Any) -> Any:
    """`use(client)` on a fresh client of that mode (awaited if async); the client closed."""
    if mode == "async":

        async def go() -> Any:
            async with service.async_client(**options) as client:
                use_fake_clock(client)
                return await use(client)

        return asyncio.run(go())
    with service.client(**options) as client:
        use_fake_clock(client)
        return use(client)


def read(service: LocalNotebookService, use: Callable[[NotebookClient], Any]) -> Any:
    """A look at the service's state with a plain sync client, outside the call under test."""
    with service.client() as client:
        return use(client)


def fresh_dir(service: LocalNotebookService) -> str:
    path = f"Workspace/lost-{uuid.uuid4().hex[:12]}"
    (service.contents_root / path).mkdir(parents=True)
    return path


def put_file(service: LocalNotebookService, path: str, data: bytes) -> str:
    """A file at `path`; returns its etag as the service gives it."""
    (service.contents_root / path).write_bytes(data)
    return str(read(service, lambda c: c.get_content_detailed(*WORKSPACE, path, content=0).etag))


def new_session(service: LocalNotebookService, name: str = "lost-answers") -> tuple[str, str]:
    """A session of the seeded workspace: its id and etag."""
    session = service.add_session(*WORKSPACE, {"name": name, "lifecycleState": "ACTIVE"})
    etag = read(service, lambda c: c.get_session_detailed(*WORKSPACE, session["id"]).etag)
    return session["id"], str(etag)


def statuses(service: LocalNotebookService, operation_method: str) -> list[int]:
    return [r.status for r in service.requests if r.method == operation_method]


# -- the lost answer of a write that happened is its success ---------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_a_rename_whose_answer_was_lost_reports_the_move(
    service: LocalNotebookService, mode: str
) -> None:
    folder = fresh_dir(service)
    old, new = f"{folder}/draft.py", f"{folder}/final.py"
    put_file(service, old, b"print('moved')\n")
    service.inject(Fault.drop_after_apply(), operation="ModifyContent")

    moved = run(service, mode, lambda c: c.rename_content(*WORKSPACE, old, new))

    assert moved.path == new
    assert (service.contents_root / new).read_bytes() == b"print('moved')\n"
    assert not (service.contents_root / old).exists()
    # The first attempt moved it (200, answer lost), the retry found no source (404).
    assert statuses(service, "PATCH") == [200, 404]


@pytest.mark.parametrize("mode", MODES)
def test_a_rename_whose_answer_timed_out_reports_the_move(
    service: LocalNotebookService, mode: str
) -> None:
    # Carried out, then no answer within the read timeout: lost the other way.
    folder = fresh_dir(service)
    old, new = f"{folder}/slow.py", f"{folder}/moved.py"
    put_file(service, old, b"x = 1\n")
    service.inject(Fault.drop_after_apply(delay=0.6), operation="ModifyContent")

    moved = run(service, mode, lambda c: c.rename_content(*WORKSPACE, old, new), timeout=(2, 0.15))

    assert moved.path == new
    assert (service.contents_root / new).exists()


@pytest.mark.parametrize("mode", MODES)
def test_a_rename_under_if_match_whose_answer_was_lost_reports_the_move(
    service: LocalNotebookService, mode: str
) -> None:
    folder = fresh_dir(service)
    old, new = f"{folder}/a.txt", f"{folder}/b.txt"
    etag = put_file(service, old, b"some text\n")
    service.inject(Fault.drop_after_apply(), operation="ModifyContent")

    moved = run(service, mode, lambda c: c.rename_content(*WORKSPACE, old, new, if_match=etag))

    assert moved.path == new
    assert (service.contents_root / new).exists()


@pytest.mark.parametrize("mode", MODES)
def test_an_upload_under_if_match_whose_answer_was_lost_reports_the_save(
    service: LocalNotebookService, mode: str, tmp_path: Path
) -> None:
    remote = f"{fresh_dir(service)}/report.txt"
    etag = put_file(service, remote, b"version 1\n")
    local = tmp_path / "report.txt"
    local.write_bytes(b"version 2\n")
    service.inject(Fault.drop_after_apply(), operation="UpdateContent")

    saved = run(service, mode, lambda c: c.upload_file(*WORKSPACE, local, remote, if_match=etag))

    assert saved.path == remote
    assert saved.content is None  # as an upload answers: the model without its content
    assert (service.contents_root / remote).read_bytes() == b"version 2\n"
    assert statuses(service, "PUT") == [200, 412]


@pytest.mark.parametrize("mode", MODES)
def test_a_notebook_written_under_if_match_whose_answer_was_lost_reports_the_save(
    service: LocalNotebookService, mode: str
) -> None:
    import nbformat

    remote = f"{fresh_dir(service)}/nb.ipynb"
    first = nbformat.v4.new_notebook()
    read(service, lambda c: c.write_notebook(*WORKSPACE, remote, first))
    etag = read(service, lambda c: c.get_content_detailed(*WORKSPACE, remote, content=0).etag)
    second = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    service.inject(Fault.drop_after_apply(), operation="UpdateContent")

    saved = run(
        service, mode, lambda c: c.write_notebook(*WORKSPACE, remote, second, if_match=etag)
    )

    assert saved.path == remote
    stored = read(service, lambda c: c.read_notebook(*WORKSPACE, remote))
    assert stored.cells[0].source == "1 + 1"


@pytest.mark.parametrize("mode", MODES)
def test_a_patch_under_if_match_whose_answer_was_lost_reports_the_patched_session(
    service: LocalNotebookService, mode: str
) -> None:
    session_id, etag = new_session(service)
    service.inject(Fault.drop_after_apply(), operation="PatchSession")

    patched = run(
        service,
        mode,
        lambda c: c.patch_session(*WORKSPACE, session_id, {"name": "renamed"}, if_match=etag),
    )

    assert patched.id == session_id
    assert patched.name == "renamed"
    assert statuses(service, "PATCH") == [200, 412]


@pytest.mark.parametrize("mode", MODES)
def test_a_delete_under_if_match_whose_answer_was_lost_reports_the_deletion(
    service: LocalNotebookService, mode: str
) -> None:
    session_id, etag = new_session(service)
    service.inject(Fault.drop_after_apply(), operation="DeleteSession")

    response = run(
        service,
        mode,
        lambda c: c.delete_session_detailed(*WORKSPACE, session_id, if_match=etag),
    )

    assert response.data is None
    assert response.status_code == 204
    assert response.attempts == 2
    assert statuses(service, "DELETE") == [204, 404]
    with pytest.raises(NotFoundError):
        read(service, lambda c: c.get_session(*WORKSPACE, session_id))


@pytest.mark.parametrize("mode", MODES)
def test_a_content_delete_whose_answer_was_lost_reports_the_deletion(
    service: LocalNotebookService, mode: str
) -> None:
    path = f"{fresh_dir(service)}/old.txt"
    put_file(service, path, b"bye\n")
    service.inject(Fault.drop_after_apply(), operation="DeleteContent")

    run(service, mode, lambda c: c.delete_content(*WORKSPACE, path))

    assert not (service.contents_root / path).exists()


# -- what the target cannot tell is an unknown outcome, never a plain failure --------------------


@pytest.mark.parametrize("mode", MODES)
def test_a_lost_upload_whose_target_holds_other_content_is_an_unknown_outcome(
    service: LocalNotebookService, mode: str, tmp_path: Path
) -> None:
    # The answer is lost before the write (a plain drop) and the etag is stale besides: the
    # retry's 412 could be the first attempt's doing as far as the client can know, and the
    # file holds something else, so the SDK cannot tell whether its write ever happened.
    remote = f"{fresh_dir(service)}/shared.txt"
    etag = put_file(service, remote, b"theirs 1\n")
    put_file(service, remote, b"theirs 2\n")
    local = tmp_path / "mine.txt"
    local.write_bytes(b"mine\n")
    service.inject(Fault.drop(), operation="UpdateContent")

    with pytest.raises(OutcomeUnknownError) as caught:
        run(service, mode, lambda c: c.upload_file(*WORKSPACE, local, remote, if_match=etag))

    error = caught.value
    assert isinstance(error.error, PreconditionFailedError)
    assert error.__cause__ is error.error
    assert error.attempts == 2
    assert error.lost_attempt == 1
    assert error.opc_request_id
    text = str(error)
    assert "UpdateContent" in text
    assert "answer to attempt 1 was lost" in text
    assert "412" in text
    assert "other content than was sent" in text
    assert "before repeating it" in text
    assert error.opc_request_id in text
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == text


@pytest.mark.parametrize("mode", MODES)
def test_a_check_that_fails_itself_is_an_unknown_outcome(
    service: LocalNotebookService, mode: str, tmp_path: Path
) -> None:
    remote = f"{fresh_dir(service)}/x.txt"
    etag = put_file(service, remote, b"1\n")
    local = tmp_path / "x.txt"
    local.write_bytes(b"2\n")
    service.inject(Fault.drop_after_apply(), operation="UpdateContent")
    service.inject(Fault(status=400), operation="GetContent")

    with pytest.raises(OutcomeUnknownError, match="reading the target to find out failed too"):
        run(service, mode, lambda c: c.upload_file(*WORKSPACE, local, remote, if_match=etag))


@pytest.mark.parametrize("mode", MODES)
def test_a_lost_delete_of_a_session_still_there_keeps_the_plain_error(
    service: LocalNotebookService, mode: str
) -> None:
    # Lost before it was applied, with a stale etag: the session is still there and not
    # being deleted, so the delete did not happen and the 412 is the truth.
    session_id, etag = new_session(service)
    read(service, lambda c: c.rename_session(*WORKSPACE, session_id, "changed meanwhile"))
    service.inject(Fault.drop(), operation="DeleteSession")

    with pytest.raises(PreconditionFailedError) as caught:
        run(service, mode, lambda c: c.delete_session(*WORKSPACE, session_id, if_match=etag))

    assert caught.value.attempts == 2
    assert read(service, lambda c: c.get_session(*WORKSPACE, session_id)).id == session_id


# -- a 404 or 412 on the first attempt stays the plain error ------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_a_rename_of_nothing_is_a_plain_not_found(service: LocalNotebookService, mode: str) -> None:
    folder = fresh_dir(service)
    with pytest.raises(NotFoundError) as caught:
        run(service, mode, lambda c: c.rename_content(*WORKSPACE, f"{folder}/no", f"{folder}/b"))
    assert type(caught.value) is NotFoundError
    assert caught.value.attempts == 1
    assert statuses(service, "PATCH") == [404]


@pytest.mark.parametrize("mode", MODES)
def test_an_upload_under_a_stale_etag_is_a_plain_precondition_failure(
    service: LocalNotebookService, mode: str, tmp_path: Path
) -> None:
    remote = f"{fresh_dir(service)}/r.txt"
    etag = put_file(service, remote, b"old\n")
    put_file(service, remote, b"newer\n")
    local = tmp_path / "r.txt"
    local.write_bytes(b"mine\n")

    with pytest.raises(PreconditionFailedError) as caught:
        run(service, mode, lambda c: c.upload_file(*WORKSPACE, local, remote, if_match=etag))

    assert caught.value.attempts == 1
    assert (service.contents_root / remote).read_bytes() == b"newer\n"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("operation", ["patch", "delete"])
def test_a_session_write_under_a_stale_etag_is_a_plain_precondition_failure(
    service: LocalNotebookService, mode: str, operation: str
) -> None:
    session_id, etag = new_session(service)
    read(service, lambda c: c.rename_session(*WORKSPACE, session_id, "changed"))

    def write(client: NotebookClient | AsyncNotebookClient) -> Any:
        if operation == "patch":
            return client.patch_session(*WORKSPACE, session_id, {"name": "x"}, if_match=etag)
        return client.delete_session(*WORKSPACE, session_id, if_match=etag)

    with pytest.raises(PreconditionFailedError) as caught:
        run(service, mode, write)

    assert caught.value.attempts == 1
    assert read(service, lambda c: c.get_session(*WORKSPACE, session_id)).name == "changed"


@pytest.mark.parametrize("mode", MODES)
def test_a_delete_of_a_missing_session_is_a_plain_not_found(
    service: LocalNotebookService, mode: str
) -> None:
    missing = str(uuid.uuid4())
    with pytest.raises(NotFoundError) as caught:
        run(service, mode, lambda c: c.delete_session(*WORKSPACE, missing))
    assert type(caught.value) is NotFoundError
    assert caught.value.attempts == 1


# -- which failures lose an answer: the request core, driven step by step -------------------------


@pytest.mark.parametrize(
    ("first_failure", "confirmed"),
    [
        (httpx.ConnectError("connection refused"), False),  # never sent: nothing happened
        (httpx.ConnectTimeout("connect timed out"), False),
        (httpx.ReadError("connection reset by peer"), True),  # sent: the answer was lost
        (httpx.RemoteProtocolError("server disconnected"), True),
        (httpx.ReadTimeout("read timed out"), True),
    ],
)
def test_only_a_request_that_was_sent_can_have_lost_its_answer(
    first_failure: httpx.RequestError, confirmed: bool
) -> None:
    settings = Settings(
        base_url="http://127.0.0.1:9", headers={}, timeout={"connect": 1.0, "read": 1.0},
        retry=RetryPolicy(), signer=None, clock=lambda: 0.0,
    )  # fmt: skip
    asked: list[int] = []

    def confirm(lost: Any) -> None:
        asked.append(lost.lost_attempt)

    params = call_params(MODIFY_CONTENT, {}, {"path": "b"})
    call = run_call(
        settings, core_operation(MODIFY_CONTENT), ("p", "w", "a"), params, confirm=confirm
    )
    assert isinstance(next(call), httpx.Request)
    assert isinstance(call.send(first_failure), float)  # the backoff
    assert isinstance(call.send(None), httpx.Request)
    not_found = Reply(404, "Not Found", httpx.Headers(), b'{"code": "NotFound", "message": "x"}')
    with pytest.raises(NotFoundError):
        call.send(not_found)
    assert asked == ([1] if confirmed else [])
