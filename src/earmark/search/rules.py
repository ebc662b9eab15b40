"""The hard rules of ranking: one named function per rule, each refusing with a stable code.

A rule reads the wanted book (`Wanted`) and the judged release (`Candidate`) and returns a
`Rejection(code, message)` or None. `RULES` is the order reasons are reported in. Admins may
switch off the rules in `DISABLEABLE_RANKING_RULES` (setting `ranking.disabled_rules`); the ones
that keep a wrong book from being downloaded, and the confidence floor, always apply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from earmark.integrations.indexers import Release
from earmark.rule_codes import ALWAYS_ON_RANKING_RULES, RankingRule, Rejection
from earmark.search import markers
from earmark.search.profiles import MIB, BookProfile, RankingProfile
from earmark.search.text import normalise, parse_people, word_key
from earmark.search.title_match import TitleVerdict, WantedTitle


@dataclass(frozen=True)
class Wanted:
    """The book's comparable forms, computed once per ranking."""

    book: BookProfile
    title: WantedTitle
    authors: tuple[str, ...]
    narrators: tuple[str, ...]
    explained: frozenset[str]
    people: frozenset[str]
    own_words: frozenset[str]
    title_numbers: frozenset[float]
    position: float | None
    language: str | None

    @classmethod
    def of(cls, book: BookProfile, wanted_language: str | None = "en") -> Wanted:
        """`wanted_language` (a code) stands in when the book's own language is not known; a
        language the markers do not know switches the language rule off."""
        language = markers.language_code(book.language) if book.language else wanted_language
        stops_language = language if language in ("en", "de", "es", "fr") else "en"
        title = WantedTitle.of(book.title, stops_language or "en")
        authors = tuple(parse_people(book.authors))
        narrators = tuple(parse_people(book.narrators))
        own_text = " ".join([book.title, book.subtitle or "", book.series or "", *book.authors])
        own_words = frozenset(word_key(word) for word in normalise(own_text).split())
        people_words = {word_key(w) for person in (*authors, *narrators) for w in person.split()}
        explained = own_words | people_words | _marker_words()
        numbers = {
            float(w)
            for w in normalise(f"{book.title} {book.subtitle or ''}").split()
            if w.isdigit()
        }
        return cls(
            book, title, authors, narrators, frozenset(explained), frozenset(people_words), own_words,
            frozenset(numbers), markers.parse_position(book.series_position), language,
        )  # fmt: skip


def _marker_words() -> set[str]:
    """Words judged by their own rule (language, abridged, bundle) are not title conflicts."""
    words = set(markers.ABRIDGED_WORDS | markers.DRAMATISED_WORDS | markers.BUNDLE_WORDS)
    for code_words in markers.LANGUAGE_WORDS.values():
        words |= code_words
    words |= {"box", "set", "radio", "drama", "play", "books", "livre", "lu", "par"}
    return words


@dataclass(frozen=True)
class Candidate:
    """One release as the rules see it: its title verdict, the authors found, its scores."""

    release: Release
    text: str
    words: frozenset[str]
    title: TitleVerdict
    authors_found: tuple[str, ...]
    score: float
    preference: float


Rule = Callable[[Wanted, Candidate, RankingProfile], Rejection | None]


def title_not_found(wanted: Wanted, item: Candidate, profile: RankingProfile) -> Rejection | None:
    if item.title.kind != "missing":
        return None
    return Rejection(
        RankingRule.TITLE_NOT_FOUND,
        f"title mismatch: '{wanted.title.display}' not found "
        f"({item.title.coverage:.0%} of its words, {profile.title_coverage:.0%} needed)",
    )


def title_conflict(wanted: Wanted, item: Candidate, profile: RankingProfile) -> Rejection | None:
    """The wanted title is only part of the release's title: a sequel or another book."""
    if item.title.kind != "other_title":
        return None
    return Rejection(
        RankingRule.TITLE_CONFLICT,
        f"title mismatch: release is '{item.title.release_title}', wanted '{wanted.title.display}'",
    )


def author_not_found(wanted: Wanted, item: Candidate, profile: RankingProfile) -> Rejection | None:
    """Interactive search turns this off through `require_author`, not through the setting."""
    if not profile.require_author or item.authors_found:
        return None
    shown = ", ".join(wanted.book.authors) or "none on record"
    return Rejection(RankingRule.AUTHOR_NOT_FOUND, f"author not found: wanted '{shown}'")


def foreign_language(wanted: Wanted, item: Candidate, profile: RankingProfile) -> Rejection | None:
    if wanted.language is None:
        return None
    wanted_name = markers.LANGUAGE_NAMES[wanted.language]
    raw_title = item.release.title
    marked = markers.marked_languages(raw_title, set(item.words), set(wanted.own_words))
    foreign = {code: marker for code, marker in marked.items() if code != wanted.language}
    if foreign:
        code, marker = sorted(foreign.items())[0]
        name = markers.LANGUAGE_NAMES[code]
        return Rejection(
            RankingRule.FOREIGN_LANGUAGE,
            f"foreign-language edition: marked {name} ('{marker}'), wanted {wanted_name}",
        )
    if wanted.language in markers.LATIN_SCRIPT_LANGUAGES and markers.largely_non_latin(raw_title):
        return Rejection(
            RankingRule.FOREIGN_LANGUAGE,
            f"foreign-language edition: title is in another script, wanted {wanted_name}",
        )
    return None


