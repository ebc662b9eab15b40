"""Re-rooting our library paths where the media server mounts the same folder elsewhere."""

from __future__ import annotations

import pytest

from earmark.library.server_paths import to_server_path


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "/media/audiobooks/Ann Leckie/Ancillary Justice",
            "/data/books/Ann Leckie/Ancillary Justice",
        ),
        (
            "/media/audiobooks/Ann Leckie/Ancillary Justice/",
            "/data/books/Ann Leckie/Ancillary Justice",
        ),
        ("/media//audiobooks/A/B", "/data/books/A/B"),
        ("/MEDIA/Audiobooks/A/B", "/data/books/A/B"),
        ("/media/audiobooks", "/data/books"),
    ],
)
def test_to_server_path_re_roots_paths_below_our_library(path: str, expected: str) -> None:
    assert to_server_path(path, "/media/audiobooks/", "/data/books/") == expected


@pytest.mark.parametrize(
    "path",
    [
        "/media/audiobooks2/A/B",  # a sibling folder that merely starts with the same letters
        "/downloads/A/B",
        "",
    ],
)
def test_to_server_path_leaves_paths_outside_our_library_alone(path: str) -> None:
    assert to_server_path(path, "/media/audiobooks", "/data/books") == path


@pytest.mark.parametrize(("local", "server"), [("", "/data/books"), ("/media/audiobooks", " ")])
def test_to_server_path_without_both_roots_changes_nothing(local: str, server: str) -> None:
    assert to_server_path("/media/audiobooks/A/B", local, server) == "/media/audiobooks/A/B"


def test_to_server_path_windows_server_gets_windows_separators() -> None:
    mapped = to_server_path(
        "/media/audiobooks/Ann Leckie/Ancillary Justice", "/media/audiobooks", "D:\\Audiobooks\\"
    )
    assert mapped == "D:\\Audiobooks\\Ann Leckie\\Ancillary Justice"
