"""`MediaServer` for Audiobookshelf: book libraries, library scans, paged items, connection test."""

from __future__ import annotations

from collections.abc import Iterator

import httpx

from earmark.core.read_ahead import read_ahead
from earmark.integrations.errors import ApiChanged, IntegrationError
from earmark.integrations.media_servers.audiobookshelf.api import (
    SERVICE,
    Answer,
    AudiobookshelfApi,
)
from earmark.integrations.media_servers.audiobookshelf.parsing import (
    BOOK_LIBRARY,
    parse_item,
    parse_library,
)
from earmark.integrations.media_servers.audiobookshelf.settings import (
    DEFAULT_TIMEOUT_SECONDS,
    AudiobookshelfConnection,
)
from earmark.integrations.media_servers.protocol import (
    LibraryItem,
    LibrarySection,
    ServerAccount,
)
from earmark.integrations.reports import ConnectionReport

PAGES_AHEAD = 2
# Audiobookshelf's account types that may scan libraries (the others: user, guest).
ADMIN_TYPES = ("root", "admin")


class AudiobookshelfServer:
    def __init__(self, api: AudiobookshelfApi) -> None:
        self._api = api

    @classmethod
    def from_connection(
        cls, http: httpx.Client, connection: AudiobookshelfConnection
    ) -> AudiobookshelfServer:
        api = AudiobookshelfApi(
            http, connection.server_url, connection.api_key, DEFAULT_TIMEOUT_SECONDS
        )
        return cls(api)

    def list_libraries(self) -> list[LibrarySection]:
        """Every book library the key's user can see (podcast libraries hold no audiobooks)."""
        sections = [parse_library(raw) for raw in self._api.libraries()]
        return [section for section in sections if section.type == BOOK_LIBRARY]

    def scan(self, library_id: str, path: str | None = None) -> None:
        # A new folder has no item to rescan yet: the library scan is the fast way in
        # (docs/audiobookshelf.md has the measurements); it only reads changed folders.
        self._api.scan_library(library_id)

    def iter_items(self, library_id: str, page_size: int = 1000) -> Iterator[LibraryItem]:
        pages = read_ahead(lambda: self._pages(library_id, page_size), PAGES_AHEAD, "abs-pages")
        for page in pages:
            for raw in page:
                item = parse_item(raw)
                if item is not None:
                    yield item

    def recently_added(self, library_id: str, limit: int = 10) -> list[LibraryItem]:
        answer = self._api.library_items(library_id, 0, limit, newest_first=True)
        items = (parse_item(raw) for raw in _results(answer)[:limit])
        return [item for item in items if item is not None]

    def identity(self) -> str:
        """Audiobookshelf has no server id; its address stands for it."""
        self._api.status()
        return self._api.url

    def item_url(self, item_key: str) -> str:
        """The item's page in the Audiobookshelf web app."""
        return f"{self._api.url}/item/{item_key}"

    def sign_in(self, username: str, password: str) -> ServerAccount:
        user = self._api.login(username, password)
        token = user.get("accessToken") or user.get("token")
        if not isinstance(token, str) or not token:
            raise ApiChanged(SERVICE, "/login answered without a token; is it Audiobookshelf?")
        return ServerAccount(
            id=str(user["id"]),
            username=str(user.get("username") or username),
            is_admin=user.get("type") in ADMIN_TYPES,
            token=token,
        )

    def test(self) -> ConnectionReport:
        try:
            status = self._api.status()
            user = self._api.me()
            libraries = self.list_libraries()
        except IntegrationError as exc:
            return ConnectionReport(ok=False, message=exc.message)
        version = str(status.get("serverVersion") or "")
        message = f"Connected to {SERVICE} {version}".strip()
        if user.get("type") not in ADMIN_TYPES:
            message += f"; the key's user ({user.get('username')}) is not an admin, so scans fail"
        elif not libraries:
            message += "; it has no book library yet: create one in Audiobookshelf"
        return ConnectionReport(
            ok=True,
            message=message,
            details={
                "version": version,
                "libraries": [
                    {"id": lib.key, "title": lib.title, "type": lib.type} for lib in libraries
                ],
            },
        )

    def _pages(self, library_id: str, page_size: int) -> Iterator[list[Answer]]:
        page = 0
        while True:
            answer = self._api.library_items(library_id, page, page_size)
            results = _results(answer)
            yield results
            page += 1
            total = answer.get("total")
            if len(results) < page_size or (isinstance(total, int) and page * page_size >= total):
                break


def _results(answer: Answer) -> list[Answer]:
    results = answer.get("results")
    return [raw for raw in results if isinstance(raw, dict)] if isinstance(results, list) else []
