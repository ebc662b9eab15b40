"""Rank indexer releases as a book's ebook: named rules with codes, like the audiobook ranking.

The book itself is judged as for the audiobook (`search.ranking.book_match`: title and author)
and by the audiobook rules that concern the book, not its recording (`BOOK_RULES`, under their
`RankingRule` codes). Nothing here looks at runtime. The ebook rules (`EBOOK_RULES`, codes in
`rule_codes.EbookRule`) refuse releases outside the book categories, without a named format, in a
format the admin does not want, or too large to be one ebook. Preferred formats score higher:
the first of `EbookProfile.formats` gets all format points, each later one fewer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from earmark.ebooks.formats import DEFAULT_ORDER, EbookFormat, formats_named
from earmark.integrations.indexers import Release
from earmark.rule_codes import EbookRule, RankingRule, Rejection
from earmark.search.criteria import availability_criterion
from earmark.search.profiles import MIB, BookProfile, Criterion, RankedRelease, RankingProfile
from earmark.search.ranking import book_match
from earmark.search.rules import (
    Candidate,
    Rule,
    Wanted,
    author_not_found,
    below_floor,
    bundle,
    foreign_language,
    number,
    series_position,
    title_conflict,
    title_not_found,
    too_few_seeders,
)

BOOKS_CATEGORY = 7000
EBOOK_CATEGORY = 7020
BOOK_CATEGORIES = (BOOKS_CATEGORY, EBOOK_CATEGORY)
FORMAT_MAX = 25.0
SCORE_MAX = 100.0


@dataclass(frozen=True)
class EbookProfile:
    """The admin's ebook preferences: formats best first, the floor, a size ceiling."""

    formats: tuple[EbookFormat, ...] = DEFAULT_ORDER
    min_score: float = 50.0
    max_size_bytes: int = 200 * MIB
    min_seeders: int = 1
    protocols: frozenset[str] = frozenset({"torrent"})

    def ranking(self) -> RankingProfile:
        """The audiobook profile the shared book rules read (author required, no disabling)."""
        return RankingProfile(
            min_score=self.min_score, min_seeders=self.min_seeders, protocols=self.protocols
        )


EbookRuleFn = Callable[[Candidate, EbookProfile], Rejection | None]


def not_book_category(item: Candidate, profile: EbookProfile) -> Rejection | None:
    """An indexer that files a release outside Books (7000-7999) says it is no ebook."""
    categories = item.release.categories
    if not categories or any(7000 <= c < 8000 or c >= 100000 for c in categories):
        return None
    shown = ", ".join(str(c) for c in categories)
    return Rejection(EbookRule.NOT_BOOK_CATEGORY, f"not in a book category (categories {shown})")


def format_unknown(item: Candidate, profile: EbookProfile) -> Rejection | None:
    if formats_named(item.release.title):
        return None
    return Rejection(EbookRule.FORMAT_UNKNOWN, "the title names no ebook format (epub, pdf, …)")


def format_not_wanted(item: Candidate, profile: EbookProfile) -> Rejection | None:
    named = formats_named(item.release.title)
    if not named or any(fmt in profile.formats for fmt in named):
        return None
    shown = ", ".join(fmt.upper() for fmt in named)
    wanted = ", ".join(fmt.upper() for fmt in profile.formats)
    return Rejection(EbookRule.FORMAT_NOT_WANTED, f"format {shown} not wanted (wanted {wanted})")


def too_large(item: Candidate, profile: EbookProfile) -> Rejection | None:
    size = item.release.size_bytes
    if size <= profile.max_size_bytes:
        return None
    return Rejection(
        EbookRule.TOO_LARGE,
        f"too large for one ebook: {size / MIB:.0f} MB "
        f"(over {profile.max_size_bytes / MIB:.0f} MB, likely an audiobook or a collection)",
    )


BOOK_RULES: tuple[tuple[RankingRule, Rule], ...] = (
    (RankingRule.TITLE_NOT_FOUND, title_not_found),
    (RankingRule.TITLE_CONFLICT, title_conflict),
    (RankingRule.AUTHOR_NOT_FOUND, author_not_found),
    (RankingRule.FOREIGN_LANGUAGE, foreign_language),
    (RankingRule.BUNDLE, bundle),
    (RankingRule.SERIES_POSITION, series_position),
    (RankingRule.TOO_FEW_SEEDERS, too_few_seeders),
)
EBOOK_RULES: tuple[tuple[EbookRule, EbookRuleFn], ...] = (
    (EbookRule.NOT_BOOK_CATEGORY, not_book_category),
    (EbookRule.FORMAT_UNKNOWN, format_unknown),
    (EbookRule.FORMAT_NOT_WANTED, format_not_wanted),
    (EbookRule.TOO_LARGE, too_large),
)


def rank_ebooks(
    book: BookProfile, releases: Sequence[Release], profile: EbookProfile
) -> list[RankedRelease]:
    """Accepted releases first, each group best first (pure)."""
    wanted = Wanted.of(book)
    judged = [_judge(wanted, release, profile) for release in releases]
    return sorted(judged, key=lambda r: (not r.accepted, -r.score, r.release.guid))


def best_format(release: Release, profile: EbookProfile) -> EbookFormat | None:
    """The most preferred wanted format the release's title names."""
    named = formats_named(release.title)
    return next((fmt for fmt in profile.formats if fmt in named), None)


def _format_criterion(release: Release, profile: EbookProfile) -> Criterion:
    fmt = best_format(release, profile)
    if fmt is None:
        return {"points": 0.0, "max": FORMAT_MAX, "detail": "no wanted format named"}
    rank = profile.formats.index(fmt)
    points = FORMAT_MAX * (len(profile.formats) - rank) / len(profile.formats)
    detail = f"{fmt.upper()} (preference {rank + 1} of {len(profile.formats)})"
    return {"points": round(points, 2), "max": FORMAT_MAX, "detail": detail}


def _judge(wanted: Wanted, release: Release, profile: EbookProfile) -> RankedRelease:
    shared = profile.ranking()
    match = book_match(wanted, release, shared)
    breakdown = dict(match.criteria)
    breakdown["format"] = _format_criterion(release, profile)
    breakdown["seeders"] = availability_criterion(release, shared)
    score = round(min(SCORE_MAX, sum(_points(c) for c in breakdown.values())), 2)
    item = Candidate(release, match.text, match.words, match.verdict, match.authors_found,
                     score, score)  # fmt: skip
    refused = [rule(wanted, item, shared) for _, rule in BOOK_RULES]
    refused += [rule(item, profile) for _, rule in EBOOK_RULES]
    refused.append(below_floor(wanted, item, shared))
    found = tuple(rejection for rejection in refused if rejection is not None)
    return RankedRelease(release, score, score, breakdown, found, profile.min_score)


def _points(criterion: Criterion) -> float:
    value = criterion["points"]
    return float(value) if not isinstance(value, str) else 0.0


def explanation(ranked: Sequence[RankedRelease]) -> str:
    """One sentence for the companion: the best ebook release, or why none was taken."""
    if not ranked:
        return "No ebook releases found"
    best = ranked[0]
    if best.accepted:
        return f"Best ebook '{best.release.title}' accepted (score {number(best.score)})"
    return f"No acceptable ebook: best was '{best.release.title}': " + "; ".join(best.reasons)
