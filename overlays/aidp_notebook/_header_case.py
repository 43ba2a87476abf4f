"""How boolean header parameters (`should-update-recent`) are spelled on the wire.

The generated request builders write `true`/`false`, as JSON and the Java SDK spell
them. Oracle's Python SDK 5.1.1 sends Python's `True`/`False`. Which the service takes
is unconfirmed, so the client option `boolean_header_case` switches: "lower" (the
default) or "title".
"""

from __future__ import annotations

from typing import Literal

BooleanHeaderCase = Literal["lower", "title"]
# The header parameters of the spec that are booleans.
BOOLEAN_HEADERS = frozenset({"should-update-recent"})


def check_boolean_header_case(value: object) -> BooleanHeaderCase:
    if value == "lower":
        return "lower"
    if value == "title":
        return "title"
    raise ValueError(
        "boolean_header_case must be 'lower' (send true/false) or 'title' (send True/False, "
        f"as Oracle's Python SDK does), got {value!r}"
    )


def spelled(name: str, value: str, case: BooleanHeaderCase) -> str:
    """`value` of the header `name` (lower case) as `case` spells a boolean."""
    if case == "title" and name in BOOLEAN_HEADERS and value in ("true", "false"):
        return value.title()
    return value
