"""A fake Plex Media Server serving a music library built from a real folder (or synthetic).

Contract sources: python-plexapi's object loaders (which attributes a PMS sends), the lab fake
that plexapi 4.18 accepts (shared/reference/lab/fake_plex_poc.py) and the public PMS API notes
(https://www.plexopedia.com/plex-media-server/api/): `/identity`, `/library/sections`,
`/library/sections/{id}/all?type=9|10` paged by X-Plex-Container-Start/Size (query or header),
`/library/sections/{id}/refresh[?path=]`, `/library/recentlyAdded`,
`/library/metadata/{ratingKey}[/children]`; 401 without a valid X-Plex-Token; JSON when the
client sends Accept: application/json, XML otherwise.
Run standalone for benchmarks: python -m tests.fakes.plex_server --synthetic 50000 --port 32400
"""

from __future__ import annotations

import argparse
import hashlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import mutagen
import orjson
from fastapi import FastAPI, Request, Response

AUDIO_SUFFIXES = {".m4b", ".m4a", ".mp3", ".flac", ".ogg", ".opus", ".aac"}
MACHINE_ID = "f4a3e1c0de0123456789abcdef0123456789abcd"
FIRST_ADDED_AT = 1_700_000_000


@dataclass
class FakeTrack:
    rating_key: int
    title: str
    file: str
    duration_ms: int


@dataclass
class FakeAlbum:
    rating_key: int
    folder: str
    title: str
    author: str
    added_at: int
    narrator: str | None = None
    year: int | None = None
    asin: str | None = None
    tracks: list[FakeTrack] = field(default_factory=list)

    @property
    def guid(self) -> str:
        if self.asin:  # the legacy Audible agent keeps the ASIN in the album GUID
            return f"com.plexapp.agents.audible://{self.asin}?lang=en"
        return "plex://album/" + hashlib.sha1(self.folder.encode()).hexdigest()[:24]


class FakePlexLibrary:
    """Section "1"; albums are the folders under `root` that hold audio files."""

    def __init__(self, root: Path | None = None, *, token: str = "fake-plex-token") -> None:
        self.root = root
        self.token = token
        self.section_id = "1"
        self.refreshes: list[str | None] = []
        self._albums: dict[str, FakeAlbum] = {}
        self._next_key = 1000
        self._clock = FIRST_ADDED_AT
        self._lock = threading.Lock()
        # Listings are rebuilt only when the library changed (a benchmark pages 50,000 albums).
        self._version = 0
        self._listings: dict[tuple[int, str, bool], list[Any]] = {}
        if root is not None:
            self.rescan()

    def albums(self, newest_first: bool = False) -> list[FakeAlbum]:
        """Every album, in folder order or newest first; the list is shared: do not change it."""
        return self._listing("albums", newest_first)

    def tracks(self, newest_first: bool = False) -> list[tuple[FakeAlbum, FakeTrack, int]]:
        """(album, track, index) rows in the albums' order; shared like `albums`."""
        return self._listing("tracks", newest_first)

    def album(self, rating_key: int) -> FakeAlbum | None:
        return next((a for a in self.albums() if a.rating_key == rating_key), None)

    def _listing(self, kind: str, newest_first: bool) -> list[Any]:
        with self._lock:
            key = (self._version, kind, newest_first)
            if key not in self._listings:
                albums = list(self._albums.values())
                if newest_first:
                    albums.sort(key=lambda album: album.added_at, reverse=True)
                rows: list[Any] = albums
                if kind == "tracks":
                    rows = [(a, t, i + 1) for a in albums for i, t in enumerate(a.tracks)]
                self._listings = {k: v for k, v in self._listings.items() if k[0] == self._version}
                self._listings[key] = rows
            return self._listings[key]

    def rescan(self, path: str | None = None) -> None:
        """Re-read the folder (or only `path` inside it): new books appear, vanished ones go."""
        if self.root is None:
            return
        scope = Path(path) if path else self.root
        found = {str(folder): files for folder, files in _book_folders(scope).items()}
        with self._lock:
            self._version += 1
            for folder in [f for f in self._albums if _within(f, scope) and f not in found]:
                del self._albums[folder]
            for folder, files in sorted(found.items()):
                self._albums[folder] = self._read_album(Path(folder), files)

    def add_synthetic(self, count: int) -> None:
        with self._lock:
            self._version += 1
            for number in range(count):
                album = self._synthetic_album(number)
                self._albums[album.folder] = album

    def _read_album(self, folder: Path, files: list[Path]) -> FakeAlbum:
        tags = _tags(files[0])
        known = self._albums.get(str(folder))
        album = FakeAlbum(
            rating_key=known.rating_key if known else self._new_key(),
            folder=str(folder),
            title=tags.get("album") or folder.name,
            author=tags.get("albumartist") or tags.get("artist") or folder.parent.name,
            added_at=known.added_at if known else self._tick(),
            narrator=tags.get("composer"),
            year=int(tags["date"][:4]) if tags.get("date", "")[:4].isdigit() else None,
            asin=tags.get("asin"),
        )
        for file in files:
            seconds = _tags(file).get("length") or "0"
            album.tracks.append(
                FakeTrack(self._new_key(), file.stem, str(file), int(float(seconds) * 1000))
            )
        return album

    def _synthetic_album(self, number: int) -> FakeAlbum:
        author = f"Author{number % 7919} Writer{number % 7919}"
        title = f"Synthetic Tale {number}"
        folder = f"/synthetic/{author}/{title}"
        album = FakeAlbum(
            rating_key=self._new_key(),
            folder=folder,
            title=title,
            author=author,
            added_at=self._tick(),
            narrator=f"Narrator {number % 311}",
            year=1990 + number % 30,
            asin=f"B{number:09d}" if number % 2 == 0 else None,
        )
        album.tracks.append(
            FakeTrack(self._new_key(), title, f"{folder}/{title}.m4b", 36_000_000 + number)
        )
        return album

    def _new_key(self) -> int:
        self._next_key += 1
        return self._next_key

    def _tick(self) -> int:
        self._clock += 1
        return self._clock


