"""The worked examples of the reference specification, number for number."""

from __future__ import annotations

from earmark.search.ranking import BookProfile, RankingProfile, rank_releases
from tests.unit.search.builders import release

HAIL_MARY = BookProfile(title="Project Hail Mary", authors=("Andy Weir",), runtime_minutes=970)
A = "Andy Weir - Project Hail Mary [M4B] 64kbps"
B = "Project Hail Mary - Andy Weir (2021) MP3 128kbps"
C = "Project Hail Mary (2021) M4B"


def points(ranked: object, name: str) -> float:
    return float(ranked.breakdown[name]["points"])  # type: ignore[attr-defined]


def test_rank_golden_a_clean_m4b_scores_94_98_and_132_97() -> None:
    (ranked,) = rank_releases(HAIL_MARY, [release(A, 1000, 45)], RankingProfile())

    assert (points(ranked, "title"), points(ranked, "author")) == (45.0, 15.0)
    assert (points(ranked, "format"), points(ranked, "size"), points(ranked, "seeders")) == (
        10.0,
        15.0,
        9.98,
    )
    assert (ranked.score, ranked.preference, ranked.accepted) == (94.98, 132.97, True)


def test_rank_golden_b_priority_20_beats_better_format() -> None:
    profile = RankingProfile(indexer_priorities={2: 20})
    releases = [release(A, 1000, 45), release(B, 890, 120, indexer_id=2)]

    first, second = rank_releases(HAIL_MARY, releases, profile)

    assert first.release.title == B
    assert (points(first, "format"), points(first, "size"), points(first, "seeders")) == (
        4.0,
        13.76,
        12.5,
    )
    assert (first.score, first.preference) == (90.26, 162.47)
    assert second.release.title == A


def test_rank_golden_c_no_author_is_rejected_at_34_15() -> None:
    (ranked,) = rank_releases(HAIL_MARY, [release(C, 600, 300)], RankingProfile())

    assert (ranked.score, ranked.preference) == (34.15, 47.81)
    assert ranked.codes == ("author_not_found", "below_floor")


def test_rank_golden_d_unknown_runtime_gives_no_size_points() -> None:
    book = BookProfile(title="Project Hail Mary", authors=("Andy Weir",))

    (ranked,) = rank_releases(book, [release(A, 1000, 45)], RankingProfile())

    assert (points(ranked, "size"), ranked.score, ranked.preference) == (0.0, 79.98, 111.97)
    assert ranked.accepted


def test_rank_golden_e_f_flags_add_their_points_to_the_preference() -> None:
    profile = RankingProfile(flag_points={"Freeleech": 5, "internal": -90})
    plus = release(A, 1000, 45, flags=("freeleech",), guid="plus")
    minus = release(A, 1000, 45, flags=("internal",), guid="minus")

    ranked = {r.release.guid: r for r in rank_releases(HAIL_MARY, [plus, minus], profile)}

    assert ranked["plus"].preference == 137.97 and ranked["plus"].accepted
    assert ranked["minus"].preference == 42.97 and ranked["minus"].codes == ("below_floor",)
    assert ranked["minus"].score == 94.98


def test_rank_golden_g_ebook_sized_release_is_rejected_as_too_small() -> None:
    (ranked,) = rank_releases(
        HAIL_MARY, [release("Andy Weir - Project Hail Mary (ebook epub)", 2, 30)], RankingProfile()
    )

    assert "too_small" in ranked.codes and not ranked.accepted


def test_rank_usenet_gets_fixed_availability_instead_of_seeders() -> None:
    profile = RankingProfile(usenet_availability_points=12)

    (ranked,) = rank_releases(HAIL_MARY, [release(A, 1000, None, protocol="usenet")], profile)

    assert ranked.breakdown["seeders"] == {"points": 12.0, "max": 15.0, "detail": "usenet (fixed)"}
    assert ranked.accepted


def test_rank_ties_prefer_newer_then_more_seeded() -> None:
    from datetime import UTC, datetime

    old = release(A, 1000, 316, guid="old", published=datetime(2020, 1, 1, tzinfo=UTC))
    new = release(A, 1000, 400, guid="new", published=datetime(2023, 1, 1, tzinfo=UTC))
    undated = release(A, 1000, 500, guid="undated")

    order = [
        r.release.guid for r in rank_releases(HAIL_MARY, [old, undated, new], RankingProfile())
    ]

    assert order == ["new", "old", "undated"]


def test_rank_same_date_ties_prefer_more_seeders() -> None:
    few = release(A, 1000, 320, guid="few")
    many = release(A, 1000, 900, guid="many")

    order = [r.release.guid for r in rank_releases(HAIL_MARY, [few, many], RankingProfile())]

    assert order == ["many", "few"]


def test_rank_breakdown_is_json_serialisable() -> None:
    import json

    (ranked,) = rank_releases(HAIL_MARY, [release(A, 1000, 45)], RankingProfile())

    record = json.loads(json.dumps(ranked.as_json()))
    assert record["criteria"]["title"]["points"] == 45.0 and record["accepted"] is True
