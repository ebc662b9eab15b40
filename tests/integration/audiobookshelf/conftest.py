"""One real Audiobookshelf server for these tests, with books laid out as households keep them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from mutagen.id3 import ID3, TCOM

from earmark.demo.parts.audio import make_audiobook
from earmark.integrations.http import build_client
from earmark.integrations.media_servers.audiobookshelf.client import AudiobookshelfServer
from earmark.integrations.media_servers.audiobookshelf.settings import AudiobookshelfConnection
from tests.harness.audiobookshelf import AudiobookshelfDaemon, require_built


def add_book(
    library: Path, author: str, folder: str, *, narrator: str | None = None, seconds: float = 3
) -> Path:
    """`Author/Folder/Title.mp3`, the layout Audiobookshelf reads; the narrator as `composer`."""
    book = library / author / folder
    title = folder.partition(" [")[0]
    (track,) = make_audiobook(book, title=title, author=author, duration_seconds=seconds)
    if narrator:
        tags = ID3(track)
        tags.add(TCOM(encoding=3, text=[narrator]))
        tags.save(track)
    return book


@pytest.fixture(scope="package")
def audiobookshelf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AudiobookshelfDaemon]:
    require_built()
    workdir = tmp_path_factory.mktemp("abs")
    library = workdir / "library"
    add_book(library, "Andy Weir", "Project Hail Mary [B08G9PRS1K]", narrator="Ray Porter")
    add_book(library, "Martha Wells", "All Systems Red", narrator="Kevin R. Free")
    with AudiobookshelfDaemon(workdir, library) as daemon:
        daemon.scan()
        yield daemon


def connect(daemon: AudiobookshelfDaemon, **changes: str) -> AudiobookshelfServer:
    values = {
        "server_url": daemon.url,
        "api_key": daemon.api_key,
        "library_id": daemon.library_id,
        **changes,
    }
    return AudiobookshelfServer.from_connection(
        build_client(), AudiobookshelfConnection.model_validate(values)
    )


@pytest.fixture
def abs_server(audiobookshelf: AudiobookshelfDaemon) -> AudiobookshelfServer:
    return connect(audiobookshelf)
