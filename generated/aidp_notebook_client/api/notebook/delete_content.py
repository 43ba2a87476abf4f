from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    ai_data_platform_id: str,
    workspace_key: str,
    content_path: str,
    *,
    if_match: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["if-match"] = if_match

    if not isinstance(opc_request_id, Unset):
        headers["opc-request-id"] = opc_request_id

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/20260430/aiDataPlatforms/{ai_data_platform_id}/workspaces/{workspace_key}/notebook/api/contents/{content_path}".format(
            ai_data_platform_id=quote(str(ai_data_platform_id), safe=""),
            workspace_key=quote(str(workspace_key), safe=""),
            content_path=quote(str(content_path), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Error:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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
) -> Response[Any | Error]:
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
    if_match: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> Response[Any | Error]:
    """Delete a notebook file or a directory

     Deletes the file, notebook or directory at `contentPath`. Whether a directory that is not empty is
    deleted with everything in it or refused is unconfirmed; a client must be ready for a refusal (409
    or 400). With `if-match`, the deletion happens only if the current etag still matches. The error
    responses are those of the session operations (unconfirmed for contents), with 400 for a path the
    service cannot accept.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        if_match (str | Unset):
        opc_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        content_path=content_path,
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
    content_path: str,
    *,
    client: AuthenticatedClient | Client,
    if_match: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> Any | Error | None:
    """Delete a notebook file or a directory

     Deletes the file, notebook or directory at `contentPath`. Whether a directory that is not empty is
    deleted with everything in it or refused is unconfirmed; a client must be ready for a refusal (409
    or 400). With `if-match`, the deletion happens only if the current etag still matches. The error
    responses are those of the session operations (unconfirmed for contents), with 400 for a path the
    service cannot accept.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        if_match (str | Unset):
        opc_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        content_path=content_path,
        client=client,
        if_match=if_match,
        opc_request_id=opc_request_id,
    ).parsed


async def asyncio_detailed(
    ai_data_platform_id: str,
    workspace_key: str,
    content_path: str,
    *,
    client: AuthenticatedClient | Client,
    if_match: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> Response[Any | Error]:
    """Delete a notebook file or a directory

     Deletes the file, notebook or directory at `contentPath`. Whether a directory that is not empty is
    deleted with everything in it or refused is unconfirmed; a client must be ready for a refusal (409
    or 400). With `if-match`, the deletion happens only if the current etag still matches. The error
    responses are those of the session operations (unconfirmed for contents), with 400 for a path the
    service cannot accept.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        if_match (str | Unset):
        opc_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        content_path=content_path,
        if_match=if_match,
        opc_request_id=opc_request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    ai_data_platform_id: str,
    workspace_key: str,
    content_path: str,
    *,
    client: AuthenticatedClient | Client,
    if_match: str | Unset = UNSET,
    opc_request_id: str | Unset = UNSET,
) -> Any | Error | None:
    """Delete a notebook file or a directory

     Deletes the file, notebook or directory at `contentPath`. Whether a directory that is not empty is
    deleted with everything in it or refused is unconfirmed; a client must be ready for a refusal (409
    or 400). With `if-match`, the deletion happens only if the current etag still matches. The error
    responses are those of the session operations (unconfirmed for contents), with 400 for a path the
    service cannot accept.

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        if_match (str | Unset):
        opc_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            ai_data_platform_id=ai_data_platform_id,
            workspace_key=workspace_key,
            content_path=content_path,
            client=client,
            if_match=if_match,
            opc_request_id=opc_request_id,
        )
    ).parsed
