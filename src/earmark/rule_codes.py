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

    @property
    def label(self) -> str:
        """What the rule refuses, in plain words (settings checkboxes, refusal summaries)."""
        return _RANKING_RULE_LABELS[self]


_RANKING_RULE_LABELS = {
    RankingRule.TITLE_NOT_FOUND: "The book's title is not in the release name",
    RankingRule.TITLE_CONFLICT: "The release is another book whose title contains this one",
    RankingRule.AUTHOR_NOT_FOUND: "No author of the book is named",
    RankingRule.FOREIGN_LANGUAGE: "Editions in another language",
    RankingRule.ABRIDGED: "Abridged editions of an unabridged book",
    RankingRule.DRAMATISATION: "Dramatisations and radio plays",
    RankingRule.BUNDLE: "Several books in one release",
    RankingRule.PARTIAL_RELEASE: "Only one part of a split book",
    RankingRule.SERIES_POSITION: "Another book of the series",
    RankingRule.TOO_SMALL: "Files too small to be an audiobook (under 20 MB)",
    RankingRule.TOO_SMALL_FOR_RUNTIME: "Files too small for the book's runtime",
    RankingRule.TOO_FEW_SEEDERS: "Torrents with too few seeders",
    RankingRule.BELOW_FLOOR: "A score under the confidence floor",
}


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


class EbookRule(StrEnum):
    """Why an ebook release is refused or its download not placed (ebooks/ranking.py, placing).

    Ebook ranking also applies the audiobook rules that judge the book itself (title, author,
    language, bundle, series position, seeders, floor) under their `RankingRule` codes.
    """

    NOT_BOOK_CATEGORY = "ebook_not_book_category"
    FORMAT_UNKNOWN = "ebook_format_unknown"
    FORMAT_NOT_WANTED = "ebook_format_not_wanted"
    TOO_LARGE = "ebook_too_large"
    NO_EBOOK_FILE = "ebook_no_verified_file"


RuleCode = RankingRule | ImportRule | MonitorRule | EbookRule


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
