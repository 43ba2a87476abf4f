"""Property-based tests (hypothesis, derandomized): the parser and the request builder.

(a) Whatever body and status the service sends, get_session gives a Session or raises
    an AidpError subclass: never KeyError, TypeError, JSONDecodeError, AttributeError.
(b) Whatever ids and header values a caller passes, they either arrive at the service
    intact and verifiably signed, or are refused with ValueError/TypeError before a
    single byte is sent.
(a) and (b) hold for both clients: httpx under NotebookClient, aiohttp under
AsyncNotebookClient.
Plus two pure properties of the command's output: nothing unprintable reaches the
terminal, and relative times read right.
"""

from __future__ import annotations

import asyncio
import copy
import datetime
import json
import re
import string
import urllib.parse
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from aidp_notebook import (
    AidpError,
    InvalidResponseError,
    NotFoundError,
    ServiceError,
    Session,
)
from aidp_notebook._errors import service_error_class
from aidp_notebook._parsing import BodyError, parse_model
from aidp_notebook.cli._failures import Situation, describe
from aidp_notebook.cli._render import cell, relative_time, render
from aidp_notebook.testing import (
    SEED_SESSION_ID,
    Fault,
    LocalNotebookService,
)
from aidp_notebook.testing._seed import seed_sessions
from hypothesis import event, given
from hypothesis import strategies as st

from .conftest import IDS, examples

# -- strategies ---------------------------------------------------------------------------

# The seeded session the local service serves, as raw API JSON.
SEED_SESSION: dict[str, Any] = next(s for s in seed_sessions() if s["id"] == SEED_SESSION_ID)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    # Values that look right to one check and wrong to another.
    | st.sampled_from(["", "ACTIVE", "idle", "notebook", "2026-04-30T09:15:27Z", "yesterday"])
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
KEYS = [*SEED_SESSION, "kernel.id", "kernel.name", "kernel.execution_state",
        "kernel.connections", "kernel.last_activity"]  # fmt: skip


@st.composite
def mutated_sessions(draw: st.DrawFn) -> dict[str, Any]:
    """The seed session with some fields removed, replaced by any JSON value, or added."""
    session = copy.deepcopy(SEED_SESSION)
    for _ in range(draw(st.integers(0, 3))):
        key = draw(st.sampled_from(KEYS))
        target, name = session, key
        if key.startswith("kernel."):
            if not isinstance(session.get("kernel"), dict):
                continue
            target, name = session["kernel"], key.split(".", 1)[1]
        action = draw(st.sampled_from(["remove", "replace", "add", "add"]))
        if action == "remove":
            target.pop(name, None)
        elif action == "replace":
            target[name] = draw(json_values)
        else:
            target[draw(st.text(min_size=1, max_size=8))] = draw(json_values)
    return session


def _encode(value: Any) -> bytes:
    return json.dumps(value).encode()


