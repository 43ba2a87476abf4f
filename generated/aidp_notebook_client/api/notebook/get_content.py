from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.content import Content
from ...models.error import Error
from ...models.get_content_format import GetContentFormat
from ...models.get_content_type import GetContentType
from ...types import UNSET, Response, Unset


def _get_kwargs(
    ai_data_platform_id: str,
    workspace_key: str,
    content_path: str,
    *,
    type_: GetContentType | Unset = UNSET,
    format_: GetContentFormat | Unset = UNSET,
    content: int | Unset = UNSET,
    hash_: int | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(opc_request_id, Unset):
        headers["opc-request-id"] = opc_request_id

    if not isinstance(should_update_recent, Unset):
        headers["should-update-recent"] = "true" if should_update_recent else "false"

    params: dict[str, Any] = {}

    json_type_: str | Unset = UNSET
    if not isinstance(type_, Unset):
        json_type_ = type_.value

    params["type"] = json_type_

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params["content"] = content

    params["hash"] = hash_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/20260430/aiDataPlatforms/{ai_data_platform_id}/workspaces/{workspace_key}/notebook/api/contents/{content_path}".format(
            ai_data_platform_id=quote(str(ai_data_platform_id), safe=""),
            workspace_key=quote(str(workspace_key), safe=""),
            content_path=quote(str(content_path), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Content | Error:
    if response.status_code == 200:
        response_200 = Content.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Content | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    ai_data_platform_id: str,
    workspace_key: str,
    content_path: str,
    *,
    client: AuthenticatedClient | Client,
    type_: GetContentType | Unset = UNSET,
    format_: GetContentFormat | Unset = UNSET,
    content: int | Unset = UNSET,
    hash_: int | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> Response[Content | Error]:
    """Get file or directory content

     Returns the model of a file, notebook or directory, with its content unless `content=0`. `type` and
    `format` ask for a kind of model and a format of content; when the service cannot honour them (text
    asked for a binary file, a directory asked for as a file, and so on) it answers 400 with a message
    (and possibly a `reason` or `Reason` field; the name is unconfirmed) that says `bad format` or `bad
    type`. The documentation says a directory's content is the list of its entries, each without
    content; a newer SDK text says listing a directory is not supported (400 for `type=directory` with
    `content=1`, use `content=0` for its metadata). Which one the service does is unconfirmed, so a
    client must be ready for both. There is no paging. The date format of `Last-Modified` is unconfirmed
    (RFC 7231 or ISO 8601).

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        type_ (GetContentType | Unset):
        format_ (GetContentFormat | Unset):
        content (int | Unset):
        hash_ (int | Unset):
        opc_request_id (str | Unset):
        should_update_recent (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Content | Error]
    """

    kwargs = _get_kwargs(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        content_path=content_path,
        type_=type_,
        format_=format_,
        content=content,
        hash_=hash_,
        opc_request_id=opc_request_id,
        should_update_recent=should_update_recent,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    ai_data_platform_id: str,
    workspace_key: str,
    content_path: str,
    *,
    client: AuthenticatedClient | Client,
    type_: GetContentType | Unset = UNSET,
    format_: GetContentFormat | Unset = UNSET,
    content: int | Unset = UNSET,
    hash_: int | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> Content | Error | None:
    """Get file or directory content

     Returns the model of a file, notebook or directory, with its content unless `content=0`. `type` and
    `format` ask for a kind of model and a format of content; when the service cannot honour them (text
    asked for a binary file, a directory asked for as a file, and so on) it answers 400 with a message
    (and possibly a `reason` or `Reason` field; the name is unconfirmed) that says `bad format` or `bad
    type`. The documentation says a directory's content is the list of its entries, each without
    content; a newer SDK text says listing a directory is not supported (400 for `type=directory` with
    `content=1`, use `content=0` for its metadata). Which one the service does is unconfirmed, so a
    client must be ready for both. There is no paging. The date format of `Last-Modified` is unconfirmed
    (RFC 7231 or ISO 8601).

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        type_ (GetContentType | Unset):
        format_ (GetContentFormat | Unset):
        content (int | Unset):
        hash_ (int | Unset):
        opc_request_id (str | Unset):
        should_update_recent (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Content | Error
    """

    return sync_detailed(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        content_path=content_path,
        client=client,
        type_=type_,
        format_=format_,
        content=content,
        hash_=hash_,
        opc_request_id=opc_request_id,
        should_update_recent=should_update_recent,
    ).parsed


async def asyncio_detailed(
    ai_data_platform_id: str,
    workspace_key: str,
    content_path: str,
    *,
    client: AuthenticatedClient | Client,
    type_: GetContentType | Unset = UNSET,
    format_: GetContentFormat | Unset = UNSET,
    content: int | Unset = UNSET,
    hash_: int | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> Response[Content | Error]:
    """Get file or directory content

     Returns the model of a file, notebook or directory, with its content unless `content=0`. `type` and
    `format` ask for a kind of model and a format of content; when the service cannot honour them (text
    asked for a binary file, a directory asked for as a file, and so on) it answers 400 with a message
    (and possibly a `reason` or `Reason` field; the name is unconfirmed) that says `bad format` or `bad
    type`. The documentation says a directory's content is the list of its entries, each without
    content; a newer SDK text says listing a directory is not supported (400 for `type=directory` with
    `content=1`, use `content=0` for its metadata). Which one the service does is unconfirmed, so a
    client must be ready for both. There is no paging. The date format of `Last-Modified` is unconfirmed
    (RFC 7231 or ISO 8601).

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        type_ (GetContentType | Unset):
        format_ (GetContentFormat | Unset):
        content (int | Unset):
        hash_ (int | Unset):
        opc_request_id (str | Unset):
        should_update_recent (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Content | Error]
    """

    kwargs = _get_kwargs(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        content_path=content_path,
        type_=type_,
        format_=format_,
        content=content,
        hash_=hash_,
        opc_request_id=opc_request_id,
        should_update_recent=should_update_recent,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    ai_data_platform_id: str,
    workspace_key: str,
    content_path: str,
    *,
    client: AuthenticatedClient | Client,
    type_: GetContentType | Unset = UNSET,
    format_: GetContentFormat | Unset = UNSET,
    content: int | Unset = UNSET,
    hash_: int | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> Content | Error | None:
    """Get file or directory content

     Returns the model of a file, notebook or directory, with its content unless `content=0`. `type` and
    `format` ask for a kind of model and a format of content; when the service cannot honour them (text
    asked for a binary file, a directory asked for as a file, and so on) it answers 400 with a message
    (and possibly a `reason` or `Reason` field; the name is unconfirmed) that says `bad format` or `bad
    type`. The documentation says a directory's content is the list of its entries, each without
    content; a newer SDK text says listing a directory is not supported (400 for `type=directory` with
    `content=1`, use `content=0` for its metadata). Which one the service does is unconfirmed, so a
    client must be ready for both. There is no paging. The date format of `Last-Modified` is unconfirmed
    (RFC 7231 or ISO 8601).

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        type_ (GetContentType | Unset):
        format_ (GetContentFormat | Unset):
        content (int | Unset):
        hash_ (int | Unset):
        opc_request_id (str | Unset):
        should_update_recent (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Content | Error
    """

    return (
        await asyncio_detailed(
            ai_data_platform_id=ai_data_platform_id,
            workspace_key=workspace_key,
            content_path=content_path,
            client=client,
            type_=type_,
            format_=format_,
            content=content,
            hash_=hash_,
            opc_request_id=opc_request_id,
            should_update_recent=should_update_recent,
        )
    ).parsed
