"""The language rule follows the book's catalog language, else the household's wanted language."""

from __future__ import annotations

import pytest

from earmark.rule_codes import RankingRule
from earmark.search.profiles import BookProfile, RankingProfile
from earmark.search.ranking import rank_releases
from tests.unit.search.builders import release

# A book from the German store: its catalog language is German.
GERMAN_EDITION = BookProfile(
    "Der Astronaut", ("Andy Weir",), narrators=("Richard Barenberg",), language="german"
)
# The same book as a request remembers it when the catalog said nothing about its language.
UNKNOWN_LANGUAGE = BookProfile("Der Astronaut", ("Andy Weir",), narrators=("Richard Barenberg",))
GERMAN_RELEASE = "Andy Weir - Der Astronaut (Hörbuch, ungekürzt) [German] M4B"
ENGLISH_RELEASES = (
    "Andy Weir - Der Astronaut [ENG] M4B",
    "Andy Weir - Der Astronaut (English) MP3",
)


def _judge(book: BookProfile, title: str, wanted_language: str | None = "en") -> tuple[bool, ...]:
    (ranked,) = rank_releases(
        book, [release(title, 600)], RankingProfile(wanted_language=wanted_language)
    )
    return ranked.accepted, RankingRule.FOREIGN_LANGUAGE in ranked.codes


@pytest.mark.parametrize("household", ["en", "de"])
def test_a_german_catalog_edition_takes_the_german_release_whatever_the_household(
    household: str,
) -> None:
    assert _judge(GERMAN_EDITION, GERMAN_RELEASE, household) == (True, False)
    for title in ENGLISH_RELEASES:
        assert _judge(GERMAN_EDITION, title, household) == (False, True)


def test_a_german_household_refuses_the_english_release_of_a_book_of_unknown_language() -> None:
    assert _judge(UNKNOWN_LANGUAGE, GERMAN_RELEASE, "de") == (True, False)
    for title in ENGLISH_RELEASES:
        assert _judge(UNKNOWN_LANGUAGE, title, "de") == (False, True)


def test_an_english_household_refuses_the_german_release_of_a_book_of_unknown_language() -> None:
    assert _judge(UNKNOWN_LANGUAGE, GERMAN_RELEASE, "en") == (False, True)
    assert _judge(UNKNOWN_LANGUAGE, ENGLISH_RELEASES[0], "en") == (True, False)


def test_the_rejection_names_both_languages() -> None:
    (ranked,) = rank_releases(
        UNKNOWN_LANGUAGE, [release(ENGLISH_RELEASES[1], 600)], RankingProfile(wanted_language="de")
    )
    assert "marked English" in ranked.reasons[0] and "wanted German" in ranked.reasons[0]


def test_a_language_the_markers_do_not_know_switches_the_rule_off() -> None:
    book = BookProfile("Der Astronaut", ("Andy Weir",), language="klingon")
    assert _judge(book, ENGLISH_RELEASES[0], "de") == (True, False)
