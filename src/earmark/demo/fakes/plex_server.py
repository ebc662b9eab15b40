"""A fake Plex Media Server serving a music library built from a real folder (or synthetic).

Answers in the shapes of tests/contracts/plex/ (samples with their sources; a test holds the
fake to them): albums (`type=9`) without `duration` and `Writer`, narrators in `Style` when an
audiobook agent matched the album, each agent's GUID form across the library
(`com.plexapp.agents.audnexus://<ASIN>_<region>?lang=en`, the older
`com.plexapp.agents.audiobooks://<ASIN>?lang=en`, the newer provider's `audnexus://album/<ASIN>`;
albums without an ASIN get Plex's own `plex://album/…` and no narrators), tracks (`type=10`) with
`duration` and `Media/Part` file paths. XML by default, JSON with `Accept: application/json`.
Endpoints (python-plexapi's `server.py`, `library.py`, `audio.py` and the public PMS API notes
at https://www.plexopedia.com/plex-media-server/api/): `/`, `/identity`, `/library/sections`,
`/library/sections/{id}/all?type=9|10` and `/albums`, paged by X-Plex-Container-Start/Size
(query or header), `/library/sections/{id}/refresh[?path=]`, `/library/recentlyAdded`,
`/library/metadata/{ratingKey}[/children]`; 401 without a valid X-Plex-Token. python-plexapi
itself connects to it (tests/integration/plex/test_fake_plex_contract.py).
Run standalone for benchmarks: python -m earmark.demo.fakes.plex_server --synthetic 50000 --port 32400
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
ARTIST_KEYS_FROM = 1_000_000_000


# Which agent matched an album decides its GUID; see tests/contracts/plex/README.md.
GUID_FORMS = ("audnexus", "audiobooks", "audnexus_provider")


def agent_guid(asin: str, form: str, region: str = "us") -> str:
    if form == "audnexus":
        return f"com.plexapp.agents.audnexus://{asin}_{region}?lang=en"
    if form == "audiobooks":
        return f"com.plexapp.agents.audiobooks://{asin}?lang=en"
    if form == "audnexus_provider":
        return f"audnexus://album/{asin}"
    raise ValueError(f"unknown GUID form {form!r}; one of {GUID_FORMS}")


@dataclass
class FakeTrack:
    rating_key: int
    title: str
    file: str
    duration_ms: int


@dataclass
class FakeAlbum:
    """A book. With an ASIN an audiobook agent matched it (GUID form `guid_form`, narrators in
    Style); without one Plex's music agent did (plex:// GUID, no narrators)."""

    rating_key: int
    folder: str
    title: str
    author: str
    added_at: int
    narrators: tuple[str, ...] = ()
    year: int | None = None
    asin: str | None = None
    guid_form: str = "audnexus"
    region: str = "us"
    tracks: list[FakeTrack] = field(default_factory=list)

    @property
    def guid(self) -> str:
        if self.asin:
            return agent_guid(self.asin, self.guid_form, self.region)
        return "plex://album/" + hashlib.sha1(self.folder.encode()).hexdigest()[:24]

    @property
    def artist_key(self) -> int:
        # An artist per album is enough for the listings; its keys stay clear of the others.
        return ARTIST_KEYS_FROM + self.rating_key


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

    def add_album(
        self,
        folder: str,
        title: str,
        author: str,
        *,
        narrators: tuple[str, ...] = (),
        asin: str | None = None,
        guid_form: str = "audnexus",
        region: str = "us",
        year: int | None = None,
        track_minutes: tuple[int, ...] = (60,),
    ) -> FakeAlbum:
        """An album whose files need not exist (the tests' way to declare Plex's metadata)."""
        with self._lock:
            self._version += 1
            album = FakeAlbum(
                rating_key=self._new_key(),
                folder=folder,
                title=title,
                author=author,
                added_at=self._tick(),
                narrators=narrators if asin else (),
                year=year,
                asin=asin,
                guid_form=guid_form,
                region=region,
            )
            for number, minutes in enumerate(track_minutes, start=1):
                file = f"{folder}/{number:02d} - {title}.m4b"
                album.tracks.append(FakeTrack(self._new_key(), title, file, minutes * 60_000))
            self._albums[folder] = album
            return album

    def add_synthetic(self, count: int) -> None:
        with self._lock:
            self._version += 1
            for number in range(count):
                album = self._synthetic_album(number)
                self._albums[album.folder] = album

    def _read_album(self, folder: Path, files: list[Path]) -> FakeAlbum:
        tags = _tags(files[0])
        known = self._albums.get(str(folder))
        rating_key = known.rating_key if known else self._new_key()
        asin = tags.get("asin")
        album = FakeAlbum(
            rating_key=rating_key,
            folder=str(folder),
            title=tags.get("album") or folder.name,
            author=tags.get("albumartist") or tags.get("artist") or folder.parent.name,
            added_at=known.added_at if known else self._tick(),
            # Only an audiobook agent (it matched the ASIN) fills Style with the narrators.
            narrators=(tags["composer"],) if asin and tags.get("composer") else (),
            year=int(tags["date"][:4]) if tags.get("date", "")[:4].isdigit() else None,
            asin=asin,
            guid_form=GUID_FORMS[rating_key % len(GUID_FORMS)],
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
        asin = f"B{number:09d}" if number % 2 == 0 else None
        album = FakeAlbum(
            rating_key=self._new_key(),
            folder=folder,
            title=title,
            author=author,
            added_at=self._tick(),
            narrators=(f"Narrator {number % 311}",) if asin else (),
            year=1990 + number % 30,
            asin=asin,
            guid_form=GUID_FORMS[number // 2 % len(GUID_FORMS)],
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


def _album_json(album: FakeAlbum) -> dict[str, Any]:
    """An album as a listing shows it (tests/contracts/plex/albums.*): no duration, no Writer."""
    key = album.rating_key
    data: dict[str, Any] = {
        "ratingKey": str(key),
        "key": f"/library/metadata/{key}/children",
        "parentRatingKey": str(album.artist_key),
        "guid": album.guid,
        "type": "album",
        "title": album.title,
        "parentKey": f"/library/metadata/{album.artist_key}",
        "parentTitle": album.author,
        "index": 1,
        "thumb": f"/library/metadata/{key}/thumb/{album.added_at}",
        "leafCount": len(album.tracks),
        "viewedLeafCount": 0,
        "addedAt": album.added_at,
        "updatedAt": album.added_at,
    }
    if album.year:
        data["year"] = album.year
    if album.narrators:
        data["Style"] = [{"tag": narrator} for narrator in album.narrators]
    return data


def _track_json(album: FakeAlbum, track: FakeTrack, index: int) -> dict[str, Any]:
    """A track as a listing shows it (tests/contracts/plex/tracks.*): duration, Media/Part."""
    return {
        "ratingKey": str(track.rating_key),
        "key": f"/library/metadata/{track.rating_key}",
        "parentRatingKey": str(album.rating_key),
        "grandparentRatingKey": str(album.artist_key),
        "guid": f"local://{track.rating_key}",
        "parentGuid": album.guid,
        "type": "track",
        "title": track.title,
        "parentKey": f"/library/metadata/{album.rating_key}",
        "grandparentKey": f"/library/metadata/{album.artist_key}",
        "grandparentTitle": album.author,
        "parentTitle": album.title,
        "index": index,
        "parentIndex": 1,
        "duration": track.duration_ms,
        "addedAt": album.added_at,
        "updatedAt": album.added_at,
        "Media": [
            {
                "id": track.rating_key,
                "duration": track.duration_ms,
                "Part": [
                    {"id": track.rating_key, "duration": track.duration_ms, "file": track.file}
                ],
            }
        ],
    }


def build_app(library: FakePlexLibrary) -> FastAPI:
    app = FastAPI()

    @app.middleware("http")
    async def check_token(request: Request, call_next: Any) -> Any:
        token = request.headers.get("x-plex-token") or request.query_params.get("X-Plex-Token")
        if token != library.token:
            return Response("<html><head><title>Unauthorized</title></head></html>", 401)
        return await call_next(request)

    server = {
        "size": 0,
        "claimed": True,
        "friendlyName": "Fake Plex",
        "machineIdentifier": MACHINE_ID,
        "myPlex": True,
        "platform": "Linux",
        "version": "1.41.0.8992-fake",
    }

    @app.get("/")
    def root(request: Request) -> Response:
        return _answer(request, server)

    @app.get("/identity")
    def identity(request: Request) -> Response:
        keys = ("size", "claimed", "machineIdentifier", "version")
        return _answer(request, {key: server[key] for key in keys})

    @app.get("/library")
    def library_root(request: Request) -> Response:
        directories = [
            {"key": "sections", "title": "Library Sections"},
            {"key": "recentlyAdded", "title": "Recently Added Content"},
        ]
        return _answer(
            request,
            {"size": 2, "identifier": "com.plexapp.plugins.library", "Directory": directories},
        )

    @app.get("/library/sections")
    def sections(request: Request) -> Response:
        location = str(library.root or "/synthetic")
        directory = {
            "key": library.section_id,
            "title": "Audiobooks",
            "type": "artist",
            "agent": "com.plexapp.agents.audnexus",
            "scanner": "Plex Music Scanner",
            "language": "en",
            "uuid": "11111111-2222-3333-4444-555555555555",
            "Location": [{"id": 1, "path": location}],
        }
        return _answer(request, {"size": 1, "Directory": [directory]})

    def album_listing(request: Request, newest_first: bool) -> Response:
        albums = library.albums(newest_first)
        return _answer(request, _page(request, albums, _album_json))

    @app.get("/library/sections/{section_id}/all")
    def section_all(section_id: str, request: Request) -> Response:
        if section_id != library.section_id:
            return Response(status_code=404)
        newest_first = request.query_params.get("sort") == "addedAt:desc"
        if request.query_params.get("type") == "10":
            tracks = library.tracks(newest_first)
            return _answer(request, _page(request, tracks, lambda row: _track_json(*row)))
        return album_listing(request, newest_first)

    @app.get("/library/sections/{section_id}/albums")
    def section_albums(section_id: str, request: Request) -> Response:
        if section_id != library.section_id:
            return Response(status_code=404)
        return album_listing(request, newest_first=False)

    @app.get("/library/sections/{section_id}/refresh")
    def refresh(section_id: str, request: Request) -> Response:
        path = request.query_params.get("path")
        library.refreshes.append(path)
        library.rescan(path)
        return Response(status_code=200)

    @app.get("/library/recentlyAdded")
    def recently_added(request: Request) -> Response:
        return album_listing(request, newest_first=True)

    @app.get("/library/metadata/{rating_key}")
    def metadata(rating_key: int, request: Request) -> Response:
        album = library.album(rating_key)
        if album is None:
            return Response(status_code=404)
        return _answer(request, {"size": 1, "Metadata": [_album_json(album)]})

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
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, "unicode")
    return Response(text, media_type="text/xml;charset=utf-8")


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
