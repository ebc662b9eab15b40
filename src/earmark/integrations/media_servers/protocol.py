"""What Earmark needs from a media server: libraries, scans, items, identity.

The names here are the server-neutral ones (Plex, Audiobookshelf): an item's
`item_key` is the id the server addresses it by (Plex calls it the rating key). Each product's
adapter and settings live in their own package; `integrations.registry` picks one by the
`media_server.kind` setting.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, Protocol, runtime_checkable

from earmark.integrations.reports import ConnectionReport


@dataclass(frozen=True)
class LibrarySection:
    """One library of the server; audiobook libraries are usually music (`artist`) libraries."""

    key: str
    title: str
    type: str
    locations: tuple[str, ...] = ()


class LibraryItem(NamedTuple):
    """One book as the media server describes it (in Plex, an album of a music library).

    A named tuple, not a frozen dataclass: a full scan makes one per book, and a frozen
    dataclass took 2.2 µs to build against 0.9 µs (0.06 s of a 50,000-book scan's one core).
    """

    guid: str
    item_key: str
    title: str
    author: str | None = None
    narrator: str | None = None
    year: int | None = None
    # Whole-book durations exceed 2**31 ms (~596 h) in long collections; stored as BigInteger.
    duration_ms: int | None = None
    asin: str | None = None
    isbn: str | None = None
    # Media file paths as the server sees them (one per distinct folder in full scans).
    file_paths: tuple[str, ...] = ()
    thumb: str | None = None
    user_rating: float | None = None
    added_at: datetime | None = None


@dataclass(frozen=True)
class ServerLibrary:
    """Which library of the server holds the audiobooks, and where the server sees its folder.

    Each media server's settings provide it; library scans and matching receive it.
    """

    library_id: str
    # Earmark's library folder as the server sees it, when it mounts it elsewhere ("" = same).
    server_root: str = ""


class MediaServerConnection(Protocol):
    """What every media server's stored settings section provides besides its own fields."""

    def server_library(self) -> ServerLibrary:
        """The chosen library and the server's view of Earmark's library folder."""
        ...


class MediaServer(Protocol):
    def list_libraries(self) -> list[LibrarySection]:
        """Every library section the token can see."""
        ...

    def scan(self, library_id: str, path: str | None = None) -> None:
        """Ask the server to rescan the library, or only `path` inside it."""
        ...

    def iter_items(self, library_id: str, page_size: int = 1000) -> Iterator[LibraryItem]:
        """Every book of the library, fetched page by page."""
        ...

    def recently_added(self, library_id: str, limit: int = 10) -> list[LibraryItem]:
        """The newest books, newest first, with their file paths."""
        ...

    def identity(self) -> str:
        """The server's machine identifier."""
        ...

    def item_url(self, item_key: str) -> str | None:
        """The item's page in the server's web app, for links from Earmark (None: no page)."""
        ...

    def test(self) -> ConnectionReport:
        """Check URL and token; the report lists the libraries for the setup wizard."""
        ...


@dataclass(frozen=True)
class ServerAccount:
    """A media server user who proved their username and password to the server."""

    id: str
    username: str
    # root or admin on the server (Earmark decides what that means: docs/auth.md).
    is_admin: bool
    # The server's session token for this user (Earmark stores it encrypted only).
    token: str


@runtime_checkable
class ServerSignIn(Protocol):
    """A media server whose own logins can sign people in to Earmark (Audiobookshelf)."""

    def sign_in(self, username: str, password: str) -> ServerAccount:
        """The account for these credentials; `AuthFailed` when the server refuses them."""
        ...