def abridged(wanted: Wanted, item: Candidate, profile: RankingProfile) -> Rejection | None:
    if wanted.book.abridged or not (item.words & markers.ABRIDGED_WORDS) - wanted.own_words:
        return None
    return Rejection(RankingRule.ABRIDGED, "abridged edition, wanted the unabridged one")


def dramatisation(wanted: Wanted, item: Candidate, profile: RankingProfile) -> Rejection | None:
    marked = (item.words & markers.DRAMATISED_WORDS) - wanted.own_words
    if not marked and not markers.has_phrase(item.text, markers.DRAMATISED_PHRASES):
        return None
    return Rejection(RankingRule.DRAMATISATION, "dramatisation, not the narrated audiobook")


def bundle(wanted: Wanted, item: Candidate, profile: RankingProfile) -> Rejection | None:
    marker = markers.bundle_marker(item.release.title, item.text, set(wanted.own_words))
    if not marker:
        return None
    return Rejection(RankingRule.BUNDLE, f"several books in one release ('{marker}')")


def partial_release(wanted: Wanted, item: Candidate, profile: RankingProfile) -> Rejection | None:
    """One piece of a book split over several releases: the rest would be missing."""
    piece = markers.part_of_whole(item.release.title)
    if not piece:
        return None
    return Rejection(RankingRule.PARTIAL_RELEASE, f"only part of the book ('{piece}')")


def series_position(wanted: Wanted, item: Candidate, profile: RankingProfile) -> Rejection | None:
    if wanted.position is None:
        return None
    found = markers.series_positions(
        item.release.title, wanted.book.series, set(wanted.title_numbers)
    )
    if not found or wanted.position in found:
        return None
    shown = ", ".join(number(position) for position in sorted(found))
    return Rejection(
        RankingRule.SERIES_POSITION,
        f"series position mismatch: release is book {shown}, wanted book {number(wanted.position)}",
    )


def too_small(wanted: Wanted, item: Candidate, profile: RankingProfile) -> Rejection | None:
    """Under the absolute minimum: an ebook, a sample or a cover."""
    size = item.release.size_bytes
    if size >= profile.min_size_bytes:
        return None
    return Rejection(
        RankingRule.TOO_SMALL,
        f"too small: {size / MIB:.1f} MB "
        f"(under {profile.min_size_bytes / MIB:.0f} MB, likely an ebook or a sample)",
    )


def too_small_for_runtime(
    wanted: Wanted, item: Candidate, profile: RankingProfile
) -> Rejection | None:
    """Fewer MB per hour of the catalogue runtime than any listenable bitrate gives."""
    runtime = wanted.book.runtime_minutes
    size_mb = item.release.size_bytes / MIB
    if not runtime or runtime <= 0:
        return None
    per_hour = size_mb / (runtime / 60)
    if per_hour >= profile.min_mb_per_hour:
        return None
    return Rejection(
        RankingRule.TOO_SMALL_FOR_RUNTIME,
        f"too small for the runtime: {size_mb:.0f} MB for {runtime / 60:.1f} h "
        f"({per_hour:.1f} MB per hour, at least {number(profile.min_mb_per_hour)} expected)",
    )


def too_few_seeders(wanted: Wanted, item: Candidate, profile: RankingProfile) -> Rejection | None:
    seeders = item.release.seeders
    if item.release.protocol != "torrent" or seeders is None or seeders >= profile.min_seeders:
        return None
    return Rejection(
        RankingRule.TOO_FEW_SEEDERS,
        f"not enough seeders ({seeders}, at least {profile.min_seeders} needed)",
    )


def below_floor(wanted: Wanted, item: Candidate, profile: RankingProfile) -> Rejection | None:
    floor = number(profile.min_score)
    if item.score < profile.min_score:
        return Rejection(
            RankingRule.BELOW_FLOOR,
            f"score {number(item.score)} is below the confidence floor {floor}",
        )
    if item.preference < profile.min_score:
        return Rejection(
            RankingRule.BELOW_FLOOR,
            f"indexer priority and flags bring it to {number(item.preference)}, "
            f"below the confidence floor {floor}",
        )
    return None


RULES: tuple[tuple[RankingRule, Rule], ...] = (
    (RankingRule.TITLE_NOT_FOUND, title_not_found),
    (RankingRule.TITLE_CONFLICT, title_conflict),
    (RankingRule.AUTHOR_NOT_FOUND, author_not_found),
    (RankingRule.FOREIGN_LANGUAGE, foreign_language),
    (RankingRule.ABRIDGED, abridged),
    (RankingRule.DRAMATISATION, dramatisation),
    (RankingRule.BUNDLE, bundle),
    (RankingRule.PARTIAL_RELEASE, partial_release),
    (RankingRule.SERIES_POSITION, series_position),
    (RankingRule.TOO_SMALL, too_small),
    (RankingRule.TOO_SMALL_FOR_RUNTIME, too_small_for_runtime),
    (RankingRule.TOO_FEW_SEEDERS, too_few_seeders),
    (RankingRule.BELOW_FLOOR, below_floor),
)


def rejections(wanted: Wanted, item: Candidate, profile: RankingProfile) -> tuple[Rejection, ...]:
    """Every enabled rule's refusal, in `RULES` order; a rule that cannot be disabled always runs."""
    found = []
    for code, rule in RULES:
        if code in profile.disabled_rules and code not in ALWAYS_ON_RANKING_RULES:
            continue
        rejection = rule(wanted, item, profile)
        if rejection is not None:
            found.append(rejection)
    return tuple(found)


def number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
