"""Assertions and measurements shared by the scenarios: library files, tags, timings."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import mutagen

from earmark.demo.client import JsonObject, status_changed_at
from earmark.demo.parts.seeding import qbittorrent_api_for
from earmark.demo.releases import CatalogBook, PublishedRelease
from tests.e2e.conftest import TimingReport, World

AUDIO_SUFFIXES = {".mp3", ".m4b", ".m4a"}


def assert_in_order(statuses: list[str], expected: list[str]) -> None:
    """`expected` appears in `statuses` in this order (other steps may sit in between)."""
    remaining = iter(statuses)
    for status in expected:
        assert status in remaining, f"history {statuses} lacks {expected} in order ({status})"


def library_folder(world: World, book: CatalogBook) -> Path:
    """The book's folder as the (fake) Plex server lists it after Earmark's scan."""
    folders = [
        Path(album.folder) for album in world.stack.library.albums() if album.title == book.title
    ]
    assert len(folders) == 1, f"Plex lists {folders} for {book.title}"
    return folders[0]


def audio_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES)


def total_duration_seconds(files: list[Path]) -> float:
    total = 0.0
    for file in files:
        audio = mutagen.File(file)
        assert audio is not None, f"{file} is not readable audio"
        total += float(audio.info.length)
    return total


def tag_text(file: Path, name: str) -> str | None:
    """A tag by its ID3 frame id (TALB, TPE1, TXXX:ASIN) or MP4 atom name."""
    audio = mutagen.File(file)
    assert audio is not None and audio.tags is not None, f"{file} has no tags"
    value = audio.tags.get(name)
    if value is None:
        return None
    first = value.text[0] if hasattr(value, "text") else value[0]
    return first.decode() if isinstance(first, bytes) else str(first)


def client_completed_at(world: World, release: PublishedRelease) -> datetime:
    """When Earmark's qBittorrent finished the torrent (its completion_on, whole seconds)."""
    assert world.stack.qbittorrent is not None
    rows = qbittorrent_api_for(world.stack.qbittorrent).torrents_info(
        torrent_hashes=release.info_hash
    )
    assert rows, f"qBittorrent no longer lists {release.name}"
    return datetime.fromtimestamp(int(rows[0].completion_on), tz=UTC)


def record_timing(
    timings: TimingReport,
    scenario: str,
    world: World,
    request: JsonObject,
    release: PublishedRelease,
) -> None:
    available_at = status_changed_at(request, "available")
    noticed_at = status_changed_at(request, "processing")
    # qBittorrent reports completion in whole seconds, so this figure can be up to 1 s high.
    completed_at = client_completed_at(world, release)
    timings.record(
        scenario,
        from_client_complete=(available_at - completed_at).total_seconds(),
        from_earmark_noticed=(available_at - noticed_at).total_seconds(),
    )
