"""Tags written with mutagen and read back by an independent reader (ffprobe); audio still decodes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from earmark.demo.parts.audio import render_lavfi
from earmark.library.book_info import BookInfo
from earmark.library.tagging import TrackPosition, tag_audio_file

from .ffprobe_reader import decodes_cleanly, format_tags, has_attached_cover

pytestmark = pytest.mark.realparts

BOOK = BookInfo(
    title="Der Übergang: Ein Roman",
    author="Zoë Ångström",
    narrator="Nära Reader",
    series="Übergang",
    series_position="2",
    year=2021,
    asin="B0TAGS0001",
    description="A story.\nWith two lines & <markup>.",
    genres=("Science Fiction", "Thriller"),
    runtime_minutes=1,
)


def _copy(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / source.name
    shutil.copyfile(source, target)
    return target


def test_tag_audio_file_m4b_tags_read_back_by_ffprobe(
    books: dict[str, Path], tmp_path: Path, cover_jpeg: bytes
) -> None:
    copy = _copy(books["single"], tmp_path)
    assert tag_audio_file(copy, BOOK, cover=cover_jpeg, position=TrackPosition(1, 1)) is None
    tags = format_tags(copy)
    assert tags["title"] == "Der Übergang: Ein Roman"
    assert tags["album"] == "Der Übergang: Ein Roman"
    assert tags["artist"] == "Zoë Ångström"
    assert tags["album_artist"] == "Zoë Ångström"
    assert tags["composer"] == "Nära Reader"
    assert tags["date"] == "2021"
    assert tags["genre"] == "Science Fiction; Thriller"
    assert tags["description"] == "A story.\nWith two lines & <markup>."
    assert tags["asin"] == "B0TAGS0001"
    assert tags["series"] == "Übergang"
    assert tags["series-part"] == "2"
    assert has_attached_cover(copy)
    assert decodes_cleanly(copy)


def test_tag_audio_file_mp3_tags_read_back_by_ffprobe(
    books: dict[str, Path], tmp_path: Path, cover_jpeg: bytes
) -> None:
    copy = _copy(sorted(books["multi"].glob("*.mp3"))[1], tmp_path)
    assert tag_audio_file(copy, BOOK, cover=cover_jpeg, position=TrackPosition(2, 3)) is None
    tags = format_tags(copy)
    assert tags["title"] == "Chapter 2"  # per-chapter title of a multi-file book is kept
    assert tags["album"] == "Der Übergang: Ein Roman"
    assert tags["artist"] == "Zoë Ångström"
    assert tags["album_artist"] == "Zoë Ångström"
    assert tags["composer"] == "Nära Reader"
    assert tags["track"] == "2/3"
    assert tags["date"] == "2021"
    assert tags["asin"] == "B0TAGS0001"
    assert tags["series"] == "Übergang"
    assert tags["comment"] == "A story.\nWith two lines & <markup>."
    assert has_attached_cover(copy)
    assert decodes_cleanly(copy)


def test_tag_audio_file_retag_replaces_old_values(books: dict[str, Path], tmp_path: Path) -> None:
    copy = _copy(books["single"], tmp_path)
    tag_audio_file(copy, BOOK, cover=None, position=TrackPosition(1, 1))
    plain = BookInfo(title="Plain", author="Someone")
    tag_audio_file(copy, plain, cover=None, position=TrackPosition(1, 1))
    tags = format_tags(copy)
    assert tags["title"] == "Plain"
    assert "asin" not in tags
    assert "composer" not in tags


@pytest.mark.parametrize("extension", ["flac", "ogg"])
def test_tag_audio_file_vorbis_comment_formats(
    tmp_path: Path, extension: str, cover_jpeg: bytes
) -> None:
    path = tmp_path / f"book.{extension}"
    render_lavfi("sine=duration=2", path, "-ac", "1")
    assert tag_audio_file(path, BOOK, cover=cover_jpeg, position=TrackPosition(1, 1)) is None
    tags = format_tags(path) if extension == "flac" else _ogg_stream_tags(path)
    assert tags["title"] == "Der Übergang: Ein Roman"
    assert tags["artist"] == "Zoë Ångström"
    assert tags["asin"] == "B0TAGS0001"
    assert decodes_cleanly(path)


def test_tag_audio_file_not_audio_returns_warning(tmp_path: Path) -> None:
    junk = tmp_path / "junk.wma"
    junk.write_bytes(b"\x00" * 1000)
    warning = tag_audio_file(junk, BOOK, cover=None, position=TrackPosition(1, 1))
    assert warning is not None
    assert "junk.wma" in warning


def _ogg_stream_tags(path: Path) -> dict[str, str]:
    completed = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    tags = json.loads(completed.stdout)["streams"][0].get("tags", {})
    return {key.lower(): value for key, value in tags.items()}
