"""The doctor's folder checks catch a wrong path mapping, a cross-filesystem download folder and a
full disk, and say what to change."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from earmark.doctor.filesystem import check_download_folder, check_free_space, check_hardlinks
from earmark.doctor.findings import Outcome
from earmark.downloads.paths import PathMapping


def test_a_mapping_to_a_folder_earmark_does_not_have_fails_and_names_both_paths(
    tmp_path: Path,
) -> None:
    mapping = PathMapping(remote="/downloads", local=str(tmp_path / "wrong"))
    finding = check_download_folder("/downloads/audiobooks", mapping)
    assert finding.outcome is Outcome.FAIL
    assert "/downloads/audiobooks" in finding.message
    assert str(tmp_path / "wrong" / "audiobooks") in finding.message
    assert "/downloads → " in finding.message
    assert "path mapping" in finding.fix


def test_a_mapping_that_does_not_cover_the_save_path_fails(tmp_path: Path) -> None:
    mapping = PathMapping(remote="/data/torrents", local=str(tmp_path))
    finding = check_download_folder("/downloads", mapping)
    assert finding.outcome is Outcome.FAIL
    assert "not inside the mapping's client path /data/torrents" in finding.message


def test_the_right_mapping_passes_and_reports_the_folder_it_reads(tmp_path: Path) -> None:
    (tmp_path / "audiobooks").mkdir()
    mapping = PathMapping(remote="/downloads", local=str(tmp_path))
    finding = check_download_folder("/downloads/audiobooks", mapping)
    assert finding.outcome is Outcome.OK
    assert str(tmp_path / "audiobooks") in finding.message


def test_no_download_folder_set_fails() -> None:
    assert check_download_folder("", None).outcome is Outcome.FAIL


@pytest.fixture
def other_filesystem(tmp_path: Path) -> Iterator[Path]:
    """A folder on another filesystem than tmp_path (tmpfs in /dev/shm)."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or not os.access(shm, os.W_OK):
        pytest.skip("/dev/shm is not writable here")
    if shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("/dev/shm is on the same filesystem as the temporary folder")
    with tempfile.TemporaryDirectory(dir=shm) as folder:
        yield Path(folder)


def test_downloads_on_another_filesystem_than_the_library_are_caught(
    tmp_path: Path, other_filesystem: Path
) -> None:
    finding = check_hardlinks(other_filesystem, tmp_path)
    assert finding.outcome is Outcome.WARN
    assert "different filesystems" in finding.message
    assert "one mount" in finding.fix


def test_one_filesystem_passes_after_a_real_test_hardlink(tmp_path: Path) -> None:
    downloads, library = tmp_path / "torrents", tmp_path / "media"
    downloads.mkdir()
    library.mkdir()
    finding = check_hardlinks(downloads, library)
    assert finding.outcome is Outcome.OK
    assert list(downloads.iterdir()) == [] and list(library.iterdir()) == []


def test_a_missing_library_folder_fails(tmp_path: Path) -> None:
    finding = check_hardlinks(tmp_path, tmp_path / "missing")
    assert finding.outcome is Outcome.FAIL
    assert str(tmp_path / "missing") in finding.message


def test_little_free_space_is_a_warning(tmp_path: Path) -> None:
    everything = 1 << 62  # more than any disk here
    finding = check_free_space({"library": tmp_path}, minimum_bytes=everything)
    assert finding.outcome is Outcome.WARN
    assert "library" in finding.message
    assert check_free_space({"library": tmp_path}, minimum_bytes=1).outcome is Outcome.OK
