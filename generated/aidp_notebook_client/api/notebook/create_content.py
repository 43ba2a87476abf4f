from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.content import Content
from ...models.create_content_details import CreateContentDetails
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    ai_data_platform_id: str,
    workspace_key: str,
    content_path: str,
    *,
    body: CreateContentDetails,
    opc_retry_token: str | Unset = UNSET,
    datalake_tenant_id: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(opc_retry_token, Unset):
        headers["opc-retry-token"] = opc_retry_token

    if not isinstance(datalake_tenant_id, Unset):
        headers["datalake-tenant-id"] = datalake_tenant_id

    if not isinstance(opc_request_id, Unset):
        headers["opc-request-id"] = opc_request_id

    if not isinstance(should_update_recent, Unset):
        headers["should-update-recent"] = "true" if should_update_recent else "false"

    _kwargs: dict[str, Any] = {
        "method": "post",
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
    body: CreateContentDetails,
    opc_retry_token: str | Unset = UNSET,
    datalake_tenant_id: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> Response[Content | Error]:
    """Create a new notebook file or directory

     Creates a new, untitled, empty file, notebook or directory, or with `copy_from` a copy of an
    existing notebook. As in the Jupyter contents API that this operation mirrors (unconfirmed for
    AIDP), `contentPath` names the directory to create in, and the service picks the new name
    (`Untitled.ipynb`, `untitled.txt`, `Untitled Folder`, with a number added when the name is taken)
    and returns it in `path`. Give an `opc-retry-token` so that a retried request cannot create a second
    file.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        opc_retry_token (str | Unset):
        datalake_tenant_id (str | Unset):
        opc_request_id (str | Unset):
        should_update_recent (bool | Unset):
        body (CreateContentDetails): What to create: a new untitled file, notebook or directory,
            or, with `copy_from`, a copy of an existing notebook. No field is required.

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
        opc_retry_token=opc_retry_token,
        datalake_tenant_id=datalake_tenant_id,
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
    body: CreateContentDetails,
    opc_retry_token: str | Unset = UNSET,
    datalake_tenant_id: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> Content | Error | None:
    """Create a new notebook file or directory

     Creates a new, untitled, empty file, notebook or directory, or with `copy_from` a copy of an
    existing notebook. As in the Jupyter contents API that this operation mirrors (unconfirmed for
    AIDP), `contentPath` names the directory to create in, and the service picks the new name
    (`Untitled.ipynb`, `untitled.txt`, `Untitled Folder`, with a number added when the name is taken)
    and returns it in `path`. Give an `opc-retry-token` so that a retried request cannot create a second
    file.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        opc_retry_token (str | Unset):
        datalake_tenant_id (str | Unset):
        opc_request_id (str | Unset):
        should_update_recent (bool | Unset):
        body (CreateContentDetails): What to create: a new untitled file, notebook or directory,
            or, with `copy_from`, a copy of an existing notebook. No field is required.

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
        opc_retry_token=opc_retry_token,
        datalake_tenant_id=datalake_tenant_id,
        opc_request_id=opc_request_id,
        should_update_recent=should_update_recent,
    ).parsed


async def asyncio_detailed(
    ai_data_platform_id: str,
    workspace_key: str,
    content_path: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateContentDetails,
    opc_retry_token: str | Unset = UNSET,
    datalake_tenant_id: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> Response[Content | Error]:
    """Create a new notebook file or directory

     Creates a new, untitled, empty file, notebook or directory, or with `copy_from` a copy of an
    existing notebook. As in the Jupyter contents API that this operation mirrors (unconfirmed for
    AIDP), `contentPath` names the directory to create in, and the service picks the new name
    (`Untitled.ipynb`, `untitled.txt`, `Untitled Folder`, with a number added when the name is taken)
    and returns it in `path`. Give an `opc-retry-token` so that a retried request cannot create a second
    file.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        opc_retry_token (str | Unset):
        datalake_tenant_id (str | Unset):
        opc_request_id (str | Unset):
        should_update_recent (bool | Unset):
        body (CreateContentDetails): What to create: a new untitled file, notebook or directory,
            or, with `copy_from`, a copy of an existing notebook. No field is required.

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
        opc_retry_token=opc_retry_token,
        datalake_tenant_id=datalake_tenant_id,
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
    body: CreateContentDetails,
    opc_retry_token: str | Unset = UNSET,
    datalake_tenant_id: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> Content | Error | None:
    """Create a new notebook file or directory

     Creates a new, untitled, empty file, notebook or directory, or with `copy_from` a copy of an
    existing notebook. As in the Jupyter contents API that this operation mirrors (unconfirmed for
    AIDP), `contentPath` names the directory to create in, and the service picks the new name
    (`Untitled.ipynb`, `untitled.txt`, `Untitled Folder`, with a number added when the name is taken)
    and returns it in `path`. Give an `opc-retry-token` so that a retried request cannot create a second
    file.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        opc_retry_token (str | Unset):
        datalake_tenant_id (str | Unset):
        opc_request_id (str | Unset):
        should_update_recent (bool | Unset):
        body (CreateContentDetails): What to create: a new untitled file, notebook or directory,
            or, with `copy_from`, a copy of an existing notebook. No field is required.

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
            opc_retry_token=opc_retry_token,
            datalake_tenant_id=datalake_tenant_id,
            opc_request_id=opc_request_id,
            should_update_recent=should_update_recent,
        )
    ).parsed
