"""Ranking explained for support: load a book and releases from JSON, print the ranked list."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from earmark.core.errors import InvalidInput
from earmark.integrations.indexers import Release
from earmark.search.profiles import BookProfile, RankedRelease, RankingProfile
from earmark.search.ranking import best_explanation, rank_releases


def book_from_json(data: Mapping[str, Any]) -> BookProfile:
    """Accepts our field names and Audnexus/Prowlarr-style camelCase ones."""
    try:
        title = str(data["title"])
    except KeyError as exc:
        raise InvalidInput("the book JSON needs a 'title'") from exc
    runtime = data.get("runtime_minutes", data.get("runtimeLengthMin"))
    return BookProfile(
        title=title,
        authors=_names(data.get("authors", data.get("author"))),
        subtitle=data.get("subtitle"),
        narrators=_names(data.get("narrators", data.get("narrator"))),
        series=data.get("series"),
        series_position=_text(data.get("series_position", data.get("seriesPosition"))),
        runtime_minutes=int(runtime) if runtime else None,
        language=data.get("language", "en"),
        abridged=bool(data.get("abridged", False)),
    )


def release_from_json(data: Mapping[str, Any]) -> Release:
    """A release in our field names or Prowlarr's search JSON."""
    title = str(data.get("title", ""))
    published = data.get("publish_date", data.get("publishDate"))
    return Release(
        guid=str(data.get("guid") or title),
        title=title,
        size_bytes=int(data.get("size_bytes", data.get("size", 0)) or 0),
        seeders=_int(data.get("seeders")),
        leechers=_int(data.get("leechers")),
        indexer=str(data.get("indexer", "")),
        indexer_id=_int(data.get("indexer_id", data.get("indexerId"))),
        protocol="usenet" if data.get("protocol") == "usenet" else "torrent",
        download_url=data.get("download_url", data.get("downloadUrl")),
        magnet_url=data.get("magnet_url", data.get("magnetUrl")),
        info_hash=data.get("info_hash", data.get("infoHash")),
        publish_date=datetime.fromisoformat(published.replace("Z", "+00:00"))
        if published
        else None,
        flags=tuple(str(flag).lower() for flag in data.get("flags", data.get("indexerFlags", []))),
    )


def explain_files(
    book_path: Path, releases_path: Path, profile: RankingProfile
) -> list[RankedRelease]:
    book = book_from_json(_load(book_path, dict))
    releases = [release_from_json(item) for item in _load(releases_path, list)]
    return rank_releases(book, releases, profile)


def as_text(ranked: list[RankedRelease]) -> str:
    """A readable report: one block per release with its criteria and reasons."""
    lines = [best_explanation(ranked), ""]
    for position, item in enumerate(ranked, start=1):
        verdict = "ACCEPTED" if item.accepted else "rejected"
        lines.append(
            f"{position:>3}. [{verdict}] score {item.score:.2f}  preference {item.preference:.2f}  "
            f"{item.release.title}"
        )
        for name, criterion in item.breakdown.items():
            maximum = f"/{criterion['max']:g}" if "max" in criterion else ""
            lines.append(f"       {name:<17} {criterion['points']}{maximum}  {criterion['detail']}")
        lines.extend(f"       ! [{r.code}] {r.message}" for r in item.rejections)
    return "\n".join(lines)


def as_json_text(ranked: list[RankedRelease]) -> str:
    payload = {"summary": best_explanation(ranked), "releases": [item.as_json() for item in ranked]}
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _load(path: Path, kind: type) -> Any:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from exc
    except ValueError as exc:
        raise InvalidInput(f"{path} is not valid JSON: {exc}") from exc
    if isinstance(data, dict) and kind is list and isinstance(data.get("releases"), list):
        return data["releases"]
    if not isinstance(data, kind):
        raise InvalidInput(f"{path} must hold a JSON {'object' if kind is dict else 'array'}")
    return data


def _names(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if isinstance(value, list):
        return tuple(
            str(item.get("name", "")) if isinstance(item, dict) else str(item) for item in value
        )
    return ()


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
