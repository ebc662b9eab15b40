"""The parsers on the real-shaped samples of tests/contracts/plex/ (JSON, and XML decoded)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from earmark.integrations.media_servers.plex.parsing import (
    entries,
    parse_album,
    track_duration,
    track_files,
)
from earmark.integrations.media_servers.plex.tv_api import xml_to_dict

SAMPLES = Path(__file__).resolve().parents[2] / "contracts" / "plex"


def _container(name: str, form: str) -> dict[str, Any]:
    text = (SAMPLES / f"{name}.{form}").read_text()
    if form == "json":
        container: dict[str, Any] = json.loads(text)["MediaContainer"]
        return container
    return xml_to_dict(ET.fromstring(text))


@pytest.mark.parametrize("form", ["json", "xml"])
def test_album_samples_parse_into_books_with_asins_and_narrators(form: str) -> None:
    albums = entries(_container("albums", form), "Metadata", "Directory")

    items = [parse_album(raw) for raw in albums]

    assert all(raw.get("duration") is None and "Writer" not in raw for raw in albums)
    summary = [(i.title, i.author, i.asin, i.narrator) for i in items if i is not None]
    assert summary == [
        ("Dune", "Frank Herbert", "B002V1OF70", "Scott Brick & Orlagh Cassidy"),
        ("Hyperion", "Dan Simmons", "B0036S4B2G", "Marc Vietor"),
        ("Project Hail Mary", "Andy Weir", "B08G9PRS1K", "Ray Porter"),
        # Plex's music agent: no ASIN, and its "Spoken Word" style is no narrator.
        ("Ancillary Justice", "Ann Leckie", None, None),
    ]


@pytest.mark.parametrize("form", ["json", "xml"])
def test_track_samples_give_files_and_the_book_length(form: str) -> None:
    tracks = entries(_container("tracks", form), "Metadata", "Track")

    assert [track_files(track) for track in tracks] == [
        [f"/audiobooks/Frank Herbert/Dune/Dune - Part {part}.m4b"] for part in (1, 2, 3)
    ]
    assert {str(track["parentRatingKey"]) for track in tracks} == {"1101"}
    assert sum(track_duration(track) for track in tracks) == 76_140_000
