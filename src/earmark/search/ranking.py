"""Rank indexer releases for one book: explainable scores, hard rejections, a confidence floor."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from earmark.integrations.indexers import Release
from earmark.search import markers
from earmark.search.criteria import (
    AUTHOR_MAX,
    MATCH_MAX,
    NARRATOR_MAX,
    TITLE_MAX,
    availability_criterion,
    format_criterion,
    person_strength,
    size_criterion,
)
from earmark.search.profiles import MIB, BookProfile, Criterion, RankedRelease, RankingProfile
from earmark.search.text import normalise, parse_people, stop_words, word_key
from earmark.search.title_match import NOISE_WORDS, Vocabulary, WantedTitle, judge_title

__all__ = [
    "BookProfile",
    "RankedRelease",
    "RankingProfile",
    "best_explanation",
    "rank_releases",
]

SCORE_MAX = 100.0
PRIORITY_SCALE = 25.0


@dataclass(frozen=True)
class _Wanted:
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
    def of(cls, book: BookProfile) -> _Wanted:
        language = markers.language_code(book.language)
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


def rank_releases(
    book: BookProfile, releases: Sequence[Release], profile: RankingProfile
) -> list[RankedRelease]:
    """Accepted releases first, each group best first (pure; input order does not matter)."""
    wanted = _Wanted.of(book)
    return sorted((_judge(wanted, release, profile) for release in releases), key=_order_key)


def _order_key(item: RankedRelease) -> tuple[object, ...]:
    release = item.release
    published = release.publish_date.timestamp() if release.publish_date else -math.inf
    return (
        not item.accepted, -item.preference, -published, -(release.seeders or 0),
        release.guid, release.title, release.indexer_id or 0, release.indexer, release.size_bytes,
        release.download_url or "", release.magnet_url or "", release.protocol,
    )  # fmt: skip


def _judge(wanted: _Wanted, release: Release, profile: RankingProfile) -> RankedRelease:
    breakdown, reasons = _match_criteria(wanted, release, profile)
    breakdown["format"] = format_criterion(release, profile)
    breakdown["size"] = size_criterion(release, wanted.book.runtime_minutes)
    breakdown["seeders"] = availability_criterion(release, profile)
    score = round(min(SCORE_MAX, sum(_points(c) for c in breakdown.values())), 2)
    breakdown["indexer_priority"] = _priority_criterion(release, profile, score)
    breakdown["flags"] = _flag_criterion(release, profile)
    preference = round(
        max(0.0, score + _points(breakdown["indexer_priority"]) + _points(breakdown["flags"])), 2
    )
    reasons += _edition_reasons(wanted, release, profile)
    if score < profile.min_score:
        reasons.append(
            f"score {_number(score)} is below the confidence floor {_number(profile.min_score)}"
        )
    elif preference < profile.min_score:
        reasons.append(
            f"indexer priority and flags bring it to {_number(preference)}, "
            f"below the confidence floor {_number(profile.min_score)}"
        )
    return RankedRelease(
        release, score, preference, breakdown, not reasons, tuple(reasons), profile.min_score
    )


def _points(criterion: Criterion) -> float:
    value = criterion["points"]
    return float(value) if not isinstance(value, str) else 0.0


def _match_criteria(
    wanted: _Wanted, release: Release, profile: RankingProfile
) -> tuple[dict[str, Criterion], list[str]]:
    """Title (0 to 45) and author (0 to 15), zeroed when the title or author gate fails."""
    reasons: list[str] = []
    verdict = judge_title(
        wanted.title,
        release.title,
        Vocabulary(wanted.explained, wanted.people),
        profile.title_coverage,
    )
    title_points = TITLE_MAX * verdict.fraction
    title_detail = f"{verdict.kind} ({verdict.coverage:.0%} of title words)"
    if verdict.kind == "missing":
        reasons.append(
            f"title mismatch: '{wanted.title.display}' not found "
            f"({verdict.coverage:.0%} of its words, {profile.title_coverage:.0%} needed)"
        )
    elif verdict.kind == "other_title":
        reasons.append(
            f"title mismatch: release is '{verdict.release_title}', wanted '{wanted.title.display}'"
        )
    text = normalise(release.title)
    neutral = frozenset(NOISE_WORDS | wanted.own_words | stop_words("en"))
    author_points, found = _authors_named(wanted, text, neutral)
    author_detail = f"found {', '.join(found)}" if found else "not found"
    if profile.require_author and not found:
        shown = ", ".join(wanted.book.authors) or "none on record"
        reasons.append(f"author not found: wanted '{shown}'")
    if verdict.kind == "missing" or (profile.require_author and not found):
        title_points = author_points = 0.0
    breakdown: dict[str, Criterion] = {
        "title": {"points": round(title_points, 2), "max": TITLE_MAX, "detail": title_detail},
        "author": {"points": round(min(author_points, MATCH_MAX - title_points), 2),
                   "max": AUTHOR_MAX, "detail": author_detail},
    }  # fmt: skip
    if wanted.narrators:
        breakdown["narrator"] = _narrator_criterion(wanted, text, neutral)
    return breakdown, reasons


def _authors_named(wanted: _Wanted, text: str, neutral: frozenset[str]) -> tuple[float, list[str]]:
    strengths = [person_strength(author, text, neutral) for author in wanted.authors]
    points = AUTHOR_MAX * sum(strengths) / len(strengths) if strengths else 0.0
    return points, [a for a, s in zip(wanted.authors, strengths, strict=True) if s > 0]


def _narrator_criterion(wanted: _Wanted, text: str, neutral: frozenset[str]) -> Criterion:
    strengths = {person: person_strength(person, text, neutral) for person in wanted.narrators}
    best = max(strengths, key=lambda person: strengths[person])
    if strengths[best] == 0:
        return {"points": 0.0, "max": NARRATOR_MAX, "detail": "not named"}
    return {"points": round(NARRATOR_MAX * strengths[best], 2), "max": NARRATOR_MAX,
            "detail": f"found {best}"}  # fmt: skip


def _priority_criterion(release: Release, profile: RankingProfile, score: float) -> Criterion:
    if release.indexer_id is None:
        return {"points": 0.0, "detail": "indexer unknown"}
    priority = profile.indexer_priorities.get(release.indexer_id, profile.default_indexer_priority)
    priority = max(1, min(int(PRIORITY_SCALE), priority))
    factor = priority / PRIORITY_SCALE
    return {
        "points": round(score * factor, 2),
        "detail": f"priority {priority}: +{factor:.0%} of the score",
    }


def _flag_criterion(release: Release, profile: RankingProfile) -> Criterion:
    configured = {name.strip().lower(): points for name, points in profile.flag_points.items()}
    matched = sorted({flag.strip().lower() for flag in release.flags} & set(configured))
    points = sum(configured[flag] for flag in matched)
    detail = ", ".join(f"{flag} {configured[flag]:+g}" for flag in matched) or "none"
    return {"points": round(points, 2), "detail": detail}


def _edition_reasons(wanted: _Wanted, release: Release, profile: RankingProfile) -> list[str]:
    """Hard rules: wrong language, abridged, dramatised, bundle, series neighbour, size, seeders."""
    text = normalise(release.title)
    release_words = {word_key(word) for word in text.split()}
    reasons = _language_reasons(wanted, release.title, release_words)
    if not wanted.book.abridged and (release_words & markers.ABRIDGED_WORDS) - wanted.own_words:
        reasons.append("abridged edition, wanted the unabridged one")
    dramatised = (release_words & markers.DRAMATISED_WORDS) - wanted.own_words
    if dramatised or markers.has_phrase(text, markers.DRAMATISED_PHRASES):
        reasons.append("dramatisation, not the narrated audiobook")
    bundle = markers.bundle_marker(release.title, text, set(wanted.own_words))
    if bundle:
        reasons.append(f"several books in one release ('{bundle}')")
    reasons += _series_reasons(wanted, release.title)
    reasons += _size_reasons(wanted, release, profile)
    if (
        release.protocol == "torrent"
        and release.seeders is not None
        and release.seeders < profile.min_seeders
    ):
        reasons.append(
            f"not enough seeders ({release.seeders}, at least {profile.min_seeders} needed)"
        )
    return reasons


def _language_reasons(wanted: _Wanted, raw_title: str, release_words: set[str]) -> list[str]:
    if wanted.language is None:
        return []
    wanted_name = markers.LANGUAGE_NAMES[wanted.language]
    marked = markers.marked_languages(raw_title, release_words, set(wanted.own_words))
    foreign = {code: marker for code, marker in marked.items() if code != wanted.language}
    if foreign:
        code, marker = sorted(foreign.items())[0]
        name = markers.LANGUAGE_NAMES[code]
        return [f"foreign-language edition: marked {name} ('{marker}'), wanted {wanted_name}"]
    if wanted.language in markers.LATIN_SCRIPT_LANGUAGES and markers.largely_non_latin(raw_title):
        return [f"foreign-language edition: title is in another script, wanted {wanted_name}"]
    return []


def _series_reasons(wanted: _Wanted, raw_title: str) -> list[str]:
    if wanted.position is None:
        return []
    found = markers.series_positions(raw_title, wanted.book.series, set(wanted.title_numbers))
    if not found or wanted.position in found:
        return []
    shown = ", ".join(_number(position) for position in sorted(found))
    return [
        f"series position mismatch: release is book {shown}, wanted book {_number(wanted.position)}"
    ]


def _size_reasons(wanted: _Wanted, release: Release, profile: RankingProfile) -> list[str]:
    size_mb = release.size_bytes / MIB
    if release.size_bytes < profile.min_size_bytes:
        limit = profile.min_size_bytes / MIB
        return [f"too small: {size_mb:.1f} MB (under {limit:.0f} MB, likely an ebook or a sample)"]
    runtime = wanted.book.runtime_minutes
    if runtime and runtime > 0 and size_mb / (runtime / 60) < profile.min_mb_per_hour:
        return [
            f"too small for the runtime: {size_mb:.0f} MB for {runtime / 60:.1f} h "
            f"({size_mb / (runtime / 60):.1f} MB per hour, at least {_number(profile.min_mb_per_hour)} expected)"
        ]
    return []


def best_explanation(ranked: Sequence[RankedRelease]) -> str:
    """One sentence for the request: the best candidate, and why it was not taken."""
    if not ranked:
        return "No releases found"
    best = ranked[0]
    if best.accepted:
        return f"Best release '{best.release.title}' accepted (score {_number(best.score)})"
    floor_note = f" < {_number(best.floor)}" if best.score < best.floor else ""
    why = [reason for reason in best.reasons if "confidence floor" not in reason]
    return (
        f"No acceptable release: best was '{best.release.title}' "
        f"(score {_number(best.score)}{floor_note})" + (f": {'; '.join(why)}" if why else "")
    )


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
