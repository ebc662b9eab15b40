"""The scenario corpus (corpus.py) checked entry by entry, its tally, and the ranking's messages."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from earmark.rule_codes import RankingRule
from earmark.search.profiles import RankedRelease
from earmark.search.ranking import RankingProfile, best_explanation, rank_releases
from tests.unit.search.builders import release
from tests.unit.search.corpus import BOOKS, ORDERINGS, SCENARIOS, Ordering, Scenario

DOCS = Path(__file__).resolve().parents[3] / "docs" / "ranking.md"


def _judged(scenario: Scenario) -> RankedRelease:
    protocol = "usenet" if scenario.usenet else "torrent"
    item = release(scenario.title, scenario.size_mb, scenario.seeders, protocol=protocol)
    (ranked,) = rank_releases(BOOKS[scenario.book], [item], RankingProfile())
    return ranked


def _right(scenario: Scenario) -> bool:
    ranked = _judged(scenario)
    if scenario.code is None:
        return ranked.accepted and ranked.score >= ranked.floor
    return not ranked.accepted and scenario.code in ranked.codes


def _ordered_right(ordering: Ordering) -> bool:
    items = [release(title, size, seeders) for title, size, seeders in ordering.releases]
    ranked = rank_releases(BOOKS[ordering.book], items, RankingProfile())
    return ranked[0].accepted and ranked[0].release.title == ordering.first


def _outcomes() -> dict[str, tuple[bool, str | None]]:
    """Every corpus entry → (the ranking gets it right, the known failure's reason)."""
    outcomes = {name: (_right(s), s.known_failure) for name, s in SCENARIOS.items()}
    for name, ordering in ORDERINGS.items():
        outcomes[f"ordering: {name}"] = (_ordered_right(ordering), ordering.known_failure)
    return outcomes


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_rank_scenario(name: str) -> None:
    scenario = SCENARIOS[name]
    ranked = _judged(scenario)

    if scenario.known_failure:  # still wrong; when this fails, move it out of the known failures
        assert not _right(scenario), f"{name} is right now: drop its known_failure"
    elif scenario.code is None:
        assert ranked.accepted, ranked.reasons
        assert ranked.score >= 50
    else:
        assert not ranked.accepted
        assert scenario.code in ranked.codes, ranked.rejections


@pytest.mark.parametrize("name", list(ORDERINGS))
def test_rank_ordering(name: str) -> None:
    ordering = ORDERINGS[name]

    assert _ordered_right(ordering) is (ordering.known_failure is None)


def test_corpus_tally_is_reported_in_the_docs() -> None:
    outcomes = _outcomes()
    right = sum(ok for ok, _ in outcomes.values())
    known = sum(reason is not None for _, reason in outcomes.values())
    wrong_unexpectedly = [n for n, (ok, reason) in outcomes.items() if not ok and not reason]

    assert wrong_unexpectedly == []
    assert len(outcomes) >= 150
    tally = f"{right} of {len(outcomes)} expected outcomes right, {known} known failure"
    assert tally in DOCS.read_text(encoding="utf-8"), f"docs/ranking.md should say: {tally}"


def test_corpus_covers_every_ranking_rule() -> None:
    codes = {s.code for s in SCENARIOS.values() if s.code and not s.known_failure}

    assert codes == set(RankingRule) - {RankingRule.BELOW_FLOOR}


def test_disabled_rule_is_skipped_but_a_protected_one_is_not() -> None:
    abridged = release("Andy Weir - Project Hail Mary (Abridged) MP3", 400)
    sequel = release("Isaac Asimov - Foundation and Empire [M4B]", 450)
    profile = RankingProfile(
        disabled_rules=frozenset({RankingRule.ABRIDGED, RankingRule.TITLE_CONFLICT})
    )

    (kept,) = rank_releases(BOOKS["hail_mary"], [abridged], profile)
    (refused,) = rank_releases(BOOKS["foundation"], [sequel], profile)

    assert kept.accepted
    assert refused.codes == ("title_conflict",)


def test_rank_picks_the_right_book_among_neighbours() -> None:
    names = [
        "Isaac Asimov - Foundation and Empire [M4B]",
        "Isaac Asimov - Second Foundation [M4B]",
        "Isaac Asimov - Foundation [GER]",
        "Isaac Asimov - Foundation [M4B]",
    ]

    ranked = rank_releases(
        BOOKS["foundation"], [release(n, 450, 80) for n in names], RankingProfile()
    )

    assert [r.release.title for r in ranked if r.accepted] == ["Isaac Asimov - Foundation [M4B]"]


def test_best_explanation_names_best_candidate_and_its_failures() -> None:
    ranked = rank_releases(
        BOOKS["hail_mary"], [release("Project Hail Mary (2021) M4B", 600, 300)], RankingProfile()
    )

    message = best_explanation(ranked)

    assert message == (
        "No release was good enough yet. The closest was 'Project Hail Mary (2021) M4B'. "
        "Author not found: wanted 'Andy Weir'. "
        "It matched the book well enough for 34 points out of 100; at least 50 are needed."
    )


def test_best_explanation_of_a_rejection_above_the_floor_omits_the_comparison() -> None:
    item = release("Isaac Asimov - Foundation and Empire [M4B]", 450, 80)

    message = best_explanation(rank_releases(BOOKS["foundation"], [item], RankingProfile()))

    assert message == (
        "No release was good enough yet. "
        "The closest was 'Isaac Asimov - Foundation and Empire [M4B]'. "
        "Title mismatch: release is 'Foundation and Empire', wanted 'Foundation'."
    )


def test_best_explanation_without_releases() -> None:
    assert best_explanation([]) == "No releases found"


def test_rank_interactive_profile_skips_the_author_gate() -> None:
    profile = RankingProfile(require_author=False)

    (ranked,) = rank_releases(
        BOOKS["hail_mary"], [release("Project Hail Mary (2021) M4B", 1000, 300)], profile
    )

    assert ranked.breakdown["title"]["points"] == 45.0
    assert "author_not_found" not in ranked.codes


def test_rank_narrator_named_adds_points() -> None:
    (with_narrator,) = rank_releases(
        BOOKS["hail_mary"],
        [release("Andy Weir - Project Hail Mary - Ray Porter", 1000)],
        RankingProfile(),
    )
    (without,) = rank_releases(
        BOOKS["hail_mary"], [release("Andy Weir - Project Hail Mary", 1000)], RankingProfile()
    )

    assert with_narrator.breakdown["narrator"]["points"] == 5.0
    assert without.breakdown["narrator"]["points"] == 0.0
    assert with_narrator.score == without.score + 5


def test_usenet_releases_have_no_seeders_rule_and_grabs_break_ties() -> None:
    book = next(iter(BOOKS.values()))
    title = f"{book.authors[0]} - {book.title} Unabridged M4B"
    # No seeders at all: a torrent is refused for it, a usenet release is not.
    torrent = release(title, seeders=0, guid="torrent")
    (judged,) = rank_releases(book, [torrent], RankingProfile())
    assert RankingRule.TOO_FEW_SEEDERS in judged.codes
    rarely = replace(release(title, seeders=None, protocol="usenet", guid="a"), grabs=2)
    often = replace(release(title, seeders=None, protocol="usenet", guid="b"), grabs=300)

    ranked = rank_releases(book, [rarely, often], RankingProfile())

    assert all(r.accepted for r in ranked), [r.reasons for r in ranked]
    assert [r.release.guid for r in ranked] == ["b", "a"]
    assert ranked[0].breakdown["seeders"]["detail"] == "usenet (fixed, 300 grabs)"
