"""Rank indexer releases for one book: explainable scores, hard rules (search/rules.py), a floor."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from earmark.integrations.indexers import Release
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
from earmark.search.profiles import BookProfile, Criterion, RankedRelease, RankingProfile
from earmark.search.refusal import Refusal, problems_of
from earmark.search.rules import Candidate, Wanted, number, rejections
from earmark.search.text import normalise, stop_words, word_key
from earmark.search.title_match import NOISE_WORDS, TitleVerdict, Vocabulary, judge_title

__all__ = [
    "BookProfile",
    "RankedRelease",
    "RankingProfile",
    "best_explanation",
    "rank_releases",
]

SCORE_MAX = 100.0
PRIORITY_SCALE = 25.0


def rank_releases(
    book: BookProfile, releases: Sequence[Release], profile: RankingProfile
) -> list[RankedRelease]:
    """Accepted releases first, each group best first (pure; input order does not matter)."""
    wanted = Wanted.of(book, profile.wanted_language)
    return sorted((_judge(wanted, release, profile) for release in releases), key=_order_key)


def _order_key(item: RankedRelease) -> tuple[object, ...]:
    release = item.release
    published = release.publish_date.timestamp() if release.publish_date else -math.inf
    return (
        not item.accepted, -item.preference, -published, -_popularity(release),
        release.guid, release.title, release.indexer_id or 0, release.indexer, release.size_bytes,
        release.download_url or "", release.magnet_url or "", release.protocol,
    )  # fmt: skip


def _popularity(release: Release) -> int:
    """Seeders of a torrent; grabs of a usenet release (its indexer's download count)."""
    if release.protocol == "usenet":
        return release.grabs or 0
    return release.seeders or 0


@dataclass(frozen=True)
class BookMatch:
    """How well a release's title names the wanted book: shared by audiobook and ebook ranking."""

    text: str
    words: frozenset[str]
    verdict: TitleVerdict
    authors_found: tuple[str, ...]
    criteria: dict[str, Criterion]
    neutral: frozenset[str]


def book_match(wanted: Wanted, release: Release, profile: RankingProfile) -> BookMatch:
    """The title verdict and the title (0 to 45) and author (0 to 15) criteria of one release."""
    text = normalise(release.title)
    verdict = judge_title(
        wanted.title,
        release.title,
        Vocabulary(wanted.explained, wanted.people),
        profile.title_coverage,
    )
    neutral = frozenset(NOISE_WORDS | wanted.own_words | stop_words("en"))
    author_points, found = _authors_named(wanted, text, neutral)
    criteria = _match_criteria(verdict, author_points, found, profile)
    words = frozenset(word_key(word) for word in text.split())
    return BookMatch(text, words, verdict, tuple(found), criteria, neutral)


def _judge(wanted: Wanted, release: Release, profile: RankingProfile) -> RankedRelease:
    match = book_match(wanted, release, profile)
    text, verdict, found, neutral = match.text, match.verdict, match.authors_found, match.neutral
    breakdown = dict(match.criteria)
    if wanted.narrators:
        breakdown["narrator"] = _narrator_criterion(wanted, text, neutral)
    breakdown["format"] = format_criterion(release, profile)
    breakdown["size"] = size_criterion(release, wanted.book.runtime_minutes)
    breakdown["seeders"] = availability_criterion(release, profile)
    score = round(min(SCORE_MAX, sum(_points(c) for c in breakdown.values())), 2)
    breakdown["indexer_priority"] = _priority_criterion(release, profile, score)
    breakdown["flags"] = _flag_criterion(release, profile)
    preference = round(
        max(0.0, score + _points(breakdown["indexer_priority"]) + _points(breakdown["flags"])), 2
    )
    candidate = Candidate(release, text, match.words, verdict, found, score, preference)
    refused = rejections(wanted, candidate, profile)
    return RankedRelease(release, score, preference, breakdown, refused, profile.min_score)


def _points(criterion: Criterion) -> float:
    value = criterion["points"]
    return float(value) if not isinstance(value, str) else 0.0


def _match_criteria(
    verdict: TitleVerdict,
    author_points: float,
    found: list[str],
    profile: RankingProfile,
) -> dict[str, Criterion]:
    """Title (0 to 45) and author (0 to 15), zeroed when the title or author gate fails."""
    title_points = TITLE_MAX * verdict.fraction
    title_detail = f"{verdict.kind} ({verdict.coverage:.0%} of title words)"
    author_detail = f"found {', '.join(found)}" if found else "not found"
    if verdict.kind == "missing" or (profile.require_author and not found):
        title_points = author_points = 0.0
    return {
        "title": {"points": round(title_points, 2), "max": TITLE_MAX, "detail": title_detail},
        "author": {"points": round(min(author_points, MATCH_MAX - title_points), 2),
                   "max": AUTHOR_MAX, "detail": author_detail},
    }  # fmt: skip


def _authors_named(wanted: Wanted, text: str, neutral: frozenset[str]) -> tuple[float, list[str]]:
    strengths = [person_strength(author, text, neutral) for author in wanted.authors]
    points = AUTHOR_MAX * sum(strengths) / len(strengths) if strengths else 0.0
    return points, [a for a, s in zip(wanted.authors, strengths, strict=True) if s > 0]


def _narrator_criterion(wanted: Wanted, text: str, neutral: frozenset[str]) -> Criterion:
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


def best_explanation(ranked: Sequence[RankedRelease]) -> str:
    """For the request, in plain words: the best candidate, and each reason it was not taken."""
    if not ranked:
        return "No releases found"
    best = ranked[0]
    if best.accepted:
        return f"Best release '{best.release.title}' accepted (score {number(best.score)})"
    refusal = Refusal(best.release.title, problems_of(best.as_json()))
    return " ".join([refusal.summary, *(f"{problem}." for problem in refusal.problems)])
