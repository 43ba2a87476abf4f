"""The checks on caller input that mutation testing showed no test held (issue 25).

The length limit is sent at its boundary over loopback (4,096 characters reach the
service, 4,097 never leave the client); the type rules of query parameters, request
ids, header values and names are pinned on the module's own functions.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from typing import Union

import pytest
from aidp_notebook import NotFoundError
from aidp_notebook._validation import (
    MAX_PARAM_LENGTH,
    check_header_value,
    check_name,
    check_path_param,
    check_query_param,
    check_request_id,
    new_request_id,
    parameter_types,
)
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_WORKSPACE_KEY,
    LocalNotebookService,
)
from aidp_notebook_client.types import UNSET, Unset

WORKSPACE = (SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY)


# -- the 4,096-character limit ----------------------------------------------------------


def test_the_limit_is_4096_characters() -> None:
    assert MAX_PARAM_LENGTH == 4096


def test_an_id_of_4096_characters_is_sent(service: LocalNotebookService) -> None:
    with service.client(retry=None) as client, pytest.raises(NotFoundError):
        client.get_session(*WORKSPACE, "s" * 4096)
    assert len(service.requests) == 1
    assert urllib.parse.urlsplit(service.requests[0].target).path.endswith("/" + "s" * 4096)


def test_an_id_of_4097_characters_is_refused_before_sending(
    service: LocalNotebookService,
) -> None:
    with (
        service.client(retry=None) as client,
        pytest.raises(ValueError, match="session_id is 4097 characters long") as caught,
    ):
        client.get_session(*WORKSPACE, "s" * 4097)
    assert "at most 4096 characters" in str(caught.value)
    assert service.requests == []


def test_a_filter_of_4096_characters_is_sent_and_4097_refused(
    service: LocalNotebookService,
) -> None:
    with service.client(retry=None) as client:
        client.list_sessions(*WORKSPACE, cluster_id="c" * 4096)
        assert len(service.requests) == 1
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(service.requests[0].target).query)
        assert query["cluster_id"] == ["c" * 4096]
        with pytest.raises(ValueError, match="cluster_id is 4097 characters long"):
            client.list_sessions(*WORKSPACE, cluster_id="c" * 4097)
    assert len(service.requests) == 1


@pytest.mark.parametrize("length", [4096, 4097])
def test_the_limit_holds_for_path_and_query_checks_alike(length: int) -> None:
    value = "x" * length
    if length <= 4096:
        assert check_path_param("id", value) == value
        assert check_query_param("q", value, str) == value
    else:
        with pytest.raises(ValueError, match=f"id is {length} characters long"):
            check_path_param("id", value)
        with pytest.raises(ValueError, match=f"q is {length} characters long"):
            check_query_param("q", value, str)


def test_a_lone_surrogate_is_refused() -> None:
    with pytest.raises(ValueError, match="id is not valid Unicode text"):
        check_path_param("id", "a\udc80b")
    with pytest.raises(ValueError, match="q is not valid Unicode text"):
        check_query_param("q", "a\udc80b", str)


# -- path parameters --------------------------------------------------------------------


@pytest.mark.parametrize("value", [".", ".."])
def test_dot_segments_are_refused_as_ids(value: str) -> None:
    with pytest.raises(ValueError, match="it would address a different resource"):
        check_path_param("id", value)


@pytest.mark.parametrize("value", ["...", ".a", "a.b", "ocid1.x"])
def test_dots_inside_an_id_are_fine(value: str) -> None:
    assert check_path_param("id", value) == value


@pytest.mark.parametrize("value", ["", "  ", "\t"])
def test_blank_ids_are_refused(value: str) -> None:
    with pytest.raises(ValueError, match="id must not be blank"):
        check_path_param("id", value)


@pytest.mark.parametrize("value", [None, 7, b"id", ["id"]])
def test_ids_must_be_text(value: object) -> None:
    with pytest.raises(TypeError, match="id must be a str"):
        check_path_param("id", value)


# -- query parameters -------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(True, int), (False, int), (True, str)])
def test_a_bool_is_not_an_int_or_a_str(value: bool, expected: type) -> None:
    with pytest.raises(TypeError, match=f"q must be an? {expected.__name__}, got bool"):
        check_query_param("q", value, expected)


def test_a_bool_is_a_bool() -> None:
    assert check_query_param("q", True, bool) is True
    assert check_query_param("q", False, bool) is False


@pytest.mark.parametrize(
    ("value", "expected"), [(1, float), ("1", int), (1.0, int), (b"x", str), (1, str)]
)
def test_query_values_of_another_type_are_refused(value: object, expected: type) -> None:
    with pytest.raises(TypeError, match="q must be"):
        check_query_param("q", value, expected)


@pytest.mark.parametrize(
    ("value", "expected"), [(0, int), (25, int), (1.5, float), (-2.0, float), ("a", str)]
)
def test_query_values_of_their_type_are_returned(value: object, expected: type) -> None:
    assert check_query_param("q", value, expected) == value


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_nan_and_infinity_are_refused_for_a_float(value: float) -> None:
    with pytest.raises(ValueError, match="q must be a finite number"):
        check_query_param("q", value, float)


def test_an_empty_string_is_refused_for_a_str() -> None:
    with pytest.raises(ValueError, match="q must not be empty"):
        check_query_param("q", "", str)


@pytest.mark.parametrize("value", [True, b"x", float("nan"), "", object()])
def test_an_undeclared_type_is_passed_through(value: object) -> None:
    assert check_query_param("q", value, None) is value


def test_the_declared_types_of_a_builder() -> None:
    def build(
        *,
        text: str | Unset = UNSET,
        count: int | Unset | None = UNSET,
        ratio: Union[float, None] = None,  # noqa: UP007 (the old spelling is read too)
        flag: bool = False,
        either: int | str | Unset = UNSET,
        items: list[str] | Unset = UNSET,
    ) -> dict[str, object]:
        return {}

    assert parameter_types(build) == {"text": str, "count": int, "ratio": float, "flag": bool}


def test_a_union_of_two_types_is_checked_against_neither() -> None:
    def build(*, either: int | str | Unset = UNSET, other: str | float = "") -> None:
        return None

    # Checked against one of the two, the other's values would be refused.
    assert parameter_types(build) == {}


def test_unresolvable_annotations_are_taken_as_written() -> None:
    def build(*, text: NoSuchType = None) -> None:  # type: ignore[name-defined]  # noqa: F821
        return None

    assert parameter_types(build) == {}


# -- request ids, header values, names --------------------------------------------------


def test_request_ids_are_32_upper_case_hex_and_fresh() -> None:
    ids = {new_request_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(re.fullmatch(r"[0-9A-F]{32}", value) for value in ids)


def test_a_forked_child_makes_other_request_ids_than_its_parent() -> None:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child)
        os.write(write, new_request_id().encode())
        os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    child = os.read(read, 64).decode()
    os.close(read)
    assert os.waitstatus_to_exitcode(status) == 0
    assert re.fullmatch(r"[0-9A-F]{32}", child)
    assert child != new_request_id()


def test_a_caller_request_id_is_checked() -> None:
    assert check_request_id("abc_DEF-123") == "abc_DEF-123"
    with pytest.raises(TypeError, match="opc_request_id must be a str"):
        check_request_id(123)
    with pytest.raises(ValueError, match="opc_request_id may contain only letters"):
        check_request_id("a b")
    with pytest.raises(ValueError, match="my_id may contain only letters"):
        check_request_id("", name="my_id")


def test_header_values_are_1_to_1024_visible_ascii_characters() -> None:
    assert check_header_value("h", "x") == "x"
    assert check_header_value("h", "x" * 1024) == "x" * 1024
    assert check_header_value("h", "x" * 8, max_length=8) == "x" * 8
    for bad in ("", "x" * 1025):
        with pytest.raises(ValueError, match="h must be 1 to 1024 characters long"):
            check_header_value("h", bad)
    with pytest.raises(ValueError, match="h must be 1 to 8 characters long, got 9"):
        check_header_value("h", "x" * 9, max_length=8)
    for bad in ("a b", "a\r\nb", "é"):
        with pytest.raises(ValueError, match="h may contain only visible ASCII"):
            check_header_value("h", bad)
    with pytest.raises(TypeError, match="h must be a str"):
        check_header_value("h", 5)


def test_names_are_non_blank_text() -> None:
    assert check_name("name", " n ") == " n "
    with pytest.raises(ValueError, match="name must not be blank"):
        check_name("name", "  ")
    with pytest.raises(TypeError, match="name must be a str"):
        check_name("name", None)
