"""organize_download end to end on real ffmpeg-made downloads: verify, place, tag, sidecars."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from earmark.demo.parts.audio import make_audiobook
from earmark.library.book_info import BookInfo
from earmark.library.errors import ImportRetryable, VerificationFailed
from earmark.library.organizer import OrganizeResult, organize_download
from earmark.rule_codes import ImportRule

from .ffprobe_reader import decodes_cleanly, format_tags, has_attached_cover

pytestmark = pytest.mark.realparts

HAIL_MARY = BookInfo(
    title="Hail Mary",
    author="Andy Weir",
    narrator="Ray Porter",
    year=2021,
    asin="B08G9PRS1K",
    description="A lone astronaut.",
    runtime_minutes=1,
)
THREE_PARTS = BookInfo(title="Three Parts", author="Ann Author", runtime_minutes=1)
TWO_DISCS = BookInfo(
    title="Two Discs", author="Ann Author", series="Discs", series_position="2", runtime_minutes=1
)


def _organize(
    source: Path,
    book: BookInfo,
    library: Path,
    *,
    template: str = "{author}/{title}",
    tolerance_percent: float = 10.0,
    tag_files: bool = True,
    cover_bytes: bytes | None = None,
) -> OrganizeResult:
    return organize_download(
        source,
        book,
        library,
        template=template,
        tolerance_percent=tolerance_percent,
        tag_files=tag_files,
        cover_bytes=cover_bytes,
    )


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Content hash and mtime of every file, to prove a download was not touched."""
    files = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*") if p.is_file())
    return {
        str(p): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in files
    }


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    return folder


def test_organize_download_single_m4b_hardlinked_with_sidecar(
    books: dict[str, Path], library: Path, cover_jpeg: bytes
) -> None:
    before = _snapshot(books["single"])
    result = _organize(books["single"], HAIL_MARY, library, cover_bytes=cover_jpeg)
    target = library / "Andy Weir" / "Hail Mary"
    assert result.target_dir == target
    assert result.files == [target / "Hail Mary.m4b"]
    assert result.hardlinked
    assert result.file_format == "m4b"
    assert result.duration_seconds == pytest.approx(60, abs=0.5)
    assert result.total_size_bytes == books["single"].stat().st_size
    assert result.files[0].stat().st_ino == books["single"].stat().st_ino
    assert _snapshot(books["single"]) == before  # the seeding file's bytes were not tagged
    assert "asin" not in format_tags(books["single"])
    assert sorted(p.name for p in target.iterdir()) == [
        "Hail Mary.m4b",
        "cover.jpg",
        "desc.txt",
        "metadata.opf",
        "reader.txt",
    ]
    assert b"B08G9PRS1K" in (target / "metadata.opf").read_bytes()
    assert (target / "cover.jpg").read_bytes() == cover_jpeg


def test_organize_download_mp4_audio_placed_as_tagged_m4b(
    tmp_path: Path, library: Path, cover_jpeg: bytes
) -> None:
    download = tmp_path / "download"
    make_audiobook(download, title="Hail Mary", author="Andy Weir", duration_seconds=60, fmt="mp4")
    source = download / "Hail Mary.mp4"
    assert source.exists()
    result = _organize(download, HAIL_MARY, library, cover_bytes=cover_jpeg)

    target = library / "Andy Weir" / "Hail Mary" / "Hail Mary.m4b"
    assert result.files == [target]
    assert result.file_format == "m4b"
    # Same filesystem: the library file is the seeding file under its new name, untouched.
    assert result.hardlinked and target.stat().st_ino == source.stat().st_ino
    assert decodes_cleanly(target)


def test_organize_download_multi_file_mp3_in_order(books: dict[str, Path], library: Path) -> None:
    before = _snapshot(books["multi"])
    result = _organize(books["multi"], THREE_PARTS, library)
    assert [p.name for p in result.files] == [
        "01 - Three Parts.mp3",
        "02 - Three Parts.mp3",
        "03 - Three Parts.mp3",
    ]
    assert result.file_format == "mp3"
    assert result.duration_seconds == pytest.approx(60, abs=1)
    assert _snapshot(books["multi"]) == before


