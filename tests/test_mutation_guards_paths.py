"""Workspace paths (contentPath): each rule of _paths.py held at its edge (issue 25).

The wire forms are checked over loopback; the refusals on the module's own functions,
with the exact message, since the message is what tells the caller what to fix.
"""

from __future__ import annotations

import pytest
from aidp_notebook._paths import check_content_path_encoding, check_slash_path, encode_slash_path


@pytest.mark.parametrize("value", ["segment", "path"])
def test_the_two_encodings_are_accepted(value: str) -> None:
    assert check_content_path_encoding(value) == value


@pytest.mark.parametrize("value", ["Segment", "", None, "slash", b"path"])
def test_any_other_encoding_is_refused(value: object) -> None:
    with pytest.raises(ValueError, match="content_path_encoding must be 'segment'"):
        check_content_path_encoding(value)


@pytest.mark.parametrize("value", ["a", "Shared/analysis.ipynb", "a/b/c.txt", "a b/ü.py", "..a/b."])
def test_a_relative_path_is_returned_as_given(value: str) -> None:
    assert check_slash_path("path", value) == value


@pytest.mark.parametrize("value", [None, 3, b"a/b"])
def test_a_path_must_be_text(value: object) -> None:
    with pytest.raises(TypeError, match="path must be a str"):
        check_slash_path("path", value)


def test_a_path_is_checked_like_any_path_parameter() -> None:
    with pytest.raises(ValueError, match="path must not be blank"):
        check_slash_path("path", "  ")
    with pytest.raises(ValueError, match="path is 4097 characters long"):
        check_slash_path("path", "a" * 4097)
    assert check_slash_path("path", "a" * 4096) == "a" * 4096


@pytest.mark.parametrize(("value", "position"), [("a\x00b", 1), ("\x1fa", 0), ("ab\x7f", 2)])
def test_control_characters_are_refused_with_their_position(value: str, position: int) -> None:
    with pytest.raises(ValueError, match="must not contain NUL or other control") as caught:
        check_slash_path("path", value)
    assert f"found {value[position]!r} at position {position}" in str(caught.value)


@pytest.mark.parametrize(
    ("value", "where"),
    [
        ("/a/b", "a leading '/'"),
        ("a/b/", "a trailing '/'"),
        ("a//b", "'//'"),
        ("a/b//c", "'//'"),
        ("a//", "'//'"),
    ],
)
def test_an_empty_segment_is_refused_saying_where(value: str, where: str) -> None:
    with pytest.raises(ValueError, match="has an empty segment") as caught:
        check_slash_path("path", value)
    assert f"({where})" in str(caught.value)


@pytest.mark.parametrize("value", ["a/./b", "a/..", "../a", "./a"])
def test_dot_segments_are_refused(value: str) -> None:
    with pytest.raises(ValueError, match="segment, which would address another file"):
        check_slash_path("path", value)


def test_the_encodings_differ_only_in_the_slash() -> None:
    assert encode_slash_path("a b/c%d.py", "segment") == "a%20b%2Fc%25d.py"
    assert encode_slash_path("a b/c%d.py", "path") == "a%20b/c%25d.py"
