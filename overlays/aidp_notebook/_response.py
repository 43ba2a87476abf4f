"""ApiResponse: the parsed body of a call together with its HTTP details.

It is defined in the generated package (aidp_notebook_client.types), because the
generated operation methods return it and that package imports nothing from this one.
"""

from aidp_notebook_client.types import ApiResponse

__all__ = ["ApiResponse"]