bodies = st.one_of(
    mutated_sessions().map(_encode),
    json_values.map(_encode),
    st.binary(max_size=64),
    mutated_sessions().map(lambda s: _encode(s)[: len(_encode(s)) // 2]),  # cut short
)


def _check_session(session: Session) -> None:
    """A parsed session is what its annotations say, and survives to_dict and JSON."""
    assert isinstance(session.id, str)
    assert isinstance(session.name, str)
    data = session.to_dict()
    assert (data["id"], data["name"]) == (session.id, session.name)
    json.dumps(data)


# -- (a) the parser ----------------------------------------------------------------------


@examples(300)
@given(body=bodies)
def test_any_body_parses_to_a_session_or_a_body_error(body: bytes) -> None:
    try:
        session = parse_model(body, Session.from_dict)
    except BodyError:
        event("BodyError")
        return
    event("Session")
    _check_session(session)


# 204 and 304 cannot carry a body; 200 and 201 are weighted up so that sessions parse too.
statuses = st.one_of(
    st.sampled_from([200, 201]), st.integers(200, 599).filter(lambda s: s not in (204, 304))
)


Call = Callable[..., Any]


@pytest.fixture(scope="module")
def calls(module_service: LocalNotebookService) -> Iterator[dict[str, Call]]:
    """Each client's methods as plain calls: `calls[mode](name, *args, **kwargs)`."""
    runner = asyncio.Runner()
    with module_service.client(retry=None) as client:
        async_client = module_service.async_client(retry=None)
        yield {
            "sync": lambda name, *a, **k: getattr(client, name)(*a, **k),
            "async": lambda name, *a, **k: runner.run(getattr(async_client, name)(*a, **k)),
        }
        runner.run(async_client.aclose())
    runner.close()


MODES = ["sync", "async"]


@pytest.mark.parametrize("mode", MODES)
@examples(60)
@given(status=statuses, body=bodies)
def test_any_status_and_body_through_the_client_is_a_session_or_an_aidp_error(
    service: LocalNotebookService, calls: dict[str, Call], mode: str, status: int, body: bytes
) -> None:
    service.inject(Fault(status=status, body=body, headers={"content-type": "application/json"}))
    result: Session | AidpError
    try:
        result = calls[mode]("get_session", *IDS)
    except AidpError as error:  # anything else fails the test
        result = error
    event(type(result).__name__)
    if isinstance(result, Session):
        assert 200 <= status < 300
        _check_session(result)
    elif status >= 300:
        assert type(result) is service_error_class(status)
        assert isinstance(result, ServiceError)
        assert result.status == status
    else:
        assert isinstance(result, InvalidResponseError)
        assert result.status == status


# -- (b) the request builder -------------------------------------------------------------

one_id = st.one_of(
    st.text(max_size=24),
    st.sampled_from(
        ["", " ", ".", "..", "...", "%", "%2e%2e", "a/b", "?", "#", "\u2028", "\ud800"]
    ),
)
# The seeded ids now and then, so that some requests find their session (200).
id_triples = st.one_of(st.just(IDS), st.tuples(one_id, one_id, one_id))
request_ids = st.one_of(
    st.none(),
    st.text(max_size=24),
    st.from_regex(r"[A-Za-z0-9_-]{1,200}", fullmatch=True),
)


def _segments(target: str) -> list[str]:
    path = target.split("?", 1)[0]
    return [urllib.parse.unquote(part, errors="strict") for part in path.split("/")]


@pytest.mark.parametrize("mode", MODES)
@examples(100)
@given(triple=id_triples, request_id=request_ids)
def test_ids_arrive_intact_and_signed_or_nothing_is_sent(
    service: LocalNotebookService,
    calls: dict[str, Call],
    mode: str,
    triple: tuple[str, str, str],
    request_id: str | None,
) -> None:
    platform, workspace, session_id = triple
    before = len(service.requests)
    try:
        calls[mode]("get_session", platform, workspace, session_id, opc_request_id=request_id)
    except (ValueError, TypeError):
        assert len(service.requests) == before  # refused: not a byte sent
        event("refused")
        return
    except NotFoundError:
        event("sent: 404")  # arrived, and names no stored session: fine
    else:
        event("sent: 200")
    recorded = service.requests[-1]
    assert len(service.requests) == before + 1
    assert recorded.signature_valid, recorded.signature_problem
    # /20260430/aiDataPlatforms/{p}/workspaces/{w}/notebook/api/sessions/{s}
    segments = _segments(recorded.target)
    assert len(segments) == 10
    assert [segments[3], segments[5], segments[9]] == [platform, workspace, session_id]
    if request_id is not None:
        assert recorded.headers["opc-request-id"] == request_id
    else:
        assert re.fullmatch(r"[0-9A-F]{32}", recorded.headers["opc-request-id"])


@pytest.mark.parametrize("mode", MODES)
@examples(60)
@given(path=st.one_of(st.text(max_size=30), st.sampled_from(["/a b/c+d.ipynb", "?x=1&y", "%41"])))
def test_list_filters_arrive_intact_and_signed_or_nothing_is_sent(
    service: LocalNotebookService, calls: dict[str, Call], mode: str, path: str
) -> None:
    before = len(service.requests)
    try:
        calls[mode]("list_sessions", *IDS[:2], path=path)
    except (ValueError, TypeError):
        assert len(service.requests) == before
        event("refused")
        return
    recorded = service.requests[-1]
    assert len(service.requests) == before + 1
    assert recorded.signature_valid, recorded.signature_problem
    query = recorded.target.split("?", 1)[1]
    assert urllib.parse.parse_qs(query, keep_blank_values=True, errors="strict") == {"path": [path]}


header_values = st.one_of(
    st.text(max_size=24),
    st.text(string.printable, min_size=1, max_size=40),
    st.from_regex(r"[\x21-\x7e]{1,64}", fullmatch=True),
)


@pytest.mark.parametrize("mode", MODES)
@examples(40)
@given(etag=header_values)
def test_if_match_values_arrive_intact_or_nothing_is_sent(
    service: LocalNotebookService, calls: dict[str, Call], mode: str, etag: str
) -> None:
    before = len(service.requests)
    try:
        calls[mode]("delete_session", *IDS[:2], "no-such-session", if_match=etag)
    except (ValueError, TypeError):
        assert len(service.requests) == before
        event("refused")
        return
    except NotFoundError:
        event("sent")
    recorded = service.requests[-1]
    assert len(service.requests) == before + 1
    assert recorded.signature_valid, recorded.signature_problem
    assert recorded.headers["if-match"] == etag


# -- the command's output ------------------------------------------------------------------


@examples(100)
@given(text=st.text())
def test_table_cells_and_failure_paragraphs_are_always_printable(text: str) -> None:
    assert cell(text).isprintable()
    session = Session.from_dict({"id": text, "name": text, "path": text, "type": text})
    assert all(line.isprintable() for line in render(session, "table").splitlines())  # type: ignore[union-attr]
    error = ServiceError(status=500, code=text, message=text, opc_request_id="x")
    assert describe(error, Situation()).isprintable()


@examples(100)
@given(text=st.text())
def test_json_output_is_printable_and_round_trips(text: str) -> None:
    # An unknown field of any name: "zz" keeps it clear of the model's own (a drawn
    # "lifecycleState" would be a misfit of that field instead).
    session = Session.from_dict({"id": text, "name": "n", "zz" + text: [text]})
    output = render(session, "json")
    assert output is not None
    assert all(line.isprintable() for line in output.splitlines())
    assert json.loads(output)["data"] == session.to_dict()


datetimes = st.datetimes(
    min_value=datetime.datetime(1970, 1, 2), max_value=datetime.datetime(2200, 1, 1)
)


@examples(200)
@given(when=datetimes, now=datetimes)
def test_relative_times_read_right(when: datetime.datetime, now: datetime.datetime) -> None:
    utc_now = now.replace(tzinfo=datetime.UTC)
    text = relative_time(when, utc_now)  # naive: taken as UTC
    seconds = (utc_now - when.replace(tzinfo=datetime.UTC)).total_seconds()
    if abs(seconds) < 1:
        assert text == "just now"
    elif seconds > 0:
        assert re.fullmatch(r"1 (second|minute|hour|day|month|year) ago|\d+ \w+s ago", text)
    else:
        assert re.fullmatch(r"in (1 \w+|\d+ \w+s)", text)
    # An aware time in another zone reads the same as its UTC equivalent.
    east = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
    aware = when.replace(tzinfo=datetime.UTC).astimezone(east)
    assert relative_time(aware, utc_now) == text
