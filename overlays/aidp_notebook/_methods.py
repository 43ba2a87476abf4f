"""Derive the plain method of an operation from its `_detailed` twin.

`get_session = data_of(get_session_detailed)` gives a method with the same
signature and docstring that returns `.data` instead of the ApiResponse.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from ._response import ApiResponse

P = ParamSpec("P")
T = TypeVar("T")


def data_of(detailed: Callable[P, ApiResponse[T]]) -> Callable[P, T]:
    @functools.wraps(detailed)
    def method(*args: P.args, **kwargs: P.kwargs) -> T:
        return detailed(*args, **kwargs).data

    method.__name__ = detailed.__name__.removesuffix("_detailed")
    method.__qualname__ = detailed.__qualname__.removesuffix("_detailed")
    return method


def async_data_of(detailed: Callable[P, Awaitable[ApiResponse[T]]]) -> Callable[P, Awaitable[T]]:
    @functools.wraps(detailed)
    async def method(*args: P.args, **kwargs: P.kwargs) -> T:
        return (await detailed(*args, **kwargs)).data

    method.__name__ = detailed.__name__.removesuffix("_detailed")
    method.__qualname__ = detailed.__qualname__.removesuffix("_detailed")
    return method
