"""`MediaServer` for Plex Media Server: libraries, scans, paged items, identity, connection test."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

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
    parse_album,
    parse_section,
    track_duration,
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
        # Albums carry neither file paths nor a duration: the tracks are listed first (their
        # lengths summed, one file per folder kept, so memory stays small), then the albums.
        # Pages of both come from one read-ahead stream, so Plex is never left idle while we
        # parse and store.
        pages = read_ahead(
            lambda: self._pages(library_id, (TRACK_TYPE, ALBUM_TYPE), page_size),
            PAGES_AHEAD,
            "plex-pages",
        )
        albums: defaultdict[str, _AlbumTracks] = defaultdict(_AlbumTracks)
        for item_type, page in pages:
            if item_type == TRACK_TYPE:
                for track in page:
                    albums[str(track.get("parentRatingKey", ""))].add(track)
                continue
            for raw in page:
                tracks = albums.pop(str(raw.get("ratingKey", "")), None) or _AlbumTracks()
                item = parse_album(raw, tracks.files(), tracks.duration_ms)
                if item is not None:
                    yield item

    def recently_added(self, library_id: str, limit: int = 10) -> list[LibraryItem]:
        container = self._api.section_items(library_id, ALBUM_TYPE, 0, limit, "addedAt:desc")
        items: list[LibraryItem] = []
        for raw in entries(container, *_ITEM_LISTS)[:limit]:
            tracks = _AlbumTracks.of(
                entries(self._api.children(str(raw.get("ratingKey", ""))), *_ITEM_LISTS)
            )
            item = parse_album(raw, tracks.files(), tracks.duration_ms)
            if item is not None:
                items.append(item)
        return items

    def identity(self) -> str:
        machine_id = self._api.identity().get("machineIdentifier")
        if not machine_id:
            raise ApiChanged(SERVICE, "/identity has no machineIdentifier; is this a Plex server?")
        return str(machine_id)

    def item_url(self, item_key: str) -> str | None:
        """None: Plex's web app addresses items by the server's machine id, which is not here."""
        return None

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


@dataclass
class _AlbumTracks:
    """What an album's tracks tell about the book: its length and one file per folder."""

    duration_ms: int = 0
    _by_folder: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, tracks: Iterable[Container]) -> _AlbumTracks:
        found = cls()
        for track in tracks:
            found.add(track)
        return found

    def add(self, track: Container) -> None:
        self.duration_ms += track_duration(track)
        for path in track_files(track):
            self._by_folder.setdefault(folder_of(path), path)

    def files(self) -> tuple[str, ...]:
        return tuple(self._by_folder.values())
