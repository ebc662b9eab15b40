"""Remote→local path mapping: separators, boundaries, Windows clients, round trips."""

from __future__ import annotations

import pytest

from earmark.core.errors import InvalidInput
from earmark.downloads.paths import PathMapping, is_within, map_to_local, normalise

MAPPING = PathMapping(remote="/downloads", local="/data/downloads")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("/downloads/", "/downloads"),
        ("/downloads//books/./a/../b", "/downloads/books/b"),
        ("C:\\Torrents\\Books\\", "C:/Torrents/Books"),
        ("c:\\x", "C:/x"),
        ("/", "/"),
    ],
)
def test_normalise_messy_paths_become_canonical(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_mapping_to_local_child_path_replaces_prefix() -> None:
    assert MAPPING.to_local("/downloads/Author - Book") == "/data/downloads/Author - Book"


def test_mapping_to_local_prefix_itself_maps_to_local_root() -> None:
    assert MAPPING.to_local("/downloads/") == "/data/downloads"


def test_mapping_to_local_sibling_with_same_prefix_is_not_mapped() -> None:
    assert MAPPING.to_local("/downloads2/Book") == "/downloads2/Book"
    assert not is_within("/downloads2/Book", "/downloads")


def test_mapping_to_local_windows_client_path_maps_case_insensitively() -> None:
    windows = PathMapping(remote="D:\\Torrents", local="/data/downloads")
    assert windows.to_local("d:\\torrents\\Author\\Book.m4b") == "/data/downloads/Author/Book.m4b"


def test_mapping_to_remote_uses_client_separator_style() -> None:
    windows = PathMapping(remote="D:\\Torrents\\", local="/data/downloads")
    assert windows.to_remote("/data/downloads/earmark/Book") == "D:\\Torrents\\earmark\\Book"
    assert MAPPING.to_remote("/data/downloads/earmark") == "/downloads/earmark"


def test_mapping_to_remote_outside_local_prefix_is_unchanged() -> None:
    assert MAPPING.to_remote("/elsewhere/Book") == "/elsewhere/Book"
    assert MAPPING.to_remote("/data/downloads") == "/downloads"


def test_mapping_round_trip_returns_the_client_path() -> None:
    client_path = "/downloads/earmark/Author - Title"
    assert MAPPING.to_remote(MAPPING.to_local(client_path)) == client_path


@pytest.mark.parametrize(
    ("remote", "local"), [("", "/data"), ("/downloads", "  "), ("/dl?", "/data")]
)
def test_mapping_invalid_prefixes_are_refused(remote: str, local: str) -> None:
    with pytest.raises(InvalidInput):
        PathMapping(remote=remote, local=local)


def test_map_to_local_without_mapping_keeps_path() -> None:
    assert map_to_local(None, "/downloads/Book") == "/downloads/Book"
