"""What ranking compares: the wanted book, the admin's preferences, and the ranked result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from earmark.integrations.indexers import Release
from earmark.rule_codes import RankingRule, Rejection

MIB = 1024 * 1024
DEFAULT_FORMAT_POINTS: Mapping[str, float] = {"m4b": 10.0, "flac": 7.0, "m4a": 6.0, "mp3": 4.0}


@dataclass(frozen=True)
class BookProfile:
    """The book a request wants, as the catalogue describes it."""

    title: str
    authors: tuple[str, ...]
    subtitle: str | None = None
    narrators: tuple[str, ...] = ()
    series: str | None = None
    series_position: str | None = None
    runtime_minutes: int | None = None
    # The edition's language as the catalogue names it ('german', 'de'); None: unknown, the
    # household's wanted language (`RankingProfile.wanted_language`) stands in.
    language: str | None = None
    abridged: bool = False


@dataclass(frozen=True)
class RankingProfile:
    """Admin preferences; `min_score` is the confidence floor nothing is accepted below."""

    min_score: float = 50.0
    format_points: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_FORMAT_POINTS))
    unknown_format_points: float = 1.0
    indexer_priorities: Mapping[int, int] = field(default_factory=dict)
    default_indexer_priority: int = 10
    flag_points: Mapping[str, float] = field(default_factory=dict)
    min_size_bytes: int = 20 * MIB
    min_mb_per_hour: float = 8.0
    min_seeders: int = 1
    usenet_availability_points: float = 15.0
    title_coverage: float = 0.8
    require_author: bool = True
    # Codes of rules the admin switched off; rules that guard against a wrong book ignore this.
    disabled_rules: frozenset[RankingRule] = frozenset()
    # Protocols a configured download client takes (usenet once a usenet client is chosen).
    protocols: frozenset[str] = frozenset({"torrent"})
    # The language the household wants (a two-letter code) when a book's own is unknown.
    wanted_language: str | None = "en"


Criterion = dict[str, float | str]


@dataclass(frozen=True)
class RankedRelease:
    """One release judged against one book.

    `score` (0 to 100) is the confidence that this is the right book in a good edition; the floor
    applies to it. `preference` (score times indexer priority factor + flag points) orders candidates.
    """

    release: Release
    score: float
    preference: float
    breakdown: dict[str, Criterion]
    rejections: tuple[Rejection, ...]
    floor: float

    @property
    def accepted(self) -> bool:
        return not self.rejections

    @property
    def reasons(self) -> tuple[str, ...]:
        """The rejections' messages, for people."""
        return tuple(rejection.message for rejection in self.rejections)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(str(rejection.code) for rejection in self.rejections)

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready record (stored as download_history.score_breakdown)."""
        return {
            "guid": self.release.guid,
            "title": self.release.title,
            "indexer": self.release.indexer,
            "protocol": self.release.protocol,
            "size_bytes": self.release.size_bytes,
            "seeders": self.release.seeders,
            "score": self.score,
            "preference": self.preference,
            "floor": self.floor,
            "accepted": self.accepted,
            "reasons": list(self.reasons),
            "rejections": [rejection.as_json() for rejection in self.rejections],
            "criteria": {name: dict(values) for name, values in self.breakdown.items()},
        }
