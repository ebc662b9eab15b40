"""Audio discovery: formats, nested discs, natural order, extras and hidden/empty/symlinked files."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from earmark.library.audio_files import find_audio_files, find_cover_image, natural_key


def _touch(path: Path, content: bytes = b"audio") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def _relatives(source: Path) -> list[str]:
    return [str(item.relative) for item in find_audio_files(source)]


def test_find_audio_files_every_supported_extension_found_case_insensitively(
    tmp_path: Path,
) -> None:
    for name in ["a.m4b", "b.M4A", "c.mp3", "d.flac", "e.ogg", "f.opus", "g.aac", "h.WMA"]:
        _touch(tmp_path / name)
    _touch(tmp_path / "notes.nfo")
    _touch(tmp_path / "book.rar")
    assert _relatives(tmp_path) == [
        "a.m4b",
        "b.M4A",
        "c.mp3",
        "d.flac",
        "e.ogg",
        "f.opus",
        "g.aac",
        "h.WMA",
    ]


def test_find_audio_files_nested_discs_natural_order(tmp_path: Path) -> None:
    for disc in ["Disc 10", "Disc 2", "Disc 1"]:
        for track in ["Track 10.mp3", "Track 9.mp3", "track 1.mp3"]:
            _touch(tmp_path / "Book" / disc / track)
    found = _relatives(tmp_path)
    assert found[:3] == [
        "Book/Disc 1/track 1.mp3",
        "Book/Disc 1/Track 9.mp3",
        "Book/Disc 1/Track 10.mp3",
    ]
    assert [path.split("/")[1] for path in found[::3]] == ["Disc 1", "Disc 2", "Disc 10"]


def test_find_audio_files_samples_hidden_empty_skipped(tmp_path: Path) -> None:
    _touch(tmp_path / "01.mp3")
    _touch(tmp_path / "Sample.mp3")
    _touch(tmp_path / "book-preview.mp3")
    _touch(tmp_path / "Trailers" / "teaser.mp3")
    _touch(tmp_path / ".hidden.mp3")
    _touch(tmp_path / "._01.mp3")
    _touch(tmp_path / ".cache" / "02.mp3")
    _touch(tmp_path / "empty.mp3", b"")
    assert _relatives(tmp_path) == ["01.mp3"]


def test_find_audio_files_extra_word_in_every_name_keeps_them(tmp_path: Path) -> None:
    _touch(tmp_path / "The Sample Society - 01.mp3")
    _touch(tmp_path / "The Sample Society - 02.mp3")
    assert len(find_audio_files(tmp_path)) == 2


def test_find_audio_files_word_inside_other_word_not_an_extra(tmp_path: Path) -> None:
    _touch(tmp_path / "Resampled Lives.mp3")
    _touch(tmp_path / "Sample.mp3")
    assert _relatives(tmp_path) == ["Resampled Lives.mp3"]


def test_find_audio_files_symlinks_ignored(tmp_path: Path) -> None:
    outside = _touch(tmp_path / "outside" / "secret.mp3")
    download = tmp_path / "download"
    _touch(download / "real.mp3")
    (download / "link.mp3").symlink_to(outside)
    (download / "linked-folder").symlink_to(outside.parent)
    assert _relatives(download) == ["real.mp3"]


def test_find_audio_files_single_file_source(tmp_path: Path) -> None:
    book = _touch(tmp_path / "Book.m4b")
    found = find_audio_files(book)
    assert [(item.path, item.relative, item.size_bytes) for item in found] == [
        (book, PurePosixPath("Book.m4b"), 5)
    ]
    assert find_audio_files(_touch(tmp_path / "cover.jpg")) == []


def test_find_audio_files_missing_source_empty(tmp_path: Path) -> None:
    assert find_audio_files(tmp_path / "not-there") == []


def test_find_cover_image_shallowest_named_cover_wins(tmp_path: Path) -> None:
    _touch(tmp_path / "CD1" / "cover.jpg", b"deep")
    top = _touch(tmp_path / "Folder.PNG", b"top")
    _touch(tmp_path / "back.jpg", b"other")
    assert find_cover_image(tmp_path) == top


def test_find_cover_image_none_without_candidates(tmp_path: Path) -> None:
    _touch(tmp_path / "scan.jpg")
    assert find_cover_image(tmp_path) is None


def test_natural_key_numbers_compare_numerically() -> None:
    names = ["Part 10.mp3", "part 2.mp3", "Part 1.mp3", "Part 1a.mp3"]
    ordered = sorted(names, key=lambda name: natural_key(PurePosixPath(name)))
    assert ordered == ["Part 1.mp3", "Part 1a.mp3", "part 2.mp3", "Part 10.mp3"]
