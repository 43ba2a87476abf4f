"""A client library for accessing Oracle AI Data Platform Workbench - Notebook API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
