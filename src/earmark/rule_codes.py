"""Stable codes of every rule that refuses a release, an import or a running download.

The codes are what tests, stored score breakdowns, event metadata, download error texts and the
`ranking.disabled_rules` setting name; the messages beside them are for people and may change.
This module imports nothing from Earmark so the settings catalogue can validate codes without
depending on the packages whose rules they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RankingRule(StrEnum):
    """Why a release is refused before anything is downloaded (search/rules.py)."""

    TITLE_NOT_FOUND = "title_not_found"
    TITLE_CONFLICT = "title_conflict"
    AUTHOR_NOT_FOUND = "author_not_found"
    FOREIGN_LANGUAGE = "foreign_language"
    ABRIDGED = "abridged"
    DRAMATISATION = "dramatisation"
    BUNDLE = "bundle"
    PARTIAL_RELEASE = "partial_release"
    SERIES_POSITION = "series_position"
    TOO_SMALL = "too_small"
    TOO_SMALL_FOR_RUNTIME = "too_small_for_runtime"
    TOO_FEW_SEEDERS = "too_few_seeders"
    BELOW_FLOOR = "below_floor"


# Rules that keep a wrong book from being downloaded; an admin cannot turn these off.
ALWAYS_ON_RANKING_RULES = frozenset(
    {
        RankingRule.TITLE_NOT_FOUND,
        RankingRule.TITLE_CONFLICT,
        RankingRule.AUTHOR_NOT_FOUND,
        RankingRule.SERIES_POSITION,
        RankingRule.BELOW_FLOOR,
    }
)
DISABLEABLE_RANKING_RULES = tuple(
    rule for rule in RankingRule if rule not in ALWAYS_ON_RANKING_RULES
)


class ImportRule(StrEnum):
    """Why a completed download was not imported (library/verification.py, importer, organizer)."""

    NO_AUDIO_FILES = "no_audio_files"
    UNREADABLE_AUDIO = "unreadable_audio"
    RUNTIME_MISMATCH = "runtime_mismatch"
    DOWNLOAD_PATH_MISSING = "download_path_missing"
    LOCATION_UNKNOWN = "location_unknown"
    LIBRARY_UNAVAILABLE = "library_unavailable"
    BAD_TEMPLATE = "bad_template"
    PROBE_UNAVAILABLE = "probe_unavailable"
    PROBE_TIMEOUT = "probe_timeout"
    FILESYSTEM_TRANSIENT = "filesystem_transient"
    FILESYSTEM_FAILED = "filesystem_failed"


class MonitorRule(StrEnum):
    """Why a release was given up after it was chosen (downloads/service.py)."""

    RELEASE_UNAVAILABLE = "release_unavailable"
    DOWNLOAD_VANISHED = "download_vanished"
    DOWNLOAD_STALLED = "download_stalled"
    DEAD_TORRENT = "dead_torrent"
    CLIENT_ERROR = "client_error"
    REPORTED_PROBLEM = "reported_problem"
    """A requester reported the imported copy and an admin replaced it (docs/problems.md)."""


RuleCode = RankingRule | ImportRule | MonitorRule


@dataclass(frozen=True)
class Rejection:
    """A rule's refusal: the stable `code` and a `message` a person can read."""

    code: RuleCode
    message: str

    def as_json(self) -> dict[str, str]:
        return {"code": str(self.code), "message": self.message}

    def coded_text(self) -> str:
        """`code: message`, the form stored in error texts and status reasons."""
        return f"{self.code}: {self.message}"
