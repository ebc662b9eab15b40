"""Decides which library item, if any, is a requested book: path, then ASIN, then title+author.

Title+author is the path real Plex libraries need most: their albums carry an ASIN only when an
audiobook agent matched them, and never a duration of their own. The rule (docs/library.md):
the same normalised title (or the same title once a series marker, "(Unabridged)" and the like
are set aside) by the same author is enough when nothing contradicts it; a title that is only
close needs a second signal; and nothing ever matches across a different series number, an
abridged/unabridged difference, different narrators or a clearly different length.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from typing import Literal, NamedTuple

from earmark.library.normalise import (
    TitleParts,
    normalise_person,
    parent_key,
    path_key,
    title_parts,
)

Evidence = Literal["file_path", "asin", "title_author"]

TITLE_MIN_SCORE = 90.0
PERSON_MIN_SCORE = 90.0
# A second signal: editions differ by intro/outro credits; another book rarely lands this close.
DURATION_TOLERANCE_MS = 180_000
DURATION_TOLERANCE_RATIO = 0.03
# A contradiction: beyond this the two are different recordings (abridged, a part, a box set).
# Wide, because Audible rounds runtimes to minutes and a library sums its tracks.
DURATION_CONFLICT_MS = 900_000
DURATION_CONFLICT_RATIO = 0.10
# A book's files sit in its folder, or one level down for disc folders (CD1, CD2).
_PATH_LEVELS = 3
_STOP_WORDS = frozenset({"the", "a", "an", "of", "and", "in", "on", "to"})


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
    title: str = ""  # as the server lists it; series markers and subtitles are read from it


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
    subtitle: str | None = None


@dataclass(frozen=True)
class CatalogFacts:
    """What the Audible catalog cache adds about a requested book."""

    duration_minutes: int | None = None
    release_date: str | None = None
    subtitle: str | None = None


def wanted_book(
    title: str,
    author: str,
    narrator: str | None,
    asin: str | None,
    catalog: CatalogFacts | None = None,
    file_path: str | None = None,
) -> WantedBook:
    """The one way requests (library matching) and new books (ownership) describe a book."""
    facts = catalog or CatalogFacts()
    year = (facts.release_date or "")[:4]
    minutes = facts.duration_minutes
    return WantedBook(
        title=title,
        author=author,
        narrator=narrator,
        asin=asin,
        duration_ms=minutes * 60_000 if minutes else None,
        year=int(year) if year.isdigit() else None,
        file_path=file_path,
        subtitle=facts.subtitle,
    )


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

    @classmethod
    def for_books(
        cls, entries: Iterable[LibraryEntry], books: Iterable[WantedBook]
    ) -> LibraryIndex:
        """An index of only the entries `find` could answer with for one of `books` (those in
        a book's folder, with its ASIN or sharing a name token): it answers as the whole
        library's would (1,000 requests over 50,000 items index about 6,000 of them)."""
        return cls(filter(_Sought(books).could_answer, entries))

    def _add(self, entry: LibraryEntry) -> None:
        key = path_key(entry.file_path)
        for _ in range(_PATH_LEVELS):
            if not key:
                break
            known = self._by_path.setdefault(key, entry.guid)
            if known != entry.guid:
                self._by_path[key] = None
            key = parent_key(key)
        if asin := _asin_key(entry.asin):
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
        asin = _asin_key(book.asin)
        guid = self._by_asin.get(asin) if asin else None
        return Match(guid, "asin", f"ASIN {asin}") if guid else None

    def by_title_author(self, book: WantedBook) -> Match | None:
        wanted = _Wanted.of(book)
        best: tuple[tuple[int, float], LibraryEntry, str] | None = None
        for entry in self._candidates(wanted):
            verdict = _judge(wanted, entry)
            if verdict is not None and (best is None or verdict[0] > best[0]):
                best = (verdict[0], entry, verdict[1])
        if best is None:
            return None
        return Match(best[1].guid, "title_author", best[2])

    def _candidates(self, wanted: _Wanted) -> list[LibraryEntry]:
        seen: dict[str, LibraryEntry] = {}
        # Sorted: the first of two equally good candidates wins, so the order must not depend on
        # the process's string hashing (a set's order does).
        for token in sorted(_name_tokens(wanted.author, wanted.narrator)):
            for entry in self._by_name.get(token, []):
                seen.setdefault(entry.guid, entry)
        return list(seen.values())


class _Sought:
    """The folders, ASINs and name tokens of the books looked for (LibraryIndex.for_books)."""

    def __init__(self, books: Iterable[WantedBook]) -> None:
        self.paths: set[str] = set()
        self.asins: set[str] = set()
        self.tokens: set[str] = set()
        for book in books:
            if key := path_key(book.file_path):
                self.paths.add(key)
            if asin := _asin_key(book.asin):
                self.asins.add(asin)
            self.tokens |= _name_tokens(
                normalise_person(book.author), normalise_person(book.narrator)
            )

    def could_answer(self, entry: LibraryEntry) -> bool:
        if not self.tokens.isdisjoint(block_tokens(entry.author_key)):
            return True
        if entry.asin and _asin_key(entry.asin) in self.asins:
            return True
        key = path_key(entry.file_path)
        for _ in range(_PATH_LEVELS):
            if not key:
                return False
            if key in self.paths:
                return True
            key = parent_key(key)
        return False


class TitleAgreement(IntEnum):
    """How well two titles agree, and so how much else must agree (see `_enough`)."""

    # A subtitle on one side only: "Red Rising" may be "Red Rising: Golden Son" as a tagger
    # names the second book, so a narrator the series shares is not enough.
    PARTIAL = 1
    CLOSE = 2  # similar spelling (a typo, a missing word ending)
    SAME = 3


@dataclass(frozen=True)
class _Wanted:
    titles: tuple[TitleParts, ...]  # the title, and title plus subtitle when Audible has one
    author: str
    narrator: str
    asin: str
    duration_ms: int | None
    year: int | None

    @classmethod
    def of(cls, book: WantedBook) -> _Wanted:
        titles = [title_parts(book.title)]
        if book.subtitle:
            titles.append(title_parts(f"{book.title}: {book.subtitle}"))
        return cls(
            titles=tuple(titles),
            author=normalise_person(book.author),
            narrator=normalise_person(book.narrator),
            asin=_asin_key(book.asin),
            duration_ms=book.duration_ms,
            year=book.year,
        )


def _judge(wanted: _Wanted, entry: LibraryEntry) -> tuple[tuple[int, float], str] | None:
    """((agreement, score), reason) when this entry is the wanted book; else None."""
    if not _people_agree(wanted, entry) or _contradiction(wanted, entry):
        return None
    entry_title = title_parts(entry.title or entry.title_key)
    verdicts = [title_agreement(title, entry_title) for title in wanted.titles]
    agreements = [verdict for verdict in verdicts if verdict is not None]
    if not agreements:
        return None
    agreement, score = max(agreements)
    confirmations = _confirmations(wanted, entry)
    other_edition = bool(wanted.asin and entry.asin and wanted.asin != entry.asin.strip().upper())
    if other_edition:
        # Another ASIN: another region's or edition's listing of the same recording only when
        # the narrator or the length says so.
        confirmations = [c for c in confirmations if c != "year"]
        if not confirmations:
            return None
    if not _enough(agreement, confirmations):
        return None
    reason = "the same title and author" if agreement == TitleAgreement.SAME else "a close title"
    if confirmations:
        reason += f", confirmed by {' and '.join(confirmations)}"
    return (int(agreement), score), reason


def _enough(agreement: TitleAgreement, confirmations: list[str]) -> bool:
    """Whether the second signals carry a title agreement this strong (or weak)."""
    if agreement == TitleAgreement.SAME:
        return True
    if agreement == TitleAgreement.CLOSE:
        return bool(confirmations)
    return "duration" in confirmations or {"narrator", "year"} <= set(confirmations)


def title_agreement(wanted: TitleParts, entry: TitleParts) -> tuple[TitleAgreement, float] | None:
    """How two titles agree, with a similarity score; None when they are different books."""
    numbers = (wanted.series_number, entry.series_number)
    if not wanted.full or not entry.full or (None not in numbers and numbers[0] != numbers[1]):
        return None  # nothing to compare, or "Book 2" against "Book 3"
    if wanted.full == entry.full:
        return TitleAgreement.SAME, 100.0
    if wanted.core and wanted.core == entry.core:
        return _same_core(wanted.subtitle, entry.subtitle)
    score = _similar(wanted.full, entry.full)
    if score is not None:
        return TitleAgreement.CLOSE, score
    score = _similar(wanted.core, entry.core) if wanted.core and entry.core else None
    subtitles = _same_core(wanted.subtitle, entry.subtitle)
    if score is None or subtitles is None:
        return None
    # Main titles only similar: at best CLOSE, and PARTIAL when one side has a subtitle.
    return min(subtitles[0], TitleAgreement.CLOSE), score


def _same_core(wanted_subtitle: str, entry_subtitle: str) -> tuple[TitleAgreement, float] | None:
    if wanted_subtitle == entry_subtitle:
        return TitleAgreement.SAME, 100.0  # only a series marker or an edition note differs
    if wanted_subtitle and entry_subtitle:
        return None  # "Mistborn: The Final Empire" is not "Mistborn: The Well of Ascension"
    return TitleAgreement.PARTIAL, 95.0  # a subtitle on one side only


def _similar(left: str, right: str) -> float | None:
    from rapidfuzz import fuzz  # imported on first use (docs/architecture.md)

    # Near neighbours ("Foundation"/"Foundation and Empire", "Dune"/"Dune Messiah") share most
    # characters, so numbers and word counts must agree before the similarity counts.
    if _numbers(left) != _numbers(right) or _significant_words(left) != _significant_words(right):
        return None
    score = float(fuzz.ratio(left, right))
    return score if score >= TITLE_MIN_SCORE else None


def _people_agree(wanted: _Wanted, entry: LibraryEntry) -> bool:
    return _same_person(wanted.author, entry.author_key) or _same_person(
        wanted.narrator, entry.author_key
    )


def _contradiction(wanted: _Wanted, entry: LibraryEntry) -> bool:
    """Something both sides know and disagree on: then they are not the same recording."""
    if (
        wanted.narrator
        and entry.narrator_key
        and not _same_person(wanted.narrator, entry.narrator_key)
    ):
        return True
    if wanted.duration_ms and entry.duration_ms:
        allowed = max(DURATION_CONFLICT_MS, wanted.duration_ms * DURATION_CONFLICT_RATIO)
        if abs(wanted.duration_ms - entry.duration_ms) > allowed:
            return True
    entry_abridged = title_parts(entry.title or entry.title_key).abridged
    return all(title.abridged != entry_abridged for title in wanted.titles)


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
    from rapidfuzz import fuzz  # imported on first use (docs/architecture.md)

    return bool(left and right) and fuzz.token_set_ratio(left, right) >= PERSON_MIN_SCORE


def _asin_key(asin: str | None) -> str:
    return (asin or "").strip().upper()


def _name_tokens(author_key: str, narrator_key: str) -> frozenset[str]:
    # Plex often lists the narrator as the album artist, so a book is looked for under both.
    return block_tokens(author_key) | block_tokens(narrator_key)


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
    return tuple(sorted(str(int(word)) for word in title_key.split() if word.isdigit()))


def _significant_words(title_key: str) -> int:
    return sum(1 for word in title_key.split() if word not in _STOP_WORDS)
