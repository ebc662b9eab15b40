"""The fake Plex answers in the real shapes (tests/contracts/plex/), and python-plexapi, the
reference client, reads its library: sections, albums with narrators in Style, tracks."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import httpx
import pytest
from plexapi.server import PlexServer

from earmark.demo.fakes.plex_server import GUID_FORMS, MACHINE_ID, FakePlexLibrary
from earmark.integrations.media_servers.plex.tv_api import xml_to_dict
from tests.integration.plex.conftest import TOKEN, BookShelf

SAMPLES = Path(__file__).resolve().parents[2] / "contracts" / "plex"


@pytest.fixture
def library(shelf: BookShelf, fake_plex: FakePlexLibrary) -> FakePlexLibrary:
    shelf.add("Frank Herbert", "Dune", asin="B002V1OF70", narrator="Scott Brick", tracks=2)
    shelf.add("Ann Leckie", "Ancillary Justice")
    fake_plex.rescan()
    for number, form in enumerate(GUID_FORMS):
        fake_plex.add_album(
            f"/audiobooks/Author {number}/Book {number}",
            f"Book {number}",
            f"Author {number}",
            narrators=("Ray Porter", "Julia Whelan"),
            asin=f"B00000000{number}",
            guid_form=form,
            track_minutes=(30, 45),
        )
    return fake_plex


def _sample(name: str, form: str) -> list[dict[str, Any]]:
    text = (SAMPLES / f"{name}.{form}").read_text()
    if form == "json":
        rows: list[dict[str, Any]] = json.loads(text)["MediaContainer"]["Metadata"]
        return rows
    return [xml_to_dict(child) for child in ET.fromstring(text)]


def _fetch(url: str, path: str, form: str) -> list[dict[str, Any]]:
    headers = {"X-Plex-Token": TOKEN}
    if form == "json":
        headers["Accept"] = "application/json"
    answer = httpx.get(url + path, headers=headers)
    assert answer.status_code == 200
    if form == "json":
        assert answer.headers["content-type"].startswith("application/json")
        rows: list[dict[str, Any]] = answer.json()["MediaContainer"]["Metadata"]
        return rows
    assert answer.headers["content-type"].startswith("text/xml")
    return [xml_to_dict(child) for child in ET.fromstring(answer.text)]


def _shape(rows: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Attribute name → the value types seen (children are walked as `Name/attribute`)."""
    found: dict[str, set[str]] = {}
    for row in rows:
        for name, value in row.items():
            if isinstance(value, list):
                for child_name, types in _shape(value).items():
                    found.setdefault(f"{name}/{child_name}", set()).update(types)
            found.setdefault(name, set()).add(type(value).__name__)
    return found


@pytest.mark.parametrize("form", ["xml", "json"])
@pytest.mark.parametrize(
    ("name", "path"),
    [("albums", "/library/sections/1/all?type=9"), ("tracks", "/library/sections/1/all?type=10")],
)
def test_fake_plex_listings_have_the_shape_of_the_real_samples(
    library: FakePlexLibrary, plex_url: str, name: str, path: str, form: str
) -> None:
    real, fake = _shape(_sample(name, form)), _shape(_fetch(plex_url, path, form))

    unknown = {key: types for key, types in fake.items() if not types <= real.get(key, set())}
    assert unknown == {}, f"the fake sends what a real {name} listing does not: {unknown}"


@pytest.mark.parametrize("form", ["xml", "json"])
def test_fake_plex_albums_no_duration_narrators_in_style_every_guid_form(
    library: FakePlexLibrary, plex_url: str, form: str
) -> None:
    albums = {row["title"]: row for row in _fetch(plex_url, "/library/sections/1/all?type=9", form)}

    assert not any("duration" in row or "Writer" in row for row in albums.values())
    assert [tag["tag"] for tag in albums["Book 0"]["Style"]] == ["Ray Porter", "Julia Whelan"]
    assert "Style" not in albums["Ancillary Justice"]  # no audiobook agent matched it
    guids = sorted(row["guid"] for row in albums.values())
    assert guids[:1] == ["audnexus://album/B000000002"]
    assert "com.plexapp.agents.audiobooks://B000000001?lang=en" in guids
    assert "com.plexapp.agents.audnexus://B000000000_us?lang=en" in guids
    assert albums["Ancillary Justice"]["guid"].startswith("plex://album/")


def test_plexapi_reads_sections_albums_narrators_and_tracks(
    library: FakePlexLibrary, plex_url: str, shelf: BookShelf
) -> None:
    plex = PlexServer(plex_url, TOKEN, timeout=5)

    [section] = plex.library.sections()
    albums = {album.title: album for album in section.albums()}
    book = albums["Book 1"]
    tracks = book.tracks()
    dune_files = [part.file for track in albums["Dune"].tracks() for part in track.iterParts()]

    assert plex.machineIdentifier == MACHINE_ID
    assert (section.type, section.title, section.locations) == (
        "artist",
        "Audiobooks",
        [str(shelf.root)],
    )
    assert sorted(albums) == ["Ancillary Justice", "Book 0", "Book 1", "Book 2", "Dune"]
    assert book.parentTitle == "Author 1"
    assert book.guid == "com.plexapp.agents.audiobooks://B000000001?lang=en"
    assert [style.tag for style in book.styles] == ["Ray Porter", "Julia Whelan"]
    assert [track.duration for track in tracks] == [30 * 60_000, 45 * 60_000]
    assert [track.parentRatingKey for track in tracks] == [book.ratingKey] * 2
    assert dune_files == [
        str(shelf.root / "Frank Herbert" / "Dune" / f"0{n} - Dune.mp3") for n in (1, 2)
    ]
    assert len(section.searchTracks()) == 2 + 1 + 3 * 2
