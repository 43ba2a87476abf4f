from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.content import Content
from ...models.error import Error
from ...models.update_content_details import UpdateContentDetails
from ...types import UNSET, Response, Unset


def _get_kwargs(
    ai_data_platform_id: str,
    workspace_key: str,
    content_path: str,
    *,
    body: UpdateContentDetails,
    if_match: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["if-match"] = if_match

    if not isinstance(opc_request_id, Unset):
        headers["opc-request-id"] = opc_request_id

    if not isinstance(should_update_recent, Unset):
        headers["should-update-recent"] = "true" if should_update_recent else "false"

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/20260430/aiDataPlatforms/{ai_data_platform_id}/workspaces/{workspace_key}/notebook/api/contents/{content_path}".format(
            ai_data_platform_id=quote(str(ai_data_platform_id), safe=""),
            workspace_key=quote(str(workspace_key), safe=""),
            content_path=quote(str(content_path), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Content | Error:
    if response.status_code == 200:
        response_200 = Content.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = Content.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 412:
        response_412 = Error.from_dict(response.json())

        return response_412

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
    body: UpdateContentDetails,
    if_match: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> Response[Content | Error]:
    """Update notebook contents

     Saves a file, notebook or directory at `contentPath`: replaces what is there, or creates it (create-
    or-replace). The success status is unconfirmed: as in the Jupyter contents API, expect 200 when an
    existing file was replaced and 201 when a new one was created, and accept either. The body's `type`
    says what to save; a file needs `format` `text` or `base64` and its `content`, a notebook its
    nbformat JSON object. With `if-match`, the save happens only if the current etag still matches. The
    error responses are those of the session operations (unconfirmed for contents).

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        if_match (str | Unset):
        opc_request_id (str | Unset):
        should_update_recent (bool | Unset):
        body (UpdateContentDetails): The model to save at a path. No field is required (Oracle's
            SDK 5.1.1 included), though the Jupyter contents API this operation mirrors refuses a save
            without `type` (400), so the SDK's helpers always send it. A file or notebook also needs
            `content`, and a file `format` (`text` or `base64`).

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
        body=body,
        if_match=if_match,
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
    body: UpdateContentDetails,
    if_match: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> Content | Error | None:
    """Update notebook contents

     Saves a file, notebook or directory at `contentPath`: replaces what is there, or creates it (create-
    or-replace). The success status is unconfirmed: as in the Jupyter contents API, expect 200 when an
    existing file was replaced and 201 when a new one was created, and accept either. The body's `type`
    says what to save; a file needs `format` `text` or `base64` and its `content`, a notebook its
    nbformat JSON object. With `if-match`, the save happens only if the current etag still matches. The
    error responses are those of the session operations (unconfirmed for contents).

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        if_match (str | Unset):
        opc_request_id (str | Unset):
        should_update_recent (bool | Unset):
        body (UpdateContentDetails): The model to save at a path. No field is required (Oracle's
            SDK 5.1.1 included), though the Jupyter contents API this operation mirrors refuses a save
            without `type` (400), so the SDK's helpers always send it. A file or notebook also needs
            `content`, and a file `format` (`text` or `base64`).

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
        body=body,
        if_match=if_match,
        opc_request_id=opc_request_id,
        should_update_recent=should_update_recent,
    ).parsed


async def asyncio_detailed(
    ai_data_platform_id: str,
    workspace_key: str,
    content_path: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateContentDetails,
    if_match: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> Response[Content | Error]:
    """Update notebook contents

     Saves a file, notebook or directory at `contentPath`: replaces what is there, or creates it (create-
    or-replace). The success status is unconfirmed: as in the Jupyter contents API, expect 200 when an
    existing file was replaced and 201 when a new one was created, and accept either. The body's `type`
    says what to save; a file needs `format` `text` or `base64` and its `content`, a notebook its
    nbformat JSON object. With `if-match`, the save happens only if the current etag still matches. The
    error responses are those of the session operations (unconfirmed for contents).

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        if_match (str | Unset):
        opc_request_id (str | Unset):
        should_update_recent (bool | Unset):
        body (UpdateContentDetails): The model to save at a path. No field is required (Oracle's
            SDK 5.1.1 included), though the Jupyter contents API this operation mirrors refuses a save
            without `type` (400), so the SDK's helpers always send it. A file or notebook also needs
            `content`, and a file `format` (`text` or `base64`).

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
        body=body,
        if_match=if_match,
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
    body: UpdateContentDetails,
    if_match: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> Content | Error | None:
    """Update notebook contents

     Saves a file, notebook or directory at `contentPath`: replaces what is there, or creates it (create-
    or-replace). The success status is unconfirmed: as in the Jupyter contents API, expect 200 when an
    existing file was replaced and 201 when a new one was created, and accept either. The body's `type`
    says what to save; a file needs `format` `text` or `base64` and its `content`, a notebook its
    nbformat JSON object. With `if-match`, the save happens only if the current etag still matches. The
    error responses are those of the session operations (unconfirmed for contents).

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        if_match (str | Unset):
        opc_request_id (str | Unset):
        should_update_recent (bool | Unset):
        body (UpdateContentDetails): The model to save at a path. No field is required (Oracle's
            SDK 5.1.1 included), though the Jupyter contents API this operation mirrors refuses a save
            without `type` (400), so the SDK's helpers always send it. A file or notebook also needs
            `content`, and a file `format` (`text` or `base64`).

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
            body=body,
            if_match=if_match,
            opc_request_id=opc_request_id,
            should_update_recent=should_update_recent,
        )
    ).parsed
