from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_workspace_objects_sort_by import ListWorkspaceObjectsSortBy
from ...models.list_workspace_objects_sort_order import ListWorkspaceObjectsSortOrder
from ...models.workspace_object_collection import WorkspaceObjectCollection
from ...types import UNSET, Response, Unset


def _get_kwargs(
    ai_data_platform_id: str,
    workspace_key: str,
    *,
    path: str,
    type_: str | Unset = UNSET,
    display_name: str | Unset = UNSET,
    metadata_keys: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    page: str | Unset = UNSET,
    sort_order: ListWorkspaceObjectsSortOrder | Unset = UNSET,
    sort_by: ListWorkspaceObjectsSortBy | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(opc_request_id, Unset):
        headers["opc-request-id"] = opc_request_id

    if not isinstance(should_update_recent, Unset):
        headers["should-update-recent"] = "true" if should_update_recent else "false"

    params: dict[str, Any] = {}

    params["path"] = path

    params["type"] = type_

    params["displayName"] = display_name

    params["metadataKeys"] = metadata_keys

    params["limit"] = limit

    params["page"] = page

    json_sort_order: str | Unset = UNSET
    if not isinstance(sort_order, Unset):
        json_sort_order = sort_order.value

    params["sortOrder"] = json_sort_order

    json_sort_by: str | Unset = UNSET
    if not isinstance(sort_by, Unset):
        json_sort_by = sort_by.value

    params["sortBy"] = json_sort_by

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/20260430/aiDataPlatforms/{ai_data_platform_id}/workspaces/{workspace_key}/objects".format(
            ai_data_platform_id=quote(str(ai_data_platform_id), safe=""),
            workspace_key=quote(str(workspace_key), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | WorkspaceObjectCollection:
    if response.status_code == 200:
        response_200 = WorkspaceObjectCollection.from_dict(response.json())

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
) -> Response[Error | WorkspaceObjectCollection]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    ai_data_platform_id: str,
    workspace_key: str,
    *,
    client: AuthenticatedClient | Client,
    path: str,
    type_: str | Unset = UNSET,
    display_name: str | Unset = UNSET,
    metadata_keys: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    page: str | Unset = UNSET,
    sort_order: ListWorkspaceObjectsSortOrder | Unset = UNSET,
    sort_by: ListWorkspaceObjectsSortBy | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> Response[Error | WorkspaceObjectCollection]:
    """List workspace objects

     Returns the objects (folders, notebooks, files and other kinds) at a path of the workspace: the
    entries of a folder. From the Workspace Object API of Oracle's released SDK 5.1.1, where GetContent
    no longer lists a directory (400 for `type=directory` with `content=1`). `path` is absolute, with a
    leading `/` (`/Shared/Folder1`). Whether the listing is one level or recursive is unconfirmed; the
    SDK's helpers read it as one level. Paged: pass `limit`, and while the answer carries `opc-next-
    page`, ask again with that value as `page` and the same filters.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        path (str):
        type_ (str | Unset):
        display_name (str | Unset):
        metadata_keys (str | Unset):
        limit (int | Unset):
        page (str | Unset):
        sort_order (ListWorkspaceObjectsSortOrder | Unset):
        sort_by (ListWorkspaceObjectsSortBy | Unset):
        opc_request_id (str | Unset):
        should_update_recent (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WorkspaceObjectCollection]
    """

    kwargs = _get_kwargs(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        path=path,
        type_=type_,
        display_name=display_name,
        metadata_keys=metadata_keys,
        limit=limit,
        page=page,
        sort_order=sort_order,
        sort_by=sort_by,
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
    *,
    client: AuthenticatedClient | Client,
    path: str,
    type_: str | Unset = UNSET,
    display_name: str | Unset = UNSET,
    metadata_keys: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    page: str | Unset = UNSET,
    sort_order: ListWorkspaceObjectsSortOrder | Unset = UNSET,
    sort_by: ListWorkspaceObjectsSortBy | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> Error | WorkspaceObjectCollection | None:
    """List workspace objects

     Returns the objects (folders, notebooks, files and other kinds) at a path of the workspace: the
    entries of a folder. From the Workspace Object API of Oracle's released SDK 5.1.1, where GetContent
    no longer lists a directory (400 for `type=directory` with `content=1`). `path` is absolute, with a
    leading `/` (`/Shared/Folder1`). Whether the listing is one level or recursive is unconfirmed; the
    SDK's helpers read it as one level. Paged: pass `limit`, and while the answer carries `opc-next-
    page`, ask again with that value as `page` and the same filters.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        path (str):
        type_ (str | Unset):
        display_name (str | Unset):
        metadata_keys (str | Unset):
        limit (int | Unset):
        page (str | Unset):
        sort_order (ListWorkspaceObjectsSortOrder | Unset):
        sort_by (ListWorkspaceObjectsSortBy | Unset):
        opc_request_id (str | Unset):
        should_update_recent (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WorkspaceObjectCollection
    """

    return sync_detailed(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        client=client,
        path=path,
        type_=type_,
        display_name=display_name,
        metadata_keys=metadata_keys,
        limit=limit,
        page=page,
        sort_order=sort_order,
        sort_by=sort_by,
        opc_request_id=opc_request_id,
        should_update_recent=should_update_recent,
    ).parsed


async def asyncio_detailed(
    ai_data_platform_id: str,
    workspace_key: str,
    *,
    client: AuthenticatedClient | Client,
    path: str,
    type_: str | Unset = UNSET,
    display_name: str | Unset = UNSET,
    metadata_keys: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    page: str | Unset = UNSET,
    sort_order: ListWorkspaceObjectsSortOrder | Unset = UNSET,
    sort_by: ListWorkspaceObjectsSortBy | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> Response[Error | WorkspaceObjectCollection]:
    """List workspace objects

     Returns the objects (folders, notebooks, files and other kinds) at a path of the workspace: the
    entries of a folder. From the Workspace Object API of Oracle's released SDK 5.1.1, where GetContent
    no longer lists a directory (400 for `type=directory` with `content=1`). `path` is absolute, with a
    leading `/` (`/Shared/Folder1`). Whether the listing is one level or recursive is unconfirmed; the
    SDK's helpers read it as one level. Paged: pass `limit`, and while the answer carries `opc-next-
    page`, ask again with that value as `page` and the same filters.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        path (str):
        type_ (str | Unset):
        display_name (str | Unset):
        metadata_keys (str | Unset):
        limit (int | Unset):
        page (str | Unset):
        sort_order (ListWorkspaceObjectsSortOrder | Unset):
        sort_by (ListWorkspaceObjectsSortBy | Unset):
        opc_request_id (str | Unset):
        should_update_recent (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WorkspaceObjectCollection]
    """

    kwargs = _get_kwargs(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        path=path,
        type_=type_,
        display_name=display_name,
        metadata_keys=metadata_keys,
        limit=limit,
        page=page,
        sort_order=sort_order,
        sort_by=sort_by,
        opc_request_id=opc_request_id,
        should_update_recent=should_update_recent,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    ai_data_platform_id: str,
    workspace_key: str,
    *,
    client: AuthenticatedClient | Client,
    path: str,
    type_: str | Unset = UNSET,
    display_name: str | Unset = UNSET,
    metadata_keys: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    page: str | Unset = UNSET,
    sort_order: ListWorkspaceObjectsSortOrder | Unset = UNSET,
    sort_by: ListWorkspaceObjectsSortBy | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
    should_update_recent: bool | Unset = UNSET,
) -> Error | WorkspaceObjectCollection | None:
    """List workspace objects

     Returns the objects (folders, notebooks, files and other kinds) at a path of the workspace: the
    entries of a folder. From the Workspace Object API of Oracle's released SDK 5.1.1, where GetContent
    no longer lists a directory (400 for `type=directory` with `content=1`). `path` is absolute, with a
    leading `/` (`/Shared/Folder1`). Whether the listing is one level or recursive is unconfirmed; the
    SDK's helpers read it as one level. Paged: pass `limit`, and while the answer carries `opc-next-
    page`, ask again with that value as `page` and the same filters.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        path (str):
        type_ (str | Unset):
        display_name (str | Unset):
        metadata_keys (str | Unset):
        limit (int | Unset):
        page (str | Unset):
        sort_order (ListWorkspaceObjectsSortOrder | Unset):
        sort_by (ListWorkspaceObjectsSortBy | Unset):
        opc_request_id (str | Unset):
        should_update_recent (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WorkspaceObjectCollection
    """

    return (
        await asyncio_detailed(
            ai_data_platform_id=ai_data_platform_id,
            workspace_key=workspace_key,
            client=client,
            path=path,
            type_=type_,
            display_name=display_name,
            metadata_keys=metadata_keys,
            limit=limit,
            page=page,
            sort_order=sort_order,
            sort_by=sort_by,
            opc_request_id=opc_request_id,
            should_update_recent=should_update_recent,
        )
    ).parsed
