from enum import StrEnum
from typing import Any


class ListWorkspaceObjectsSortOrder(StrEnum):
    ASC = "ASC"
    DESC = "DESC"

    @classmethod
    def _missing_(cls, value: Any) -> "ListWorkspaceObjectsSortOrder | None":
        # Forward compatibility: the service adds values before the spec knows them.
        # An unknown string becomes a pseudo-member that keeps the raw value, so it
        # parses, compares equal to that string and survives to_dict() unchanged.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNRECOGNIZED"
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """False for a value that this version of the spec does not list."""
        return self._value_ in type(self)._value2member_map_

    def __str__(self) -> str:
        return str(self.value)
