"""Plex album JSON → LibraryItem: every field, each agent's GUID form, and odd values."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from earmark.integrations.media_servers.plex.parsing import entries, parse_album, track_files

AUDNEXUS = "com.plexapp.agents.audnexus://B002V1A0WU_us?lang=en"


def _album(**fields: Any) -> dict[str, Any]:
    return {"guid": "plex://album/5d07", "ratingKey": "42", "title": "Dune", **fields}


def test_parse_album_every_field() -> None:
    raw = _album(
        guid=AUDNEXUS,
        parentTitle="Frank Herbert",
        Style=[{"tag": "Scott Brick"}],
        year=1965,
        thumb="/library/metadata/42/thumb/1",
        userRating="8.0",
        addedAt=1700000000,
    )
    item = parse_album(raw, ("/books/Dune/1.m4b",), 75_600_000)
    assert item is not None
    assert (item.guid, item.item_key, item.title) == (AUDNEXUS, "42", "Dune")
    assert (item.author, item.narrator, item.year) == ("Frank Herbert", "Scott Brick", 1965)
    assert (item.duration_ms, item.asin) == (75_600_000, "B002V1A0WU")
    assert item.file_paths == ("/books/Dune/1.m4b",)
    assert (item.thumb, item.user_rating) == ("/library/metadata/42/thumb/1", 8.0)
    assert item.added_at == datetime.fromtimestamp(1700000000, UTC)


@pytest.mark.parametrize(
    ("guid", "asin"),
    [
        ("com.plexapp.agents.audnexus://B002V1A0WU_us?lang=en", "B002V1A0WU"),
        ("com.plexapp.agents.audnexus://b002v1a0wu_uk?lang=de", "B002V1A0WU"),
        ("com.plexapp.agents.audiobooks://B0036S4B2G?lang=en", "B0036S4B2G"),
        ("com.plexapp.agents.audiobooks://B0036S4B2G_de?lang=de", "B0036S4B2G"),
        ("audnexus://album/B08G9PRS1K", "B08G9PRS1K"),
        ("audnexus://album/1250767377", "1250767377"),
        # Plex's own agents and forms no agent emits carry no ASIN we trust.
        ("plex://album/5d07c0a2403c64029035d9c8", None),
        ("local://1234", None),
        ("com.plexapp.agents.audible://B00ABC1234?lang=en", None),
        ("asin://B00ABC1234", None),
        ("com.plexapp.agents.audnexus://B002V1A0WUX_us?lang=en", None),  # 11 characters
        ("audnexus://author/B000AP9A6K", None),  # an author, not a book
    ],
)
def test_parse_album_asin_from_each_agent_guid_form(guid: str, asin: str | None) -> None:
    item = parse_album(_album(guid=guid))
    assert item is not None and item.asin == asin


def test_parse_album_asin_from_a_guid_child_when_the_main_guid_has_none() -> None:
    item = parse_album(_album(Guid=[{"id": "mbid://x"}, {"id": "audnexus://album/B08G9PRS1K"}]))
    assert item is not None and item.asin == "B08G9PRS1K"


def test_parse_album_every_narrator_in_style_order() -> None:
    raw = _album(
        guid=AUDNEXUS, Style=[{"tag": "Scott Brick"}, {"tag": " "}, {"tag": "Simon Vance"}]
    )
    item = parse_album(raw)
    assert item is not None and item.narrator == "Scott Brick & Simon Vance"


def test_parse_album_styles_of_a_music_agent_are_not_narrators() -> None:
    # Plex's music agent fills Style with music styles ("Spoken Word"), never narrators.
    item = parse_album(_album(Style=[{"tag": "Spoken Word"}]))
    assert item is not None and item.narrator is None


def test_parse_album_writer_is_not_read_albums_have_none() -> None:
    item = parse_album(_album(guid=AUDNEXUS, Writer=[{"tag": "Someone"}]))
    assert item is not None and item.narrator is None


def test_parse_album_without_guid_or_title_is_skipped() -> None:
    assert parse_album(_album(guid="")) is None
    assert parse_album(_album(guid=None)) is None
    assert parse_album(_album(title="   ")) is None
    assert parse_album({"ratingKey": "1"}) is None


def test_parse_album_title_trimmed_and_numbers_as_text() -> None:
    item = parse_album(_album(title="  Dune  ", ratingKey=42, year="1965"), (), 2**33)
    assert item is not None
    assert (item.title, item.item_key, item.year, item.duration_ms) == ("Dune", "42", 1965, 2**33)


def test_parse_album_no_tracks_means_unknown_duration() -> None:
    item = parse_album(_album(), (), 0)
    assert item is not None and item.duration_ms is None


def test_parse_album_junk_values_become_unknown() -> None:
    raw = _album(
        parentTitle="  ",
        year="unknown",
        userRating="n/a",
        addedAt=None,
        Guid="not a list",
        Style=[{"tag": ""}],
    )
    item = parse_album(raw)
    assert item is not None
    assert (item.author, item.narrator, item.year, item.duration_ms) == (None, None, None, None)
    assert (item.asin, item.user_rating, item.added_at) == (None, None, None)


def test_parse_album_non_dict_children_are_ignored() -> None:
    item = parse_album(
        _album(Guid=["audnexus://album/B000000001", {"id": "audnexus://album/B000000002"}])
    )
    assert item is not None and item.asin == "B000000002"


def test_parse_album_single_child_as_a_bare_object_counts_as_a_list_of_one() -> None:
    item = parse_album(_album(guid=AUDNEXUS, Style={"tag": "Scott Brick"}))
    assert item is not None and item.narrator == "Scott Brick"
    assert entries({"Metadata": {"ratingKey": "1"}}, "Metadata") == [{"ratingKey": "1"}]


def test_parse_album_author_falls_back_to_original_title() -> None:
    item = parse_album(_album(originalTitle="Ann Author"))
    assert item is not None and item.author == "Ann Author"


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