def test_organize_download_multi_disc_flattened_in_disc_order(
    books: dict[str, Path], library: Path
) -> None:
    result = _organize(
        books["discs"], TWO_DISCS, library, template="{author}/{series}/{series_position} - {title}"
    )
    assert result.target_dir == library / "Ann Author" / "Discs" / "2 - Two Discs"
    assert [p.name for p in result.files] == [
        "CD1-01 - Two Discs.mp3",
        "CD1-02 - Two Discs.mp3",
        "CD2-01 - Two Discs.mp3",
        "CD2-02 - Two Discs.mp3",
    ]
    assert all(p.parent == result.target_dir for p in result.files)


def test_organize_download_wrong_duration_never_imported(
    books: dict[str, Path], library: Path
) -> None:
    longer_book = BookInfo(title="Hail Mary", author="Andy Weir", runtime_minutes=3)
    with pytest.raises(VerificationFailed, match="Length mismatch") as caught:
        _organize(books["single"], longer_book, library)
    assert caught.value.rule is ImportRule.RUNTIME_MISMATCH
    assert "3 min 00 s" in caught.value.reason
    assert list(library.iterdir()) == []


def test_organize_download_unreadable_audio_never_imported(
    books: dict[str, Path], library: Path, tmp_path: Path
) -> None:
    download = tmp_path / "download"
    shutil.copytree(books["multi"], download)
    broken = sorted(download.glob("*.mp3"))[2]
    broken.write_bytes(broken.read_bytes()[:2000])
    with pytest.raises(VerificationFailed, match=broken.name) as caught:
        _organize(download, THREE_PARTS, library)
    assert caught.value.rule is ImportRule.UNREADABLE_AUDIO
    assert list(library.iterdir()) == []


def test_organize_download_hostile_names_stay_inside_library(
    books: dict[str, Path], tmp_path: Path
) -> None:
    library = tmp_path / "deep" / "library"
    library.mkdir(parents=True)
    download = tmp_path / "download"
    download.mkdir()
    long_name = "ü" * 120 + ".mp3"
    for index, name in enumerate(["..\n..etc passwd.mp3", "CON.mp3", long_name, "-rf .mp3"]):
        shutil.copyfile(sorted(books["multi"].glob("*.mp3"))[index % 3], download / name)
    hostile = BookInfo(
        title="../../etc/passwd.mp3", author="../..", series="a/../../b", runtime_minutes=1
    )
    outside_before = sorted(str(p) for p in tmp_path.rglob("*") if library not in p.parents)

    result = _organize(
        download, hostile, library, template="{author}/{series}/{title}", tolerance_percent=400
    )

    root = library.resolve()
    assert result.target_dir.is_relative_to(root)
    assert all(p.resolve().parent == result.target_dir for p in result.files)
    assert sorted(str(p) for p in tmp_path.rglob("*") if library not in p.parents) == outside_before
    for path in result.files:
        assert "\n" not in path.name
        assert len(path.name.encode()) <= 180


def test_organize_download_unicode_names_kept(books: dict[str, Path], library: Path) -> None:
    book = BookInfo(title="Трудно быть богом", author="Стругацкие 兄弟", runtime_minutes=1)
    result = _organize(books["single"], book, library)
    assert result.target_dir == library / "Стругацкие 兄弟" / "Трудно быть богом"


