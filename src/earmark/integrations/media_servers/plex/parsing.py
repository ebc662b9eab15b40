"""Turns Plex JSON metadata (albums, tracks, sections) into our own frozen dataclasses.

Real shapes (samples and their sources in tests/contracts/plex/): an album of a music library
(`type=9`) has no `duration` and no `Writer`; its length is the sum of its tracks' durations.
The audiobook agents put the narrators into `Style` and the ASIN into the album GUID.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from earmark.integrations.media_servers.protocol import LibraryItem, LibrarySection

# Album GUIDs of the audiobook agents, each carrying the ASIN the agent matched:
#   com.plexapp.agents.audnexus://B002V1OF70_us?lang=en  Audnexus.bundle (region suffix)
#   com.plexapp.agents.audiobooks://B002V1OF70?lang=en   the same bundle's older identifier
#   audnexus://album/B002V1OF70                          the newer Audnexus metadata provider
# Plex's own agents (plex://album/…, local://…) carry no ASIN.
_AGENT_GUID = re.compile(
    r"^(?:com\.plexapp\.agents\.(?:audnexus|audiobooks)://|audnexus://album/)"
    r"([A-Z0-9]{10})(?=$|[_?/#])",
    re.IGNORECASE,
)


def entries(container: dict[str, Any], *names: str) -> list[dict[str, Any]]:
    """The child list of a container; Plex names it Metadata, Directory, Track…

    Plex's JSON always sends lists; a single child as a bare object (what XML-to-JSON
    converters make of one element) is accepted as a list of one.
    """
    for name in names:
        value = container.get(name)
        if isinstance(value, dict):
            return [value]
        if isinstance(value, list):
            # The usual answer, a list of objects, is returned as it is (a scan reads 175,000).
            for entry in value:
                if not isinstance(entry, dict):
                    return [entry for entry in value if isinstance(entry, dict)]
            return value
    return []


def parse_section(raw: dict[str, Any]) -> LibrarySection:
    locations = tuple(str(loc["path"]) for loc in entries(raw, "Location") if loc.get("path"))
    return LibrarySection(
        key=str(raw.get("key", "")),
        title=str(raw.get("title", "")),
        type=str(raw.get("type", "")),
        locations=locations,
    )


def parse_album(
    raw: dict[str, Any], file_paths: tuple[str, ...] = (), duration_ms: int | None = None
) -> LibraryItem | None:
    """One album as a book; None when Plex gave no GUID or title (nothing to key it on).

    `file_paths` and `duration_ms` come from the album's tracks (albums carry neither).
    Runs once per book of a full scan (50,000 times for a large library), hence the direct
    type checks instead of the generic helpers below.
    """
    guid = raw.get("guid")
    title = _text(raw.get("title"))
    if not guid or not title:
        return None
    guid = str(guid)
    guids = [guid]
    guids.extend(str(g.get("id", "")) for g in entries(raw, "Guid"))
    asin = asin_from_guids(guids)
    return LibraryItem(
        guid=guid,
        item_key=str(raw.get("ratingKey", "")),
        title=title,
        author=_text(raw.get("parentTitle")) or _text(raw.get("originalTitle")),
        # Style holds narrators only when an audiobook agent filled it (music agents put
        # music styles there).
        narrator=_joined_tags(raw, "Style") if asin else None,
        year=_int(raw.get("year")),
        duration_ms=duration_ms or None,
        asin=asin,
        file_paths=file_paths,
        thumb=_text(raw.get("thumb")),
        user_rating=_float(raw.get("userRating")),
        added_at=_timestamp(raw.get("addedAt")),
    )


def asin_from_guids(guids: Iterable[str]) -> str | None:
    for guid in guids:
        match = _AGENT_GUID.match(guid)
        if match:
            return match.group(1).upper()
    return None


def track_duration(track: dict[str, Any]) -> int:
    """A track's length in ms (0 when Plex has not analysed it yet)."""
    return _int(track.get("duration")) or 0


def track_files(track: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for media in entries(track, "Media"):
        for part in entries(media, "Part"):
            if part.get("file"):
                found.append(str(part["file"]))
    return found


def folder_of(path: str) -> str:
    """The parent folder of a file path, whichever separator the server's OS uses."""
    cut = max(path.rfind("/"), path.rfind("\\"))
    return path[:cut] if cut > 0 else path


def _joined_tags(raw: dict[str, Any], name: str) -> str | None:
    """Every tag of a tag list, in order, joined with " & " (several narrators read one book)."""
    tags = [_text(tag.get("tag")) for tag in entries(raw, name)]
    return " & ".join(tag for tag in tags if tag) or None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = (value if isinstance(value, str) else str(value)).strip()
    return text or None


def _int(value: Any) -> int | None:
    if type(value) is int:
        return value
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _float(value: Any) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _timestamp(value: Any) -> datetime | None:
    seconds = _int(value)
    return datetime.fromtimestamp(seconds, UTC) if seconds is not None else None
