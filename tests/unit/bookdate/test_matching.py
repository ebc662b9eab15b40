"""Matching a model's pick to a catalog search result; weak matches are refused."""

from __future__ import annotations

from earmark.bookdate.matching import best_match
from earmark.bookdate.parsing import Pick
from earmark.integrations.catalog_sources import BookMetadata


def book(asin: str, title: str, *authors: str, subtitle: str | None = None) -> BookMetadata:
    return BookMetadata(asin=asin, title=title, subtitle=subtitle, authors=authors)


def test_best_match_prefers_exact_title_over_sequel() -> None:
    found = [book("A1", "Dune Messiah", "Frank Herbert"), book("A2", "Dune", "Frank Herbert")]
    assert best_match(Pick("Dune", "Frank Herbert", ""), found) == found[1]


def test_best_match_accepts_subtitle_and_co_author() -> None:
    found = [book("B1", "Good Omens", "Terry Pratchett", "Neil Gaiman", subtitle="The Nice...")]
    assert best_match(Pick("Good Omens", "Neil Gaiman", ""), found) == found[0]


def test_best_match_ignores_case_and_accents() -> None:
    found = [book("C1", "Les Misérables", "Victor Hugo")]
    assert best_match(Pick("les miserables", "VICTOR HUGO", ""), found) == found[0]


def test_best_match_refuses_same_title_by_another_author() -> None:
    found = [book("D1", "Dune", "Someone Else")]
    assert best_match(Pick("Dune", "Frank Herbert", ""), found) is None


def test_best_match_refuses_unrelated_title() -> None:
    found = [book("E1", "The Martian", "Andy Weir")]
    assert best_match(Pick("Artemis", "Andy Weir", ""), found) is None


def test_best_match_no_candidates_is_none() -> None:
    assert best_match(Pick("Dune", "Frank Herbert", ""), []) is None
