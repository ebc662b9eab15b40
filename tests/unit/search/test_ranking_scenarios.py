"""Named, real-world-looking releases: what must be accepted and what must be refused, and why."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from earmark.search.ranking import BookProfile, RankingProfile, best_explanation, rank_releases
from tests.unit.search.builders import release

BOOKS = {
    "hail_mary": BookProfile("Project Hail Mary", ("Andy Weir",), narrators=("Ray Porter",),
                             runtime_minutes=970),
    "foundation": BookProfile("Foundation", ("Isaac Asimov",), series="Foundation",
                              series_position="1", runtime_minutes=505),
    "dcc": BookProfile("Dungeon Crawler Carl", ("Matt Dinniman",), series="Dungeon Crawler Carl",
                       series_position="1", runtime_minutes=835),
    "housemaid": BookProfile("The Housemaid", ("Freida McFadden",), runtime_minutes=662),
    "legion": BookProfile("We Are Legion (We Are Bob)", ("Dennis E. Taylor",), series="Bobiverse",
                          series_position="1", runtime_minutes=584),
    "dune": BookProfile("Dune", ("Frank Herbert",), series="Dune", series_position="1",
                        runtime_minutes=1263),
    "hero": BookProfile("The Hero of Ages", ("Brandon Sanderson",), subtitle="Mistborn, Book 3",
                        series="Mistborn", series_position="3", runtime_minutes=1995),
    "abaddon": BookProfile("Abaddon's Gate", ("James S. A. Corey",), series="The Expanse",
                           series_position="3", runtime_minutes=1816),
    "hobbit": BookProfile("The Hobbit", ("J.R.R. Tolkien",), runtime_minutes=683),
}  # fmt: skip


@dataclass(frozen=True)
class Scenario:
    book: str
    title: str
    size_mb: float = 800
    seeders: int | None = 40
    reason: str | None = None  # None = accepted; otherwise a fragment of one rejection reason


SCENARIOS = {
    # accepted
    "clean author-title m4b": Scenario("hail_mary", "Andy Weir - Project Hail Mary [M4B] 64kbps", 1000),
    "title-author mp3 with year": Scenario("hail_mary", "Project Hail Mary - Andy Weir (2021) MP3 128kbps", 900),
    "scene style dotted name": Scenario("hail_mary", "Andy.Weir.Project.Hail.Mary.2021.Unabridged.M4B-GRP", 950),
    "title, author and narrator unseparated": Scenario("hail_mary", "Project Hail Mary Andy Weir Ray Porter m4b", 900),
    "series folder then title": Scenario("legion", "Dennis E. Taylor - Bobiverse - 01 - We Are Legion", 500),
    "series in brackets": Scenario("foundation", "Isaac Asimov - Foundation (Foundation Book 1) [Unabridged]", 450),
    "camel case author name": Scenario("housemaid", "The Housemaid by FreidaMcFadden [M4B]", 600),
    "surname with initials": Scenario("hobbit", "JRR Tolkien - The Hobbit (Unabridged) MP3", 600),
    "dune with chronicles series tag": Scenario("dune", "Frank Herbert - Dune (Dune Chronicles 1) [M4B]", 1200),
    "book three with subtitle": Scenario("hero", "Brandon Sanderson - Mistborn 03 - The Hero of Ages [M4B]", 1700),
    "possessive title without apostrophe": Scenario("abaddon", "James S.A. Corey - The Expanse 03 - Abaddons Gate", 1500),
    "english marker on english book": Scenario("hail_mary", "Andy Weir - Project Hail Mary [ENG] [M4B]", 1000),
    # rejected: the wrong book
    "sequel containing the title": Scenario("foundation", "Isaac Asimov - Foundation and Empire [M4B]", 450, reason="release is 'Foundation and Empire', wanted 'Foundation'"),
    "possessive sequel title": Scenario("foundation", "Isaac Asimov - Foundation's Edge (Foundation 4)", 600, reason="title mismatch"),
    "housemaid sequel": Scenario("housemaid", "The Housemaid's Secret - Freida McFadden M4B", 600, reason="title mismatch"),
    "later book with series name inside": Scenario("dcc", "This Inevitable Ruin Dungeon Crawler Carl Matt Dinniman m4b", 900, reason="title mismatch"),
    "series neighbour by number": Scenario("dcc", "Matt Dinniman - Dungeon Crawler Carl, Book 2 - Carl's Doomsday Scenario", 700, reason="series position mismatch: release is book 2, wanted book 1"),
    "other book by the same author": Scenario("hail_mary", "Andy Weir - The Martian [M4B]", 600, reason="title mismatch"),
    "dune sequel": Scenario("dune", "Frank Herbert - Dune Messiah (Dune Chronicles 2)", 500, reason="release is 'Dune Messiah'"),
    "sequel named only in main segment": Scenario("dune", "Frank Herbert - God Emperor (Dune 4)", 900, reason="title mismatch"),
    "book two of mistborn for book three": Scenario("hero", "Brandon Sanderson - Mistborn, Book 2 - The Well of Ascension", 1500, reason="series position mismatch"),
    "box set of the series": Scenario("legion", "Dennis E. Taylor - Bobiverse Books 1-3 - We Are Legion, For We Are Many, All These Worlds", 1500, reason="several books in one release"),
    "wrong author same title": Scenario("housemaid", "The Housemaid - Jane Doe [M4B]", 600, reason="author not found"),
    "different author with same surname": Scenario("hail_mary", "Project Hail Mary - Peter Weir [M4B]", 900, reason="author not found"),
    # rejected: the right book in the wrong edition
    "abridged edition": Scenario("hail_mary", "Andy Weir - Project Hail Mary (Abridged) MP3", 400, reason="abridged edition"),
    "german edition by marker": Scenario("hail_mary", "Andy Weir - Project Hail Mary [GER] [M4B]", 900, reason="foreign-language edition: marked German"),
    "german hoerbuch": Scenario("dune", "Frank Herbert - Dune - Der Wüstenplanet (Hörbuch, ungekürzt)", 1200, reason="marked German"),
    "french edition": Scenario("foundation", "Isaac Asimov - Foundation (French) MP3", 450, reason="marked French"),
    "spanish two-letter tag": Scenario("foundation", "Isaac Asimov - Foundation [ES] MP3", 450, reason="marked Spanish"),
    "cyrillic title": Scenario("foundation", "Айзек Азимов - Основание (Foundation) Isaac Asimov", 450, reason="another script"),
    "radio dramatisation": Scenario("hobbit", "J.R.R. Tolkien - The Hobbit (BBC Radio Dramatisation)", 300, reason="dramatisation"),
    "tiny ebook": Scenario("hail_mary", "Andy Weir - Project Hail Mary (epub)", 3, reason="too small: 3.0 MB"),
    "too small for runtime": Scenario("dune", "Frank Herbert - Dune [MP3]", 120, reason="too small for the runtime"),
    "dead torrent": Scenario("hail_mary", "Andy Weir - Project Hail Mary [M4B]", 1000, seeders=0, reason="not enough seeders"),
}  # fmt: skip


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_rank_scenario(name: str) -> None:
    scenario = SCENARIOS[name]
    item = release(scenario.title, scenario.size_mb, scenario.seeders)

    (ranked,) = rank_releases(BOOKS[scenario.book], [item], RankingProfile())

    if scenario.reason is None:
        assert ranked.accepted, ranked.reasons
        assert ranked.score >= 50
    else:
        assert not ranked.accepted
        assert any(scenario.reason in reason for reason in ranked.reasons), ranked.reasons


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
        "No acceptable release: best was 'Project Hail Mary (2021) M4B' (score 34.15 < 50): "
        "author not found: wanted 'Andy Weir'"
    )


def test_best_explanation_of_a_rejection_above_the_floor_omits_the_comparison() -> None:
    item = release("Isaac Asimov - Foundation and Empire [M4B]", 450, 80)

    message = best_explanation(rank_releases(BOOKS["foundation"], [item], RankingProfile()))

    assert message.startswith(
        "No acceptable release: best was 'Isaac Asimov - Foundation and Empire [M4B]' (score "
    )
    assert message.endswith(
        "title mismatch: release is 'Foundation and Empire', wanted 'Foundation'"
    )


def test_best_explanation_without_releases() -> None:
    assert best_explanation([]) == "No releases found"


def test_rank_interactive_profile_skips_the_author_gate() -> None:
    profile = RankingProfile(require_author=False)

    (ranked,) = rank_releases(
        BOOKS["hail_mary"], [release("Project Hail Mary (2021) M4B", 1000, 300)], profile
    )

    assert ranked.breakdown["title"]["points"] == 45.0
    assert not any("author" in reason for reason in ranked.reasons)


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