def _book_folders(scope: Path) -> dict[Path, list[Path]]:
    folders: dict[Path, list[Path]] = {}
    if not scope.exists():
        return folders
    for file in sorted(scope.rglob("*")):
        if file.is_file() and file.suffix.lower() in AUDIO_SUFFIXES:
            folders.setdefault(file.parent, []).append(file)
    return folders


def _within(folder: str, scope: Path) -> bool:
    return folder == str(scope) or folder.startswith(str(scope).rstrip("/") + "/")


def _tags(file: Path) -> dict[str, str]:
    """Album-level tags the way Plex's music scanner reads them; ASIN from a custom tag."""
    try:
        audio = mutagen.File(file)
    except mutagen.MutagenError:
        return {}
    if audio is None:
        return {}
    found: dict[str, str] = {"length": str(getattr(audio.info, "length", 0) or 0)}
    easy = mutagen.File(file, easy=True)
    for name in ("album", "artist", "albumartist", "composer", "date"):
        values = easy.get(name) if easy is not None and easy.tags is not None else None
        if values:
            found[name] = str(values[0])
    for key, value in (audio.tags or {}).items():
        if "asin" in str(key).lower():
            raw = value[0] if isinstance(value, list) else getattr(value, "text", [value])[0]
            found["asin"] = raw.decode() if isinstance(raw, bytes) else str(raw)
    return found


def _album_json(album: FakeAlbum, section_id: str, with_guids: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "ratingKey": str(album.rating_key),
        "key": f"/library/metadata/{album.rating_key}/children",
        "guid": album.guid,
        "type": "album",
        "title": album.title,
        "parentTitle": album.author,
        "librarySectionID": int(section_id),
        "leafCount": len(album.tracks),
        "duration": sum(track.duration_ms for track in album.tracks),
        "thumb": f"/library/metadata/{album.rating_key}/thumb/{album.added_at}",
        "addedAt": album.added_at,
        "updatedAt": album.added_at,
    }
    if album.year:
        data["year"] = album.year
    if album.narrator:
        data["Writer"] = [{"tag": album.narrator}]
    if with_guids and album.asin:
        data["Guid"] = [{"id": f"asin://{album.asin}"}]
    return data


def _track_json(album: FakeAlbum, track: FakeTrack, index: int) -> dict[str, Any]:
    return {
        "ratingKey": str(track.rating_key),
        "parentRatingKey": str(album.rating_key),
        "type": "track",
        "title": track.title,
        "index": index,
        "parentTitle": album.title,
        "grandparentTitle": album.author,
        "duration": track.duration_ms,
        "addedAt": album.added_at,
        "Media": [{"duration": track.duration_ms, "Part": [{"file": track.file}]}],
    }


