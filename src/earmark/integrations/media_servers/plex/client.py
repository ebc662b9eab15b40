"""`MediaServer` for Plex Media Server: libraries, scans, paged items, identity, connection test."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import httpx

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
        # Albums carry no file paths; one paged pass over the tracks collects them first,
        # keeping one file per folder so memory stays small on large libraries.
        files = self._files_by_album(library_id, page_size)
        for raw in self._pages(library_id, ALBUM_TYPE, page_size):
            key = str(raw.get("ratingKey", ""))
            item = parse_album(raw, files.pop(key, ()))
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

    def _pages(self, library_id: str, item_type: int, page_size: int) -> Iterator[Container]:
        # The next page is fetched while the caller works through this one: on a large library
        # the server's time to answer then overlaps ours instead of adding to it.
        def fetch(start: int) -> Container:
            return self._api.section_items(library_id, item_type, start, page_size)

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="plex-pages") as pool:
            pending: Future[Container] | None = pool.submit(fetch, 0)
            start = 0
            while pending is not None:
                container = pending.result()
                page = entries(container, *_ITEM_LISTS)
                start += len(page)
                total = container.get("totalSize")
                last = len(page) < page_size or (isinstance(total, int) and start >= total)
                pending = None if last else pool.submit(fetch, start)
                yield from page

    def _files_by_album(self, library_id: str, page_size: int) -> dict[str, tuple[str, ...]]:
        by_folder: defaultdict[str, dict[str, str]] = defaultdict(dict)
        for track in self._pages(library_id, TRACK_TYPE, page_size):
            folders = by_folder[str(track.get("parentRatingKey", ""))]
            for path in track_files(track):
                folders.setdefault(folder_of(path), path)
        return {key: tuple(folders.values()) for key, folders in by_folder.items()}

    def _album_files(self, rating_key: str) -> tuple[str, ...]:
        tracks = entries(self._api.children(rating_key), *_ITEM_LISTS)
        return one_file_per_folder(path for track in tracks for path in track_files(track))
