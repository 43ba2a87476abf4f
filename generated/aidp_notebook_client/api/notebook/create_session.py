from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.create_session_details import CreateSessionDetails
from ...models.error import Error
from ...models.session import Session
from ...types import UNSET, Response, Unset


def _get_kwargs(
    ai_data_platform_id: str,
    workspace_key: str,
    *,
    body: CreateSessionDetails,
    opc_retry_token: str | Unset = UNSET,
    datalake_tenant_id: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(opc_retry_token, Unset):
        headers["opc-retry-token"] = opc_retry_token

    if not isinstance(datalake_tenant_id, Unset):
        headers["datalake-tenant-id"] = datalake_tenant_id

    if not isinstance(opc_request_id, Unset):
        headers["opc-request-id"] = opc_request_id

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/20260430/aiDataPlatforms/{ai_data_platform_id}/workspaces/{workspace_key}/notebook/api/sessions".format(
            ai_data_platform_id=quote(str(ai_data_platform_id), safe=""),
            workspace_key=quote(str(workspace_key), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Session:
    if response.status_code == 201:
        response_201 = Session.from_dict(response.json())

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
) -> Response[Error | Session]:
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
    body: CreateSessionDetails,
    opc_retry_token: str | Unset = UNSET,
    datalake_tenant_id: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> Response[Error | Session]:
    """Create a new session

     Creates a notebook session, or returns the existing one when a session already exists for the given
    `path`; the status is 201 in both cases. Give an `opc-retry-token` so that a retried request cannot
    create a second session.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        opc_retry_token (str | Unset):
        datalake_tenant_id (str | Unset):
        opc_request_id (str | Unset):
        body (CreateSessionDetails): Details of a notebook session to create. No field is
            required; a session that already exists for `path` is returned instead of a new one.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Session]
    """

    kwargs = _get_kwargs(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        body=body,
        opc_retry_token=opc_retry_token,
        datalake_tenant_id=datalake_tenant_id,
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
    body: CreateSessionDetails,
    opc_retry_token: str | Unset = UNSET,
    datalake_tenant_id: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> Error | Session | None:
    """Create a new session

     Creates a notebook session, or returns the existing one when a session already exists for the given
    `path`; the status is 201 in both cases. Give an `opc-retry-token` so that a retried request cannot
    create a second session.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        opc_retry_token (str | Unset):
        datalake_tenant_id (str | Unset):
        opc_request_id (str | Unset):
        body (CreateSessionDetails): Details of a notebook session to create. No field is
            required; a session that already exists for `path` is returned instead of a new one.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Session
    """

    return sync_detailed(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        client=client,
        body=body,
        opc_retry_token=opc_retry_token,
        datalake_tenant_id=datalake_tenant_id,
        opc_request_id=opc_request_id,
    ).parsed


async def asyncio_detailed(
    ai_data_platform_id: str,
    workspace_key: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateSessionDetails,
    opc_retry_token: str | Unset = UNSET,
    datalake_tenant_id: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> Response[Error | Session]:
    """Create a new session

     Creates a notebook session, or returns the existing one when a session already exists for the given
    `path`; the status is 201 in both cases. Give an `opc-retry-token` so that a retried request cannot
    create a second session.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        opc_retry_token (str | Unset):
        datalake_tenant_id (str | Unset):
        opc_request_id (str | Unset):
        body (CreateSessionDetails): Details of a notebook session to create. No field is
            required; a session that already exists for `path` is returned instead of a new one.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Session]
    """

    kwargs = _get_kwargs(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        body=body,
        opc_retry_token=opc_retry_token,
        datalake_tenant_id=datalake_tenant_id,
        opc_request_id=opc_request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    ai_data_platform_id: str,
    workspace_key: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateSessionDetails,
    opc_retry_token: str | Unset = UNSET,
    datalake_tenant_id: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> Error | Session | None:
    """Create a new session

     Creates a notebook session, or returns the existing one when a session already exists for the given
    `path`; the status is 201 in both cases. Give an `opc-retry-token` so that a retried request cannot
    create a second session.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        opc_retry_token (str | Unset):
        datalake_tenant_id (str | Unset):
        opc_request_id (str | Unset):
        body (CreateSessionDetails): Details of a notebook session to create. No field is
            required; a session that already exists for `path` is returned instead of a new one.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Session
    """

    return (
        await asyncio_detailed(
            ai_data_platform_id=ai_data_platform_id,
            workspace_key=workspace_key,
            client=client,
            body=body,
            opc_retry_token=opc_retry_token,
            datalake_tenant_id=datalake_tenant_id,
            opc_request_id=opc_request_id,
        )
    ).parsed
