from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.export_contents_details import ExportContentsDetails
from ...models.exported_contents import ExportedContents
from ...types import UNSET, Response, Unset


def _get_kwargs(
    ai_data_platform_id: str,
    workspace_key: str,
    content_path: str,
    *,
    body: ExportContentsDetails,
    opc_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(opc_request_id, Unset):
        headers["opc-request-id"] = opc_request_id

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/20260430/aiDataPlatforms/{ai_data_platform_id}/workspaces/{workspace_key}/notebook/api/actions/export/contents/{content_path}".format(
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
) -> Error | ExportedContents:
    if response.status_code == 200:
        response_200 = ExportedContents.from_dict(response.json())

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
) -> Response[Error | ExportedContents]:
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
    body: ExportContentsDetails,
    opc_request_id: str | Unset = UNSET,
) -> Response[Error | ExportedContents]:
    """Export notebook file contents

     Exports the notebook at `contentPath` as `ipynb` (the default) or `html`, a self-contained page with
    images embedded as base64. The body's `content` is a string (the SDK text) or, as one client
    expects, a JSON object for `ipynb` (unconfirmed); a client must accept both. The error responses are
    those of the session operations (unconfirmed for export), with 400 for a format or path the service
    cannot accept. An export changes nothing on the service: it is a POST only because it carries a
    body, takes no `opc-retry-token`, and repeating it returns the same document, so it is retried as a
    GET is (the Java SDK retries it by default too).

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        opc_request_id (str | Unset):
        body (ExportContentsDetails): The format to export a notebook to. No field is required.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExportedContents]
    """

    kwargs = _get_kwargs(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        content_path=content_path,
        body=body,
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
    body: ExportContentsDetails,
    opc_request_id: str | Unset = UNSET,
) -> Error | ExportedContents | None:
    """Export notebook file contents

     Exports the notebook at `contentPath` as `ipynb` (the default) or `html`, a self-contained page with
    images embedded as base64. The body's `content` is a string (the SDK text) or, as one client
    expects, a JSON object for `ipynb` (unconfirmed); a client must accept both. The error responses are
    those of the session operations (unconfirmed for export), with 400 for a format or path the service
    cannot accept. An export changes nothing on the service: it is a POST only because it carries a
    body, takes no `opc-retry-token`, and repeating it returns the same document, so it is retried as a
    GET is (the Java SDK retries it by default too).

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        opc_request_id (str | Unset):
        body (ExportContentsDetails): The format to export a notebook to. No field is required.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExportedContents
    """

    return sync_detailed(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        content_path=content_path,
        client=client,
        body=body,
        opc_request_id=opc_request_id,
    ).parsed


async def asyncio_detailed(
    ai_data_platform_id: str,
    workspace_key: str,
    content_path: str,
    *,
    client: AuthenticatedClient | Client,
    body: ExportContentsDetails,
    opc_request_id: str | Unset = UNSET,
) -> Response[Error | ExportedContents]:
    """Export notebook file contents

     Exports the notebook at `contentPath` as `ipynb` (the default) or `html`, a self-contained page with
    images embedded as base64. The body's `content` is a string (the SDK text) or, as one client
    expects, a JSON object for `ipynb` (unconfirmed); a client must accept both. The error responses are
    those of the session operations (unconfirmed for export), with 400 for a format or path the service
    cannot accept. An export changes nothing on the service: it is a POST only because it carries a
    body, takes no `opc-retry-token`, and repeating it returns the same document, so it is retried as a
    GET is (the Java SDK retries it by default too).

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        opc_request_id (str | Unset):
        body (ExportContentsDetails): The format to export a notebook to. No field is required.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExportedContents]
    """

    kwargs = _get_kwargs(
        ai_data_platform_id=ai_data_platform_id,
        workspace_key=workspace_key,
        content_path=content_path,
        body=body,
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
    body: ExportContentsDetails,
    opc_request_id: str | Unset = UNSET,
) -> Error | ExportedContents | None:
    """Export notebook file contents

     Exports the notebook at `contentPath` as `ipynb` (the default) or `html`, a self-contained page with
    images embedded as base64. The body's `content` is a string (the SDK text) or, as one client
    expects, a JSON object for `ipynb` (unconfirmed); a client must accept both. The error responses are
    those of the session operations (unconfirmed for export), with 400 for a format or path the service
    cannot accept. An export changes nothing on the service: it is a POST only because it carries a
    body, takes no `opc-retry-token`, and repeating it returns the same document, so it is retried as a
    GET is (the Java SDK retries it by default too).

    Args:
        ai_data_platform_id (str):
        workspace_key (str):
        content_path (str):
        opc_request_id (str | Unset):
        body (ExportContentsDetails): The format to export a notebook to. No field is required.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExportedContents
    """

    return (
        await asyncio_detailed(
            ai_data_platform_id=ai_data_platform_id,
            workspace_key=workspace_key,
            content_path=content_path,
            client=client,
            body=body,
            opc_request_id=opc_request_id,
        )
    ).parsed
