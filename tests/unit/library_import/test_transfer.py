"""Transfer: hardlink on one filesystem, atomic copy otherwise, idempotent re-runs, source untouched."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from earmark.library.transfer import (
    FILE_MODE,
    TransferMethod,
    copy_atomically,
    prepare_folder,
    transfer_file,
)


def _fingerprint(path: Path) -> tuple[str, int, int]:
    status = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), status.st_mtime_ns, status.st_mode


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "downloads" / "book.mp3"
    path.parent.mkdir()
    path.write_bytes(os.urandom(300_000))
    path.chmod(0o600)
    return path


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library" / "Author" / "Title"
    folder.mkdir(parents=True)
    return folder


def test_transfer_file_same_filesystem_hardlinks_without_touching_source(
    source: Path, library: Path
) -> None:
    before = _fingerprint(source)
    outcome = transfer_file(source, library / "book.mp3")
    assert outcome.method is TransferMethod.HARDLINK
    assert outcome.target.stat().st_ino == source.stat().st_ino
    assert _fingerprint(source) == before
    assert [p.name for p in library.iterdir()] == ["book.mp3"]


def test_transfer_file_hardlink_disallowed_copies_with_library_mode(
    source: Path, library: Path
) -> None:
    before = _fingerprint(source)
    outcome = transfer_file(source, library / "book.mp3", allow_hardlink=False)
    assert outcome.method is TransferMethod.COPY
    assert outcome.target.stat().st_ino != source.stat().st_ino
    assert outcome.target.read_bytes() == source.read_bytes()
    assert outcome.target.stat().st_mode & 0o777 == FILE_MODE
    assert _fingerprint(source) == before


def test_transfer_file_existing_link_is_kept(source: Path, library: Path) -> None:
    transfer_file(source, library / "book.mp3")
    again = transfer_file(source, library / "book.mp3")
    assert again.method is TransferMethod.ALREADY_PRESENT


def test_transfer_file_complete_copy_same_size_skipped(source: Path, library: Path) -> None:
    target = library / "book.mp3"
    target.write_bytes(source.read_bytes())
    marker_mtime = target.stat().st_mtime_ns
    outcome = transfer_file(source, target, allow_hardlink=False)
    assert outcome.method is TransferMethod.ALREADY_PRESENT
    assert target.stat().st_mtime_ns == marker_mtime


def test_transfer_file_partial_target_replaced(source: Path, library: Path) -> None:
    target = library / "book.mp3"
    target.write_bytes(source.read_bytes()[:1000])
    outcome = transfer_file(source, target, allow_hardlink=False)
    assert outcome.method is TransferMethod.COPY
    assert target.read_bytes() == source.read_bytes()


def test_transfer_file_symlink_at_target_replaced_not_followed(
    source: Path, library: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"x" * source.stat().st_size)
    (library / "book.mp3").symlink_to(victim)
    outcome = transfer_file(source, library / "book.mp3", allow_hardlink=False)
    assert outcome.method is TransferMethod.COPY
    assert not outcome.target.is_symlink()
    assert victim.read_bytes() == b"x" * source.stat().st_size


def test_copy_atomically_unreadable_source_leaves_no_partial_file(
    library: Path, tmp_path: Path
) -> None:
    folder_as_source = tmp_path / "a-folder"
    folder_as_source.mkdir()
    with pytest.raises(IsADirectoryError):
        copy_atomically(folder_as_source, library / "book.mp3")
    assert list(library.iterdir()) == []


def test_prepare_folder_creates_parents_with_group_writable_mode(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    assert prepare_folder(folder) == []
    assert folder.is_dir()
    assert folder.stat().st_mode & 0o777 == 0o775
