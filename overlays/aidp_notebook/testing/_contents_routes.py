"""Routing of the six contents operations onto the contents store.

`RouterWithContents` answers the contents routes (`…/notebook/api/contents/{contentPath}`
and `…/notebook/api/actions/export/contents/{contentPath}`) and hands every other
request to the sessions `Router`, so the pipeline and the HTTP server are unchanged.
Query parameters, headers and bodies are checked here; what they mean is the store's.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any, cast

from ._backend import SessionBackend
from ._contents import (
    KINDS,
    ContentsStore,
    Kind,
    ReasonedError,
    Saved,
    api_error_for,
    new_work_request_id,
)
from ._contents_paths import (
    ContentsTarget,
    match_contents,
    match_objects,
    normalise_path,
    quote_path,
)
from ._errors import ApiError
from ._http import Response
from ._list_pages import ListPaging, page_of, paging_params
from ._payloads import load_object, string_fields
from ._routes import Router, json_response
from ._signature import ReceivedRequest
from ._store import SessionStore

_MAX_RETRY_TOKEN = 64
_FORMATS = ("text", "base64", "json")
_EXPORT_FORMATS = ("ipynb", "html")
_METHODS = "DELETE, GET, PATCH, POST, PUT"
_OBJECT_SORTS = {"displayName": ("displayName", False), "timeCreated": ("timeCreated", True)}


def _header(headers: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = headers.get(name)
    return ", ".join(values) if values else None


def _flag(headers: Mapping[str, Sequence[str]]) -> bool:
    """should-update-recent: `true` or `false` in any case (the SDKs differ), else 400."""
    value = _header(headers, "should-update-recent")
    if value is None:
        return False
    word = value.strip().lower()
    if word not in ("true", "false"):
        raise ApiError(400, "should-update-recent must be true or false")
    return word == "true"


def _query(query: str) -> dict[str, str]:
    try:
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise ApiError(400, "the query string is not valid percent-encoded UTF-8") from None
    found: dict[str, str] = {}
    for name, value in pairs:
        if name not in ("type", "format", "content", "hash"):
            continue  # unknown query parameters are ignored
        if name in found:
            raise ApiError(400, f"query parameter {name} is given more than once")
        found[name] = value
    return found


def _zero_or_one(query: Mapping[str, str], name: str, default: bool) -> bool:
    value = query.get(name)
    if value is None:
        return default
    if value not in ("0", "1"):
        raise ApiError(400, f"query parameter {name} must be 0 or 1, not {value!r}")
    return value == "1"


class ContentsRouter:
    def __init__(
        self,
        contents: ContentsStore,
        sessions: SessionStore,
        prefix: str,
        origin: str,
        *,
        paging: ListPaging | None = None,
    ) -> None:
        self._contents = contents
        self._sessions = sessions
        self._prefix = prefix
        self._origin = origin
        self._paging = paging or ListPaging()

    def handle(self, request: ReceivedRequest) -> Response | None:
        """The answer to a contents request, or None when `request` is for another route."""
        path, _, query = request.target.partition("?")
        workspace = match_objects(path, self._prefix)
        if workspace is not None:
            return self._list_objects(workspace, request, query)
        target = match_contents(path, self._prefix)
        if target is None:
            return None
        if not self._sessions.has_workspace(target.platform, target.workspace):
            raise ApiError(404, "workspace not found, or not authorized")
        try:
            return self._dispatch(target, request, query)
        except OSError as exc:
            raise api_error_for(exc, target.path) from None

    def _list_objects(
        self, workspace: tuple[str, str], request: ReceivedRequest, query: str
    ) -> Response:
        """ListWorkspaceObjects: the entries of a folder of the contents tree, paged."""
        if request.method.upper() != "GET":
            raise ApiError(405, "method not allowed here", headers={"allow": "GET"})
        if not self._sessions.has_workspace(*workspace):
            raise ApiError(404, "workspace not found, or not authorized")
        try:
            pairs = urllib.parse.parse_qsl(query, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            raise ApiError(400, "the query string is not valid percent-encoded UTF-8") from None
        filters: dict[str, str] = {}
        for name, value in pairs:
            if name in ("path", "type", "displayName", "sortBy", "sortOrder"):
                if name in filters:
                    raise ApiError(400, f"query parameter {name} is given more than once")
                filters[name] = value
        folder = filters.get("path")
        if folder is None:
            raise ApiError(400, "query parameter path is required")
        if not folder.startswith("/"):
            raise ApiError(400, f"path must be absolute, with a leading '/': not {folder!r}")
        recent = _flag(request.headers)
        local = normalise_path(folder, "path")
        try:
            items = self._contents.list_objects(local)
        except OSError as exc:
            raise api_error_for(exc, local) from None
        items = [
            item
            for item in items
            if filters.get("type", item["type"]) == item["type"]
            and filters.get("displayName", item["displayName"]) == item["displayName"]
        ]
        items = self._sorted_objects(items, filters)
        if recent:
            self._contents.touch_recent(local)
        limits = {k: v for k, v in paging_params(pairs).items() if k in ("limit", "page")}
        page, next_page = page_of(items, limits, self._paging)
        headers = {"opc-next-page": next_page} if next_page else {}
        return json_response(200, {"items": page}, headers)

    @staticmethod
    def _sorted_objects(items: list[dict[str, Any]], filters: Mapping[str, str]) -> list[Any]:
        sort_by, order = filters.get("sortBy"), filters.get("sortOrder")
        if sort_by is not None and sort_by not in _OBJECT_SORTS:
            raise ApiError(400, "sortBy must be timeCreated or displayName")
        if order is not None and order not in ("ASC", "DESC"):
            raise ApiError(400, "sortOrder must be ASC or DESC")
        if sort_by is None:
            return items  # name order, as the store lists a folder
        key, newest_first = _OBJECT_SORTS[sort_by]
        descending = order == "DESC" if order is not None else newest_first
        return sorted(items, key=lambda item: str(item[key]), reverse=descending)

    def _dispatch(self, target: ContentsTarget, request: ReceivedRequest, query: str) -> Response:
        method = request.method.upper()
        if target.action == "export":
            if method != "POST":
                raise ApiError(405, "method not allowed here", headers={"allow": "POST"})
            return self._export(target, request)
        if method == "GET":
            return self._get(target, request, _query(query))
        if method == "POST":
            return self._create(target, request)
        if method == "PUT":
            return self._save(target, request)
        if method == "PATCH":
            return self._rename(target, request)
        if method == "DELETE":
            return self._delete(target, request)
        raise ApiError(405, "method not allowed here", headers={"allow": _METHODS})

    def _location(self, target: ContentsTarget, path: str) -> str:
        return f"{self._origin}{target.base}/{quote_path(path, target.several_segments)}"

    def _written(self, target: ContentsTarget, status: int, saved: Saved) -> Response:
        headers = {
            "etag": saved.etag,
            "location": self._location(target, saved.model["path"]),
            "opc-work-request-id": saved.work_request_id,
        }
        return json_response(status, saved.model, headers)

    def _get(
        self, target: ContentsTarget, request: ReceivedRequest, query: Mapping[str, str]
    ) -> Response:
        kind, fmt = query.get("type"), query.get("format")
        if kind is not None and kind not in KINDS:
            raise ReasonedError(400, "type must be file, directory or notebook", "bad type")
        if fmt is not None and fmt not in _FORMATS:
            raise ReasonedError(400, "format must be text, base64 or json", "bad format")
        content = _zero_or_one(query, "content", True)
        want_hash = _zero_or_one(query, "hash", False)
        recent = _flag(request.headers)
        model, etag, modified = self._contents.get(
            target.path,
            kind=cast(Kind | None, kind),  # checked against KINDS above
            fmt=fmt,
            content=content,
            want_hash=want_hash,
        )
        if recent:
            self._contents.touch_recent(target.path)
        return json_response(200, model, {"etag": etag, "last-modified": modified})

    def _create(self, target: ContentsTarget, request: ReceivedRequest) -> Response:
        token = _header(request.headers, "opc-retry-token")
        if token is not None and not 1 <= len(token) <= _MAX_RETRY_TOKEN:
            raise ApiError(400, "opc-retry-token must be 1 to 64 characters long")
        recent = _flag(request.headers)
        source = load_object(request.body, "CreateContentDetails")
        details = string_fields(source, ("copy_from", "ext", "type"), "CreateContentDetails.")
        saved, _replayed = self._contents.create(target.path, details, token)
        if recent:
            self._contents.touch_recent(saved.model["path"])
        return self._written(target, 201, saved)

    def _save(self, target: ContentsTarget, request: ReceivedRequest) -> Response:
        if_match = _header(request.headers, "if-match")
        recent = _flag(request.headers)
        source = load_object(request.body, "UpdateContentDetails")
        if source.get("copy_from") is not None:
            raise ApiError(400, "copy_from is for POST; PUT saves the content it is given")
        names = ("name", "path", "type", "format")
        details = string_fields(source, names, "UpdateContentDetails.")
        if "content" in source:
            details["content"] = source["content"]
        saved = self._contents.save(target.path, details, if_match)
        if recent:
            self._contents.touch_recent(target.path)
        return self._written(target, 201 if saved.created else 200, saved)

    def _rename(self, target: ContentsTarget, request: ReceivedRequest) -> Response:
        if_match = _header(request.headers, "if-match")
        recent = _flag(request.headers)
        source = load_object(request.body, "ModifyContentDetails")
        details = string_fields(source, ("path",), "ModifyContentDetails.")
        new_path = normalise_path(details.get("path", target.path), "ModifyContentDetails.path")
        saved = self._contents.rename(target.path, new_path, if_match)
        if new_path != target.path:
            # Sessions opened on the file (or inside the directory) move with it.
            self._sessions.follow_content_move(target.path, new_path)
        if recent:
            self._contents.touch_recent(new_path)
        return self._written(target, 200, saved)

    def _delete(self, target: ContentsTarget, request: ReceivedRequest) -> Response:
        self._contents.delete(target.path, _header(request.headers, "if-match"))
        headers = {
            "location": self._location(target, target.path),
            "opc-work-request-id": new_work_request_id(),
        }
        return Response(204, headers)

    def _export(self, target: ContentsTarget, request: ReceivedRequest) -> Response:
        source = load_object(request.body, "ExportContentsDetails")
        fmt = string_fields(source, ("format",), "ExportContentsDetails.").get("format", "ipynb")
        if fmt not in _EXPORT_FORMATS:
            raise ReasonedError(400, "format must be ipynb or html", "bad format")
        body, etag = self._contents.export(target.path, fmt)
        return json_response(200, body, {"etag": etag})


class RouterWithContents(Router):
    """The sessions router, with the contents routes answered first."""

    def __init__(
        self,
        store: SessionBackend,
        prefix: str,
        origin: str,
        contents: ContentsRouter,
        *,
        paging: ListPaging | None = None,
    ) -> None:
        super().__init__(store, prefix, origin, paging=paging)
        self._contents = contents

    def handle(self, request: ReceivedRequest) -> Response:
        response = self._contents.handle(request)
        return response if response is not None else super().handle(request)