def build_app(library: FakePlexLibrary) -> FastAPI:
    app = FastAPI()

    @app.middleware("http")
    async def check_token(request: Request, call_next: Any) -> Any:
        token = request.headers.get("x-plex-token") or request.query_params.get("X-Plex-Token")
        if token != library.token:
            return Response("<html><head><title>Unauthorized</title></head></html>", 401)
        return await call_next(request)

    @app.get("/identity")
    def identity(request: Request) -> Response:
        return _answer(
            request,
            {
                "size": 0,
                "claimed": True,
                "machineIdentifier": MACHINE_ID,
                "version": "1.41.0.8992-fake",
            },
        )

    @app.get("/library/sections")
    def sections(request: Request) -> Response:
        location = str(library.root or "/synthetic")
        directory = {
            "key": library.section_id,
            "title": "Audiobooks",
            "type": "artist",
            "agent": "tv.plex.agents.music",
            "Location": [{"id": 1, "path": location}],
        }
        return _answer(request, {"size": 1, "Directory": [directory]})

    @app.get("/library/sections/{section_id}/all")
    def section_all(section_id: str, request: Request) -> Response:
        if section_id != library.section_id:
            return Response(status_code=404)
        query = request.query_params
        newest_first = query.get("sort") == "addedAt:desc"
        with_guids = query.get("includeGuids") == "1"
        if query.get("type") == "10":
            tracks = library.tracks(newest_first)
            return _answer(request, _page(request, tracks, lambda row: _track_json(*row)))
        albums = library.albums(newest_first)
        return _answer(
            request, _page(request, albums, lambda a: _album_json(a, section_id, with_guids))
        )

    @app.get("/library/sections/{section_id}/refresh")
    def refresh(section_id: str, request: Request) -> Response:
        path = request.query_params.get("path")
        library.refreshes.append(path)
        library.rescan(path)
        return Response(status_code=200)

    @app.get("/library/recentlyAdded")
    def recently_added(request: Request) -> Response:
        albums = library.albums(newest_first=True)
        return _answer(
            request, _page(request, albums, lambda a: _album_json(a, library.section_id, True))
        )

    @app.get("/library/metadata/{rating_key}")
    def metadata(rating_key: int, request: Request) -> Response:
        album = library.album(rating_key)
        if album is None:
            return Response(status_code=404)
        return _answer(
            request, {"size": 1, "Metadata": [_album_json(album, library.section_id, True)]}
        )

    @app.get("/library/metadata/{rating_key}/children")
    def children(rating_key: int, request: Request) -> Response:
        album = library.album(rating_key)
        if album is None:
            return Response(status_code=404)
        rows = [_track_json(album, track, i + 1) for i, track in enumerate(album.tracks)]
        return _answer(request, {"size": len(rows), "Metadata": rows})

    return app


def _page(
    request: Request, rows: Sequence[Any], render: Callable[[Any], dict[str, Any]]
) -> dict[str, Any]:
    def number(name: str, default: int) -> int:
        value = request.query_params.get(name) or request.headers.get(name)
        return int(value) if value else default

    start = number("X-Plex-Container-Start", 0)
    size = number("X-Plex-Container-Size", len(rows))
    page = [render(row) for row in rows[start : start + size]]
    return {"size": len(page), "totalSize": len(rows), "offset": start, "Metadata": page}


def _answer(request: Request, container: dict[str, Any]) -> Response:
    if "application/json" in request.headers.get("accept", ""):
        body = orjson.dumps({"MediaContainer": container})
        return Response(body, media_type="application/json")
    root = ElementTree.Element("MediaContainer")
    _fill_xml(root, container)
    return Response(ElementTree.tostring(root, encoding="unicode"), media_type="text/xml")


def _fill_xml(element: ElementTree.Element, data: dict[str, Any]) -> None:
    for name, value in data.items():
        if isinstance(value, list):
            for child in value:
                tag = {"album": "Directory", "track": "Track"}.get(child.get("type"), name)
                _fill_xml(ElementTree.SubElement(element, tag), child)
        else:
            element.set(name, str(int(value) if isinstance(value, bool) else value))


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path)
    parser.add_argument("--synthetic", type=int, default=0)
    parser.add_argument("--port", type=int, default=32400)
    parser.add_argument("--token", default="fake-plex-token")
    args = parser.parse_args()
    library = FakePlexLibrary(args.root, token=args.token)
    library.add_synthetic(args.synthetic)
    uvicorn.run(build_app(library), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
