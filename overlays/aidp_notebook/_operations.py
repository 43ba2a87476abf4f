"""The API's operations, declared once for both clients.

Adding an operation: regenerate from the spec, declare it here in one statement,
and add its `_detailed` method (plus `data_of`) to each client.
"""

from __future__ import annotations

from aidp_notebook_client.api.notebook import create_session as _create_session
from aidp_notebook_client.api.notebook import delete_session as _delete_session
from aidp_notebook_client.api.notebook import get_session as _get_session
from aidp_notebook_client.api.notebook import list_sessions as _list_sessions
from aidp_notebook_client.api.notebook import patch_session as _patch_session
from aidp_notebook_client.models import Session, SessionCollection, SessionSummary

from ._core import Operation

_WORKSPACE = ("ai_data_platform_id", "workspace_key")
_SESSION = (*_WORKSPACE, "session_id")


def _items(collection: SessionCollection) -> list[SessionSummary]:
    return collection.items


# Each operation: its name, the generated request builder, path parameters, response model.
LIST_SESSIONS: Operation[list[SessionSummary]] = Operation(
    "ListSessions", _list_sessions._get_kwargs, _WORKSPACE, SessionCollection.from_dict, _items
)
CREATE_SESSION: Operation[Session] = Operation(
    "CreateSession", _create_session._get_kwargs, _WORKSPACE, Session.from_dict, idempotent=False
)
GET_SESSION: Operation[Session] = Operation(
    "GetSession", _get_session._get_kwargs, _SESSION, Session.from_dict
)
PATCH_SESSION: Operation[Session] = Operation(
    "PatchSession", _patch_session._get_kwargs, _SESSION, Session.from_dict
)
DELETE_SESSION: Operation[None] = Operation(
    "DeleteSession", _delete_session._get_kwargs, _SESSION, None
)
