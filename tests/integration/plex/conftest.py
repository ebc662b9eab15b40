"""Fixtures: a real folder of tagged MP3 books served by the fake Plex Media Server."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from mutagen.easyid3 import EasyID3
from mutagen.id3 import ID3, TXXX

from earmark.db.engine import transaction
from earmark.demo.fakes.plex_server import FakePlexLibrary, build_app
from earmark.demo.fakes.server import serve_app
from earmark.demo.parts.audio import render_lavfi
from earmark.integrations.media_servers.plex.client import PlexMediaServer
from earmark.integrations.media_servers.plex.settings import PlexServerSettings
from earmark.requests.models import Audiobook, Request
from earmark.users.models import User
from earmark.wiring import Services

TOKEN = "plex-test-token-123"


@pytest.fixture(scope="session")
def silent_mp3(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("audio") / "silence.mp3"
    silence = "anullsrc=r=22050:cl=mono"
    return render_lavfi(silence, target, "-t", "1", "-c:a", "libmp3lame", "-b:a", "32k")


class BookShelf:
    """Writes book folders (Author/Title/NN.mp3) with the tags Plex's music scanner reads."""

    def __init__(self, root: Path, silent_mp3: Path) -> None:
        self.root = root
        self._audio = silent_mp3

    def add(
        self,
        author: str,
        title: str,
        *,
        asin: str | None = None,
        narrator: str | None = None,
        year: int | None = None,
        tracks: int = 1,
        root: Path | None = None,
    ) -> Path:
        folder = (root or self.root) / author / title
        folder.mkdir(parents=True, exist_ok=True)
        for number in range(1, tracks + 1):
            file = folder / f"{number:02d} - {title}.mp3"
            shutil.copyfile(self._audio, file)
            tags = EasyID3()
            tags.update({"album": title, "artist": author, "title": f"Chapter {number}"})
            if narrator:
                tags["composer"] = narrator
            if year:
                tags["date"] = str(year)
            tags.save(file)
            if asin:
                id3 = ID3(file)
                id3.add(TXXX(encoding=3, desc="ASIN", text=[asin]))
                id3.save(file)
        return folder


@pytest.fixture
def shelf(tmp_path: Path, silent_mp3: Path) -> BookShelf:
    root = tmp_path / "media"
    root.mkdir()
    return BookShelf(root, silent_mp3)


@pytest.fixture
def fake_plex(shelf: BookShelf) -> FakePlexLibrary:
    return FakePlexLibrary(shelf.root, token=TOKEN)


@pytest.fixture
def plex_url(fake_plex: FakePlexLibrary) -> Iterator[str]:
    with serve_app(build_app(fake_plex)) as url:
        yield url


@pytest.fixture
def plex(plex_url: str) -> Iterator[PlexMediaServer]:
    import httpx

    with httpx.Client() as http:
        yield PlexMediaServer.from_settings(http, PlexServerSettings(url=plex_url, token=TOKEN))


def add_request(
    services: Services,
    *,
    title: str,
    author: str,
    status: str = "downloaded",
    asin: str | None = None,
    narrator: str | None = None,
    file_path: str | None = None,
) -> uuid.UUID:
    with transaction(services.sessions) as session:
        user = User(plex_id=f"plex-{uuid.uuid4().hex[:8]}", plex_username="reader")
        book = Audiobook(
            title=title, author=author, narrator=narrator, audible_asin=asin, file_path=file_path
        )
        session.add_all([user, book])
        session.flush()
        request = Request(
            user_id=user.id,
            audiobook_id=book.id,
            status=status,
            error_message="waiting for Plex",
            import_attempts=2,
        )
        session.add(request)
        session.flush()
        return request.id
