"""How a client lists a folder: through GetContent or ListWorkspaceObjects (see _listing).

Oracle's SDK 5.1.1 says GetContent refuses to list a directory (400), and the entries
come from ListWorkspaceObjects; older texts list through GetContent. The client option
`directory_listing` picks one ("contents", "objects"), or "auto": the first listing
learns which form the service takes, once for the client and the clients derived from
it with `with_options`, which share this object.
"""

from __future__ import annotations

import threading
from typing import Literal, get_args

DirectoryListingOption = Literal["auto", "contents", "objects"]
ListingForm = Literal["contents", "objects"]
DIRECTORY_LISTING_OPTIONS: tuple[str, ...] = get_args(DirectoryListingOption)


def check_directory_listing(value: object) -> DirectoryListingOption:
    if value == "auto":
        return "auto"
    if value == "contents":
        return "contents"
    if value == "objects":
        return "objects"
    raise ValueError(
        "directory_listing must be 'auto' (learn it from the service), 'contents' "
        f"(GetContent lists a directory) or 'objects' (ListWorkspaceObjects), got {value!r}"
    )


class DirectoryListing:
    """The option, and under "auto" the form learned from the service (None until then)."""

    def __init__(self, option: DirectoryListingOption = "auto") -> None:
        self.option: DirectoryListingOption = check_directory_listing(option)
        self._learned: ListingForm | None = None
        self._lock = threading.Lock()

    @property
    def form(self) -> ListingForm | None:
        """The form to list with; None while "auto" has not learned it yet."""
        return self._learned if self.option == "auto" else self.option

    def learn(self, form: ListingForm) -> None:
        """Record what the service takes; only the first answer counts."""
        with self._lock:
            if self._learned is None:
                self._learned = form

    def __repr__(self) -> str:
        learned = f", learned={self._learned!r}" if self.option == "auto" else ""
        return f"DirectoryListing({self.option!r}{learned})"
