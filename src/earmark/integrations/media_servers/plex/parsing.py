"""Turns Plex JSON metadata (albums, tracks, sections) into our own frozen dataclasses."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from earmark.integrations.media_servers.protocol import LibraryItem, LibrarySection

# Legacy Audible agent and the community Audnexus agent keep the ASIN in the GUID,
# e.g. com.plexapp.agents.audible://B00ABC1234?lang=en; new plex:// GUIDs carry none.
_ASIN_IN_GUID = re.compile(r"(?:audible|audnexus)://([A-Z0-9]{10})(?![A-Z0-9])", re.IGNORECASE)
_ASIN_GUID = re.compile(r"^asin://([A-Z0-9]{10})$", re.IGNORECASE)
_ISBN_GUID = re.compile(r"^isbn://([0-9Xx -]{10,17})$")


def entries(container: dict[str, Any], *names: str) -> list[dict[str, Any]]:
    """The child list of a container; Plex names it Metadata, Directory, Track… (a non-list → [])."""
    for name in names:
        value = container.get(name)
        if isinstance(value, list):
            return [entry for entry in value if isinstance(entry, dict)]
    return []


def parse_section(raw: dict[str, Any]) -> LibrarySection:
    locations = tuple(str(loc["path"]) for loc in entries(raw, "Location") if loc.get("path"))
    return LibrarySection(
        key=str(raw.get("key", "")),
        title=str(raw.get("title", "")),
        type=str(raw.get("type", "")),
        locations=locations,
    )


def parse_album(raw: dict[str, Any], file_paths: tuple[str, ...] = ()) -> LibraryItem | None:
    """One album as a book; None when Plex gave no GUID or title (nothing to key it on).

    Runs once per book of a full scan (50,000 times for a large library), hence the direct
    type checks instead of the generic helpers below.
    """
    guid = raw.get("guid")
    title = _text(raw.get("title"))
    if not guid or not title:
        return None
    guid = str(guid)
    guids = [guid]
    extra = raw.get("Guid")
    if isinstance(extra, list):
        guids.extend(str(g.get("id", "")) for g in extra if isinstance(g, dict))
    return LibraryItem(
        guid=guid,
        item_key=str(raw.get("ratingKey", "")),
        title=title,
        author=_text(raw.get("parentTitle")) or _text(raw.get("originalTitle")),
        narrator=_first_tag(raw, "Writer") or _text(raw.get("writer")),
        year=_int(raw.get("year")),
        duration_ms=_int(raw.get("duration")),
        asin=asin_from_guids(guids),
        isbn=_isbn_from_guids(guids),
        file_paths=file_paths,
        thumb=_text(raw.get("thumb")),
        user_rating=_float(raw.get("userRating")),
        added_at=_timestamp(raw.get("addedAt")),
    )


def asin_from_guids(guids: Iterable[str]) -> str | None:
    for guid in guids:
        match = _ASIN_IN_GUID.search(guid) or _ASIN_GUID.match(guid)
        if match:
            return match.group(1).upper()
    return None


def track_files(track: dict[str, Any]) -> list[str]:
    found: list[str] = []
    medias = track.get("Media")
    for media in medias if isinstance(medias, list) else ():
        parts = media.get("Part") if isinstance(media, dict) else None
        for part in parts if isinstance(parts, list) else ():
            if isinstance(part, dict) and part.get("file"):
                found.append(str(part["file"]))
    return found


def folder_of(path: str) -> str:
    """The parent folder of a file path, whichever separator the server's OS uses."""
    cut = max(path.rfind("/"), path.rfind("\\"))
    return path[:cut] if cut > 0 else path


def one_file_per_folder(paths: Iterable[str]) -> tuple[str, ...]:
    kept: dict[str, str] = {}
    for path in paths:
        kept.setdefault(folder_of(path), path)
    return tuple(kept.values())


def _isbn_from_guids(guids: Iterable[str]) -> str | None:
    for guid in guids:
        match = _ISBN_GUID.match(guid)
        if match:
            return re.sub(r"[^0-9X]", "", match.group(1).upper())
    return None


def _first_tag(raw: dict[str, Any], name: str) -> str | None:
    tags = raw.get(name)
    first = next((t for t in tags if isinstance(t, dict)), None) if isinstance(tags, list) else None
    return _text(first.get("tag")) if first is not None else None


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
