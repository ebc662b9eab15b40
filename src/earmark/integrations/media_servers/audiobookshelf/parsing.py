"""Turns Audiobookshelf JSON (libraries, library items) into our own frozen dataclasses.

Shapes as the 2.36.0 server sends them (tests/integration/audiobookshelf run it): a library
`{id, name, mediaType, folders:[{fullPath}]}`; a library item of the list endpoint
`{id, path, addedAt (ms), isMissing, mediaType, media:{duration (s), metadata:{title, subtitle,
authorName, narratorName, publishedYear, asin, isbn}}}`, authors and narrators joined with ", ".
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from earmark.integrations.media_servers.protocol import LibraryItem, LibrarySection

GUID_PREFIX = "audiobookshelf://"
BOOK_LIBRARY = "book"


def parse_library(raw: dict[str, Any]) -> LibrarySection:
    folders = raw.get("folders")
    return LibrarySection(
        key=str(raw.get("id", "")),
        title=str(raw.get("name", "")),
        type=str(raw.get("mediaType", "")),
        locations=tuple(
            str(folder["fullPath"])
            for folder in (folders if isinstance(folders, list) else [])
            if isinstance(folder, dict) and folder.get("fullPath")
        ),
    )


def parse_item(raw: dict[str, Any]) -> LibraryItem | None:
    """One book; podcasts, missing items and items without id or title are skipped (None)."""
    media = raw.get("media")
    metadata = media.get("metadata") if isinstance(media, dict) else None
    if raw.get("mediaType") != BOOK_LIBRARY or raw.get("isMissing"):
        return None
    if not isinstance(media, dict) or not isinstance(metadata, dict):
        return None
    item_id, title = _text(raw.get("id")), _text(metadata.get("title"))
    if not item_id or not title:
        return None
    asin = _text(metadata.get("asin"))
    path = _text(raw.get("path"))
    return LibraryItem(
        guid=GUID_PREFIX + item_id,
        item_key=item_id,
        title=title,
        author=_text(metadata.get("authorName")),
        narrator=_text(metadata.get("narratorName")),
        year=_year(metadata.get("publishedYear")),
        duration_ms=_duration_ms(media.get("duration")),
        asin=asin.upper() if asin else None,
        isbn=_text(metadata.get("isbn")),
        file_paths=(path,) if path else (),
        added_at=_added_at(raw.get("addedAt")),
    )


def _text(value: object) -> str | None:
    if isinstance(value, str | int) and not isinstance(value, bool):
        return str(value).strip() or None
    return None


def _year(value: object) -> int | None:
    text = _text(value)
    return int(text[:4]) if text and text[:4].isdigit() else None


def _duration_ms(value: object) -> int | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return round(value * 1000)
    return None


def _added_at(value: object) -> datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    return None
