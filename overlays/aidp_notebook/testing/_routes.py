"""Routing of the five notebook-sessions operations onto the store.

Paths are split on "/" while still percent-encoded and each segment is decoded on its own,
so an id holding "/", "?", "#", "%" or non-ASCII text reaches the store intact.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .._version import API_VERSION
from ._backend import SessionBackend
from ._errors import ApiError
from ._http import Response
from ._list_pages import ListPaging, page_of, paging_params
from ._payloads import parse_create_details, parse_patch_details
from ._signature import ReceivedRequest

_COLLECTION = (API_VERSION, "aiDataPlatforms", None, "workspaces", None, "notebook", "api")
_LIST_FILTERS = ("agentFlowKey", "cluster_id", "path")
_MAX_RETRY_TOKEN = 64


def json_response(status: int, value: Any, headers: Mapping[str, str] | None = None) -> Response:
    body = json.dumps(value, ensure_ascii=False).encode("utf-8")
    return Response(status, {"content-type": "application/json", **(headers or {})}, body)


@dataclass(frozen=True)
class Route:
    platform: str
    workspace: str
    session_id: str | None  # None for the collection
    collection_path: str  # raw, as the client sent it; the base of `location`


def _decode(segment: str) -> str:
    try:
        return urllib.parse.unquote(segment, errors="strict")
    except UnicodeDecodeError:
        raise ApiError(400, "a path segment is not valid percent-encoded UTF-8") from None


def normalise_prefix(path_prefix: str) -> str:
    prefix = path_prefix.strip()
    if any(char in prefix for char in "?# "):
        raise ValueError("path_prefix must be a plain path such as '/api'")
    prefix = prefix.rstrip("/")
    return f"/{prefix.lstrip('/')}" if prefix else ""


def match_route(path: str, prefix: str) -> Route:
    """The session route `path` names, or 404 for anything else."""
    if not path.startswith(prefix + "/"):
        raise ApiError(404, "no such resource")
    raw = path[len(prefix) + 1 :].split("/")
    if len(raw) not in (8, 9):
        raise ApiError(404, "no such resource")
    segments = [_decode(segment) for segment in raw]
    for expected, actual in zip(_COLLECTION, segments, strict=False):
        if expected is not None and expected != actual:
            raise ApiError(404, "no such resource")
    if segments[7] != "sessions":
        raise ApiError(404, "no such resource")
    session_id = segments[8] if len(segments) == 9 else None
    collection = prefix + "/" + "/".join(raw[:8])
    return Route(segments[2], segments[4], session_id, collection)


def _query_pairs(query: str) -> list[tuple[str, str]]:
    try:
        return urllib.parse.parse_qsl(query, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise ApiError(400, "the query string is not valid percent-encoded UTF-8") from None


def _filters(pairs: list[tuple[str, str]]) -> dict[str, str]:
    filters: dict[str, str] = {}
    for name, value in pairs:
        if name not in _LIST_FILTERS:
            continue  # like the service: unknown query parameters are ignored
        if name in filters:
            raise ApiError(400, f"query parameter {name} is given more than once")
        filters[name] = value
    return filters


def _one(headers: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = headers.get(name)
    return values[0] if values else None


class Router:
    def __init__(
        self, store: SessionBackend, prefix: str, origin: str, *, paging: ListPaging | None = None
    ) -> None:
        self._store = store
        self._prefix = prefix
        self._origin = origin  # scheme://host:port, for absolute `location` URLs
        self._paging = paging or ListPaging()

    def handle(self, request: ReceivedRequest) -> Response:
        path, _, query = request.target.partition("?")
        route = match_route(path, self._prefix)
        method = request.method.upper()
        if route.session_id is None:
            if method == "GET":
                return self._list(route, query)
            if method == "POST":
                return self._create(route, request)
            raise ApiError(405, "method not allowed here", headers={"allow": "GET, POST"})
        if method == "GET":
            snapshot = self._store.get(route.platform, route.workspace, route.session_id)
            return json_response(200, snapshot.session, {"etag": snapshot.etag})
        if method == "PATCH":
            details = parse_patch_details(request.body)
            if_match = _one(request.headers, "if-match")
            args = (route.platform, route.workspace, route.session_id)
            snapshot = self._store.patch(*args, details, if_match)
            return json_response(200, snapshot.session, {"etag": snapshot.etag})
        if method == "DELETE":
            if_match = _one(request.headers, "if-match")
            self._store.delete(route.platform, route.workspace, route.session_id, if_match)
            return Response(204)
        raise ApiError(405, "method not allowed here", headers={"allow": "DELETE, GET, PATCH"})

    def _list(self, route: Route, query: str) -> Response:
        pairs = _query_pairs(query)
        items, etag = self._store.list_sessions(route.platform, route.workspace, _filters(pairs))
        page, next_page = page_of(items, paging_params(pairs), self._paging)
        headers = {"etag": etag, **({"opc-next-page": next_page} if next_page else {})}
        return json_response(200, {"items": page}, headers)

    def _create(self, route: Route, request: ReceivedRequest) -> Response:
        details = parse_create_details(request.body)
        token = _one(request.headers, "opc-retry-token")
        if token is not None and not 1 <= len(token) <= _MAX_RETRY_TOKEN:
            raise ApiError(400, "opc-retry-token must be 1 to 64 characters long")
        created = self._store.create(route.platform, route.workspace, details, token)
        session = created.snapshot.session
        location = f"{route.collection_path}/{urllib.parse.quote(session['id'], safe='')}"
        headers = {
            "etag": created.snapshot.etag,
            "location": self._origin + location,
            "opc-work-request-id": created.work_request_id,
        }
        return json_response(201, session, headers)