def test_organize_download_cross_device_copy_is_tagged(
    books: dict[str, Path],
    tmp_path: Path,
    cover_jpeg: bytes,
    mount_tmpfs: Callable[[Path, str], Path],
) -> None:
    library = mount_tmpfs(tmp_path / "tmpfs-library", "16m")
    before = _snapshot(books["multi"])
    result = _organize(books["multi"], THREE_PARTS, library, cover_bytes=cover_jpeg)
    assert not result.hardlinked
    for copy in result.files:
        assert copy.stat().st_dev != books["multi"].stat().st_dev
        tags = format_tags(copy)
        assert tags["album"] == "Three Parts"
        assert tags["artist"] == "Ann Author"
        assert has_attached_cover(copy)
        assert decodes_cleanly(copy)
    assert _snapshot(books["multi"]) == before
    assert (result.target_dir / "metadata.opf").is_file()
    assert not list(result.target_dir.glob(".earmark-*"))


def test_organize_download_copy_without_tagging_keeps_original_tags(
    books: dict[str, Path], tmp_path: Path, mount_tmpfs: Callable[[Path, str], Path]
) -> None:
    library = mount_tmpfs(tmp_path / "tmpfs-library", "16m")
    result = _organize(books["single"], HAIL_MARY, library, tag_files=False)
    assert result.files[0].read_bytes() == books["single"].read_bytes()


def test_organize_download_disk_full_is_retryable_and_leaves_no_partial_file(
    books: dict[str, Path], tmp_path: Path, mount_tmpfs: Callable[[Path, str], Path]
) -> None:
    library = mount_tmpfs(tmp_path / "tiny-library", "64k")
    with pytest.raises(ImportRetryable, match="No space left") as caught:
        _organize(books["single"], HAIL_MARY, library)
    assert caught.value.rule is ImportRule.FILESYSTEM_TRANSIENT
    leftovers = [p for p in library.rglob("*") if p.is_file()]
    assert leftovers == []


def test_organize_download_rerun_is_idempotent(books: dict[str, Path], library: Path) -> None:
    first = _organize(books["multi"], THREE_PARTS, library)
    second = _organize(books["multi"], THREE_PARTS, library)
    assert second.files == first.files
    assert sorted(p.name for p in first.target_dir.iterdir()) == sorted(
        [*(p.name for p in first.files), "metadata.opf"]
    )


def test_organize_download_cover_found_in_download_used(
    books: dict[str, Path], library: Path, tmp_path: Path, cover_jpeg: bytes
) -> None:
    download = tmp_path / "download"
    shutil.copytree(books["multi"], download)
    (download / "Folder.jpg").write_bytes(cover_jpeg)
    result = _organize(download, THREE_PARTS, library)
    assert (result.target_dir / "cover.jpg").read_bytes() == cover_jpeg


def test_organize_download_missing_or_empty_download_retryable(
    library: Path, tmp_path: Path
) -> None:
    with pytest.raises(ImportRetryable, match="does not exist") as missing:
        _organize(tmp_path / "not-yet", HAIL_MARY, library)
    assert missing.value.rule is ImportRule.DOWNLOAD_PATH_MISSING
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "book.rar").write_bytes(b"archive")
    with pytest.raises(ImportRetryable, match="No audio files") as no_audio:
        _organize(empty, HAIL_MARY, library)
    assert no_audio.value.rule is ImportRule.NO_AUDIO_FILES


def test_organize_download_unmounted_library_retryable_and_not_created(
    books: dict[str, Path], tmp_path: Path
) -> None:
    missing_library = tmp_path / "nas" / "audiobooks"
    with pytest.raises(ImportRetryable, match="not mounted") as caught:
        _organize(books["single"], HAIL_MARY, missing_library)
    assert caught.value.rule is ImportRule.LIBRARY_UNAVAILABLE
    assert not missing_library.exists()


def test_organize_download_speech_book_verified(tmp_path: Path, library: Path) -> None:
    download = tmp_path / "speech"
    make_audiobook(
        download,
        title="Spoken",
        author="Voice",
        duration_seconds=6,
        speech_text="Chapter one. Hello.",
    )
    result = _organize(download, BookInfo(title="Spoken", author="Voice"), library)
    assert "not checked" in result.verification_note
    assert result.duration_seconds == pytest.approx(6, abs=0.5)
    assert os.path.exists(result.files[0])
