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
    """One album as a book; None when Plex gave no GUID or title (nothing to key it on)."""
    guid = str(raw.get("guid") or "")
    title = str(raw.get("title") or "").strip()
    if not guid or not title:
        return None
    guids = [guid, *(str(g.get("id", "")) for g in entries(raw, "Guid"))]
    return LibraryItem(
        guid=guid,
        rating_key=str(raw.get("ratingKey", "")),
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
    return [
        str(part["file"])
        for media in entries(track, "Media")
        for part in entries(media, "Part")
        if part.get("file")
    ]


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
    tags = entries(raw, name)
    return _text(tags[0].get("tag")) if tags else None


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _int(value: Any) -> int | None:
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
