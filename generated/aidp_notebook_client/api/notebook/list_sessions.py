from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_sessions_sort_by import ListSessionsSortBy
from ...models.list_sessions_sort_order import ListSessionsSortOrder
from ...models.session_collection import SessionCollection
from ...types import UNSET, Response, Unset


def _get_kwargs(
    ai_data_platform_id: str,
    workspace_key: str,
    *,
    agent_flow_key: str | Unset = UNSET,
    cluster_id: str | Unset = UNSET,
    path: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    page: str | Unset = UNSET,
    sort_order: ListSessionsSortOrder | Unset = UNSET,
    sort_by: ListSessionsSortBy | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(opc_request_id, Unset):
        headers["opc-request-id"] = opc_request_id

    params: dict[str, Any] = {}

    params["agentFlowKey"] = agent_flow_key

    params["cluster_id"] = cluster_id

    params["path"] = path

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
        "url": "/20260430/aiDataPlatforms/{ai_data_platform_id}/workspaces/{workspace_key}/notebook/api/sessions".format(
            ai_data_platform_id=quote(str(ai_data_platform_id), safe=""),
            workspace_key=quote(str(workspace_key), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | SessionCollection:
    if response.status_code == 200:
        response_200 = SessionCollection.from_dict(response.json())

        return response_200

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
) -> Response[Error | SessionCollection]:
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
    agent_flow_key: str | Unset = UNSET,
    cluster_id: str | Unset = UNSET,
    path: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    page: str | Unset = UNSET,
    sort_order: ListSessionsSortOrder | Unset = UNSET,
    sort_by: ListSessionsSortBy | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> Response[Error | SessionCollection]:
    """Get available sessions

     Returns the notebook sessions of the workspace, optionally filtered by the attached agent flow,
    cluster or notebook path. Paging is unconfirmed: the documentation page shows no paging parameters,
    while one generated SDK version has `limit`, `page`, `sortBy` and `sortOrder` and an `opc-next-page`
    response header. They are declared here as optional and are sent only when given, so a request
    without them is exactly the documented one; a response that carries `opc-next-page` is followed by
    the clients' plain method and iterator, so no page is ever dropped silently.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        agent_flow_key (str | Unset):
        cluster_id (str | Unset):
        path (str | Unset):
        limit (int | Unset):
        page (str | Unset):
        sort_order (ListSessionsSortOrder | Unset):
        sort_by (ListSessionsSortBy | Unset):
        opc_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SessionCollection]
    """

    kwargs = _get_kwargs(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        agent_flow_key=agent_flow_key,
        cluster_id=cluster_id,
        path=path,
        limit=limit,
        page=page,
        sort_order=sort_order,
        sort_by=sort_by,
        opc_request_id=opc_request_id,
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
    agent_flow_key: str | Unset = UNSET,
    cluster_id: str | Unset = UNSET,
    path: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    page: str | Unset = UNSET,
    sort_order: ListSessionsSortOrder | Unset = UNSET,
    sort_by: ListSessionsSortBy | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> Error | SessionCollection | None:
    """Get available sessions

     Returns the notebook sessions of the workspace, optionally filtered by the attached agent flow,
    cluster or notebook path. Paging is unconfirmed: the documentation page shows no paging parameters,
    while one generated SDK version has `limit`, `page`, `sortBy` and `sortOrder` and an `opc-next-page`
    response header. They are declared here as optional and are sent only when given, so a request
    without them is exactly the documented one; a response that carries `opc-next-page` is followed by
    the clients' plain method and iterator, so no page is ever dropped silently.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        agent_flow_key (str | Unset):
        cluster_id (str | Unset):
        path (str | Unset):
        limit (int | Unset):
        page (str | Unset):
        sort_order (ListSessionsSortOrder | Unset):
        sort_by (ListSessionsSortBy | Unset):
        opc_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SessionCollection
    """

    return sync_detailed(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        client=client,
        agent_flow_key=agent_flow_key,
        cluster_id=cluster_id,
        path=path,
        limit=limit,
        page=page,
        sort_order=sort_order,
        sort_by=sort_by,
        opc_request_id=opc_request_id,
    ).parsed


async def asyncio_detailed(
    ai_data_platform_id: str,
    workspace_key: str,
    *,
    client: AuthenticatedClient | Client,
    agent_flow_key: str | Unset = UNSET,
    cluster_id: str | Unset = UNSET,
    path: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    page: str | Unset = UNSET,
    sort_order: ListSessionsSortOrder | Unset = UNSET,
    sort_by: ListSessionsSortBy | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> Response[Error | SessionCollection]:
    """Get available sessions

     Returns the notebook sessions of the workspace, optionally filtered by the attached agent flow,
    cluster or notebook path. Paging is unconfirmed: the documentation page shows no paging parameters,
    while one generated SDK version has `limit`, `page`, `sortBy` and `sortOrder` and an `opc-next-page`
    response header. They are declared here as optional and are sent only when given, so a request
    without them is exactly the documented one; a response that carries `opc-next-page` is followed by
    the clients' plain method and iterator, so no page is ever dropped silently.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        agent_flow_key (str | Unset):
        cluster_id (str | Unset):
        path (str | Unset):
        limit (int | Unset):
        page (str | Unset):
        sort_order (ListSessionsSortOrder | Unset):
        sort_by (ListSessionsSortBy | Unset):
        opc_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SessionCollection]
    """

    kwargs = _get_kwargs(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        agent_flow_key=agent_flow_key,
        cluster_id=cluster_id,
        path=path,
        limit=limit,
        page=page,
        sort_order=sort_order,
        sort_by=sort_by,
        opc_request_id=opc_request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    ai_data_platform_id: str,
    workspace_key: str,
    *,
    client: AuthenticatedClient | Client,
    agent_flow_key: str | Unset = UNSET,
    cluster_id: str | Unset = UNSET,
    path: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    page: str | Unset = UNSET,
    sort_order: ListSessionsSortOrder | Unset = UNSET,
    sort_by: ListSessionsSortBy | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> Error | SessionCollection | None:
    """Get available sessions

     Returns the notebook sessions of the workspace, optionally filtered by the attached agent flow,
    cluster or notebook path. Paging is unconfirmed: the documentation page shows no paging parameters,
    while one generated SDK version has `limit`, `page`, `sortBy` and `sortOrder` and an `opc-next-page`
    response header. They are declared here as optional and are sent only when given, so a request
    without them is exactly the documented one; a response that carries `opc-next-page` is followed by
    the clients' plain method and iterator, so no page is ever dropped silently.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        agent_flow_key (str | Unset):
        cluster_id (str | Unset):
        path (str | Unset):
        limit (int | Unset):
        page (str | Unset):
        sort_order (ListSessionsSortOrder | Unset):
        sort_by (ListSessionsSortBy | Unset):
        opc_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SessionCollection
    """

    return (
        await asyncio_detailed(
            ai_data_platform_id=ai_data_platform_id,
            workspace_key=workspace_key,
            client=client,
            agent_flow_key=agent_flow_key,
            cluster_id=cluster_id,
            path=path,
            limit=limit,
            page=page,
            sort_order=sort_order,
            sort_by=sort_by,
            opc_request_id=opc_request_id,
        )
    ).parsed
