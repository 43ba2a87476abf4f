from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.patch_session_details import PatchSessionDetails
from ...models.session import Session
from ...types import UNSET, Response, Unset


def _get_kwargs(
    ai_data_platform_id: str,
    workspace_key: str,
    session_id: str,
    *,
    body: PatchSessionDetails,
    if_match: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["if-match"] = if_match

    if not isinstance(opc_request_id, Unset):
        headers["opc-request-id"] = opc_request_id

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/20260430/aiDataPlatforms/{ai_data_platform_id}/workspaces/{workspace_key}/notebook/api/sessions/{session_id}".format(
            ai_data_platform_id=quote(str(ai_data_platform_id), safe=""),
            workspace_key=quote(str(workspace_key), safe=""),
            session_id=quote(str(session_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Session:
    if response.status_code == 200:
        response_200 = Session.from_dict(response.json())

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
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PatchSessionDetails,
    if_match: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> Response[Error | Session]:
    """Patch a session

     Updates a notebook session, for example to rename it. With `if-match`, the update happens only if
    the session's etag still matches.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        session_id (str):
        if_match (str | Unset):
        opc_request_id (str | Unset):
        body (PatchSessionDetails): The fields of a notebook session to change; fields left out
            stay as they are. No field is required.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Session]
    """

    kwargs = _get_kwargs(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        session_id=session_id,
        body=body,
        if_match=if_match,
        opc_request_id=opc_request_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    ai_data_platform_id: str,
    workspace_key: str,
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PatchSessionDetails,
    if_match: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> Error | Session | None:
    """Patch a session

     Updates a notebook session, for example to rename it. With `if-match`, the update happens only if
    the session's etag still matches.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        session_id (str):
        if_match (str | Unset):
        opc_request_id (str | Unset):
        body (PatchSessionDetails): The fields of a notebook session to change; fields left out
            stay as they are. No field is required.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Session
    """

    return sync_detailed(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        session_id=session_id,
        client=client,
        body=body,
        if_match=if_match,
        opc_request_id=opc_request_id,
    ).parsed


async def asyncio_detailed(
    ai_data_platform_id: str,
    workspace_key: str,
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PatchSessionDetails,
    if_match: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> Response[Error | Session]:
    """Patch a session

     Updates a notebook session, for example to rename it. With `if-match`, the update happens only if
    the session's etag still matches.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        session_id (str):
        if_match (str | Unset):
        opc_request_id (str | Unset):
        body (PatchSessionDetails): The fields of a notebook session to change; fields left out
            stay as they are. No field is required.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Session]
    """

    kwargs = _get_kwargs(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        session_id=session_id,
        body=body,
        if_match=if_match,
        opc_request_id=opc_request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    ai_data_platform_id: str,
    workspace_key: str,
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PatchSessionDetails,
    if_match: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> Error | Session | None:
    """Patch a session

     Updates a notebook session, for example to rename it. With `if-match`, the update happens only if
    the session's etag still matches.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        session_id (str):
        if_match (str | Unset):
        opc_request_id (str | Unset):
        body (PatchSessionDetails): The fields of a notebook session to change; fields left out
            stay as they are. No field is required.

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
            session_id=session_id,
            client=client,
            body=body,
            if_match=if_match,
            opc_request_id=opc_request_id,
        )
    ).parsed
