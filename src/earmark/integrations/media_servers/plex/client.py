"""`MediaServer` for Plex Media Server: libraries, scans, paged items, identity, connection test."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import httpx

from earmark.core.read_ahead import read_ahead
from earmark.integrations.errors import ApiChanged, IntegrationError
from earmark.integrations.media_servers.plex.api import (
    ALBUM_TYPE,
    SERVICE,
    TRACK_TYPE,
    Container,
    PlexServerApi,
)
from earmark.integrations.media_servers.plex.parsing import (
    entries,
    folder_of,
    one_file_per_folder,
    parse_album,
    parse_section,
    track_files,
)
from earmark.integrations.media_servers.plex.settings import PlexServerSettings
from earmark.integrations.media_servers.protocol import LibraryItem, LibrarySection
from earmark.integrations.reports import ConnectionReport

_ITEM_LISTS = ("Metadata", "Directory", "Album", "Track")
# Pages fetched ahead of the one being parsed (a 1,000-item page is ~0.4 MB of JSON).
PAGES_AHEAD = 4


class PlexMediaServer:
    def __init__(self, api: PlexServerApi) -> None:
        self._api = api

    @classmethod
    def from_settings(cls, http: httpx.Client, settings: PlexServerSettings) -> PlexMediaServer:
        return cls(PlexServerApi(http, settings))

    def list_libraries(self) -> list[LibrarySection]:
        return [parse_section(raw) for raw in entries(self._api.sections(), "Directory")]

    def scan(self, library_id: str, path: str | None = None) -> None:
        self._api.refresh(library_id, path)

    def iter_items(self, library_id: str, page_size: int = 1000) -> Iterator[LibraryItem]:
        # Albums carry no file paths: the tracks are listed first (one file per folder kept,
        # so memory stays small), then the albums. Pages of both come from one read-ahead
        # stream, so Plex is never left idle while we parse and store.
        pages = read_ahead(
            lambda: self._pages(library_id, (TRACK_TYPE, ALBUM_TYPE), page_size),
            PAGES_AHEAD,
            "plex-pages",
        )
        files: defaultdict[str, dict[str, str]] = defaultdict(dict)
        for item_type, page in pages:
            if item_type == TRACK_TYPE:
                _collect_files(page, files)
                continue
            for raw in page:
                folders = files.pop(str(raw.get("ratingKey", "")), None)
                item = parse_album(raw, tuple(folders.values()) if folders else ())
                if item is not None:
                    yield item

    def recently_added(self, library_id: str, limit: int = 10) -> list[LibraryItem]:
        container = self._api.section_items(library_id, ALBUM_TYPE, 0, limit, "addedAt:desc")
        items: list[LibraryItem] = []
        for raw in entries(container, *_ITEM_LISTS)[:limit]:
            item = parse_album(raw, self._album_files(str(raw.get("ratingKey", ""))))
            if item is not None:
                items.append(item)
        return items

    def identity(self) -> str:
        machine_id = self._api.identity().get("machineIdentifier")
        if not machine_id:
            raise ApiChanged(SERVICE, "/identity has no machineIdentifier; is this a Plex server?")
        return str(machine_id)

    def test(self) -> ConnectionReport:
        try:
            container = self._api.identity()
            machine_id = self.identity()
            libraries = self.list_libraries()
        except IntegrationError as exc:
            return ConnectionReport(ok=False, message=exc.message)
        return ConnectionReport(
            ok=True,
            message=f"Connected to Plex Media Server {container.get('version', '')}".strip(),
            details={
                "machine_identifier": machine_id,
                "version": container.get("version"),
                "libraries": [
                    {"id": lib.key, "title": lib.title, "type": lib.type} for lib in libraries
                ],
            },
        )

    def _pages(
        self, library_id: str, item_types: tuple[int, ...], page_size: int
    ) -> Iterator[tuple[int, list[Container]]]:
        """Every page of each item type in turn, as (type, entries)."""
        for item_type in item_types:
            start = 0
            while True:
                container = self._api.section_items(library_id, item_type, start, page_size)
                page = entries(container, *_ITEM_LISTS)
                yield item_type, page
                start += len(page)
                total = container.get("totalSize")
                if len(page) < page_size or (isinstance(total, int) and start >= total):
                    break

    def _album_files(self, rating_key: str) -> tuple[str, ...]:
        tracks = entries(self._api.children(rating_key), *_ITEM_LISTS)
        return one_file_per_folder(path for track in tracks for path in track_files(track))


def _collect_files(tracks: list[Container], files: defaultdict[str, dict[str, str]]) -> None:
    """Add one file per folder of each track's album (keyed by the album's rating key)."""
    for track in tracks:
        folders = files[str(track.get("parentRatingKey", ""))]
        for path in track_files(track):
            folders.setdefault(folder_of(path), path)
