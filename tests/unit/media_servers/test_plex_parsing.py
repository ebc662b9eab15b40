"""Plex album JSON → LibraryItem: every field, and the odd shapes real servers send."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from earmark.integrations.media_servers.plex.parsing import parse_album, track_files


def _album(**fields: Any) -> dict[str, Any]:
    return {"guid": "plex://album/5d07", "ratingKey": "42", "title": "Dune", **fields}


def test_parse_album_every_field() -> None:
    raw = _album(
        parentTitle="Frank Herbert",
        Writer=[{"tag": "Scott Brick"}],
        year=1965,
        duration="75600000",
        Guid=[{"id": "asin://b002v1a0wu"}, {"id": "isbn://978-0-441-01359-3"}],
        thumb="/library/metadata/42/thumb/1",
        userRating="8.0",
        addedAt=1700000000,
    )
    item = parse_album(raw, ("/books/Dune/1.m4b",))
    assert item is not None
    assert (item.guid, item.item_key, item.title) == ("plex://album/5d07", "42", "Dune")
    assert (item.author, item.narrator, item.year) == ("Frank Herbert", "Scott Brick", 1965)
    assert item.duration_ms == 75_600_000
    assert (item.asin, item.isbn) == ("B002V1A0WU", "9780441013593")
    assert item.file_paths == ("/books/Dune/1.m4b",)
    assert (item.thumb, item.user_rating) == ("/library/metadata/42/thumb/1", 8.0)
    assert item.added_at == datetime.fromtimestamp(1700000000, UTC)


def test_parse_album_without_guid_or_title_is_skipped() -> None:
    assert parse_album(_album(guid="")) is None
    assert parse_album(_album(guid=None)) is None
    assert parse_album(_album(title="   ")) is None
    assert parse_album({"ratingKey": "1"}) is None


def test_parse_album_title_trimmed_and_numbers_as_text() -> None:
    item = parse_album(_album(title="  Dune  ", ratingKey=42, year="1965", duration=2**33))
    assert item is not None
    assert (item.title, item.item_key, item.year, item.duration_ms) == ("Dune", "42", 1965, 2**33)


def test_parse_album_asin_in_legacy_agent_guid() -> None:
    item = parse_album(_album(guid="com.plexapp.agents.audible://B00ABC1234?lang=en"))
    assert item is not None and item.asin == "B00ABC1234"


def test_parse_album_junk_values_become_unknown() -> None:
    raw = _album(
        parentTitle="  ",
        year="unknown",
        duration="",
        userRating="n/a",
        addedAt=None,
        Guid="not a list",
        Writer=[{"tag": ""}],
    )
    item = parse_album(raw)
    assert item is not None
    assert (item.author, item.narrator, item.year, item.duration_ms) == (None, None, None, None)
    assert (item.asin, item.isbn, item.user_rating, item.added_at) == (None, None, None, None)


def test_parse_album_non_dict_children_are_ignored() -> None:
    item = parse_album(_album(Guid=["asin://B000000001", {"id": "asin://B000000002"}]))
    assert item is not None and item.asin == "B000000002"


def test_parse_album_author_and_narrator_fallbacks() -> None:
    item = parse_album(_album(originalTitle="Ann Author", writer="Ned Narrator"))
    assert item is not None and (item.author, item.narrator) == ("Ann Author", "Ned Narrator")


def test_parse_album_zero_added_at_is_the_epoch() -> None:
    item = parse_album(_album(addedAt="0"))
    assert item is not None and item.added_at == datetime(1970, 1, 1, tzinfo=UTC)


def test_track_files_every_part_of_every_media() -> None:
    track = {
        "Media": [
            {"Part": [{"file": "/b/1.mp3"}, {"file": ""}, "junk"]},
            {"Part": [{"file": "/b/2.mp3"}]},
            "junk",
        ]
    }
    assert track_files(track) == ["/b/1.mp3", "/b/2.mp3"]
    assert track_files({"Media": "none"}) == []


def test_parse_album_first_usable_writer_tag_is_the_narrator() -> None:
    item = parse_album(_album(Writer=["junk", {"tag": "Scott Brick"}]))
    assert item is not None and item.narrator == "Scott Brick"
