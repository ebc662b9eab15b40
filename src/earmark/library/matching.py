"""Decides which library item, if any, is a requested book: path, then ASIN, then guarded fuzzy."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NamedTuple

from rapidfuzz import fuzz

from earmark.library.normalise import (
    normalise_person,
    normalise_title,
    parent_key,
    path_key,
)

Evidence = Literal["file_path", "asin", "title_author"]

TITLE_MIN_SCORE = 90.0
PERSON_MIN_SCORE = 90.0
# Editions differ by intro/outro credits; a different book of the same author rarely lands this close.
DURATION_TOLERANCE_MS = 180_000
DURATION_TOLERANCE_RATIO = 0.03
_STOP_WORDS = frozenset({"the", "a", "an", "of", "and", "in", "on", "to"})
_NUMBER = re.compile(r"\d+")


class LibraryEntry(NamedTuple):
    """A cached library item; the *_key fields are already normalised (see normalise.py).

    A tuple: the match loads every item of the library, and tuples of plain values are cheap
    to build and left alone by the garbage collector.
    """

    guid: str
    title_key: str
    author_key: str
    narrator_key: str = ""
    asin: str | None = None
    duration_ms: int | None = None
    year: int | None = None
    file_path: str | None = None


@dataclass(frozen=True)
class WantedBook:
    """What we know about a requested book; file_path is the folder Earmark imported into."""

    title: str
    author: str
    narrator: str | None = None
    asin: str | None = None
    duration_ms: int | None = None
    year: int | None = None
    file_path: str | None = None


@dataclass(frozen=True)
class Match:
    guid: str
    evidence: Evidence
    detail: str


class LibraryIndex:
    """Lookup tables over the library, built once so each request costs a few dict probes."""

    def __init__(self, entries: Iterable[LibraryEntry]) -> None:
        # Path keys are nearly all unique: a GUID per key (None once two books share it) keeps
        # 150,000 one-item lists out of a 50,000-item library's index.
        self._by_path: dict[str, str | None] = {}
        self._by_asin: dict[str, str] = {}
        self._by_name: defaultdict[str, list[LibraryEntry]] = defaultdict(list)
        for entry in entries:
            self._add(entry)

    def _add(self, entry: LibraryEntry) -> None:
        # A book's files sit in its folder, or one level down for disc folders (CD1, CD2).
        key = path_key(entry.file_path)
        for _ in range(3):
            if not key:
                break
            known = self._by_path.setdefault(key, entry.guid)
            if known != entry.guid:
                self._by_path[key] = None
            key = parent_key(key)
        asin = entry.asin.strip().upper() if entry.asin else ""
        if asin:
            self._by_asin.setdefault(asin, entry.guid)
        for token in block_tokens(entry.author_key):
            self._by_name[token].append(entry)

    def find(self, book: WantedBook) -> Match | None:
        return self.by_path(book) or self.by_asin(book) or self.by_title_author(book)

    def by_path(self, book: WantedBook) -> Match | None:
        key = path_key(book.file_path)
        # Several books under one folder means the folder is not one book's: no evidence.
        guid = self._by_path.get(key) if key else None
        return Match(guid, "file_path", f"library files are in {book.file_path}") if guid else None

    def by_asin(self, book: WantedBook) -> Match | None:
        asin = (book.asin or "").strip().upper()
        guid = self._by_asin.get(asin) if asin else None
        return Match(guid, "asin", f"ASIN {asin}") if guid else None

    def by_title_author(self, book: WantedBook) -> Match | None:
        wanted = _Wanted.of(book)
        best: tuple[float, LibraryEntry, str] | None = None
        for entry in self._candidates(wanted):
            verdict = _judge(wanted, entry)
            if verdict is not None and (best is None or verdict[0] > best[0]):
                best = (verdict[0], entry, verdict[1])
        if best is None:
            return None
        return Match(best[1].guid, "title_author", best[2])

    def _candidates(self, wanted: _Wanted) -> list[LibraryEntry]:
        seen: dict[str, LibraryEntry] = {}
        # Plex often lists the narrator as the album artist, so block on both names.
        for token in block_tokens(wanted.author) | block_tokens(wanted.narrator):
            for entry in self._by_name.get(token, []):
                seen.setdefault(entry.guid, entry)
        return list(seen.values())


@dataclass(frozen=True)
class _Wanted:
    title: str
    numbers: tuple[str, ...]
    words: int
    author: str
    narrator: str
    asin: str
    duration_ms: int | None
    year: int | None

    @classmethod
    def of(cls, book: WantedBook) -> _Wanted:
        title = normalise_title(book.title)
        return cls(
            title=title,
            numbers=_numbers(title),
            words=_significant_words(title),
            author=normalise_person(book.author),
            narrator=normalise_person(book.narrator),
            asin=(book.asin or "").strip().upper(),
            duration_ms=book.duration_ms,
            year=book.year,
        )


def _judge(wanted: _Wanted, entry: LibraryEntry) -> tuple[float, str] | None:
    """(score, reason) when title and a person agree AND a second signal confirms; else None."""
    if wanted.asin and entry.asin and wanted.asin != entry.asin.strip().upper():
        return None
    title_score = _title_score(wanted, entry.title_key)
    if title_score is None or not _people_agree(wanted, entry):
        return None
    confirmations = _confirmations(wanted, entry)
    if not confirmations:
        return None
    return title_score, f"title and author agree, confirmed by {' and '.join(confirmations)}"


def _title_score(wanted: _Wanted, title_key: str) -> float | None:
    # Near neighbours ("Book 2"/"Book 3", "Foundation"/"Foundation and Empire") share most
    # characters, so numbers and word counts must agree before the similarity counts.
    if not wanted.title or _numbers(title_key) != wanted.numbers:
        return None
    if _significant_words(title_key) != wanted.words:
        return None
    score = float(fuzz.ratio(wanted.title, title_key))
    return score if score >= TITLE_MIN_SCORE else None


def _people_agree(wanted: _Wanted, entry: LibraryEntry) -> bool:
    return _same_person(wanted.author, entry.author_key) or _same_person(
        wanted.narrator, entry.author_key
    )


def _confirmations(wanted: _Wanted, entry: LibraryEntry) -> list[str]:
    found: list[str] = []
    if _same_person(wanted.narrator, entry.narrator_key):
        found.append("narrator")
    if wanted.duration_ms and entry.duration_ms:
        allowed = max(DURATION_TOLERANCE_MS, wanted.duration_ms * DURATION_TOLERANCE_RATIO)
        if abs(wanted.duration_ms - entry.duration_ms) <= allowed:
            found.append("duration")
    if wanted.year and entry.year and wanted.year == entry.year:
        found.append("year")
    return found


def _same_person(left: str, right: str) -> bool:
    return bool(left and right) and fuzz.token_set_ratio(left, right) >= PERSON_MIN_SCORE


@lru_cache(maxsize=8192)
def block_tokens(person_key: str) -> frozenset[str]:
    """The surname and the longest name part; initials are too common to block on.

    Cached: a library has far fewer authors than books, and every book of one is indexed.
    """
    words = [word for word in person_key.split() if len(word) >= 3]
    if not words:
        return frozenset()
    return frozenset((words[-1], max(words, key=len)))


def _numbers(title_key: str) -> tuple[str, ...]:
    return tuple(sorted(str(int(n)) for n in _NUMBER.findall(title_key)))


def _significant_words(title_key: str) -> int:
    return sum(1 for word in title_key.split() if word not in _STOP_WORDS)
