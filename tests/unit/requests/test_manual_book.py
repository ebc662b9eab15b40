"""A manual request's book: tidied title and author, ISBN checksums, a plausible year."""

from __future__ import annotations

import pytest

from earmark.requests.errors import BadManualBook
from earmark.requests.manual import book_key, manual_book, normalise_isbn


def test_title_and_author_are_tidied_and_the_book_has_no_asin() -> None:
    book = manual_book(
        "  The \tLost\x00 Ledger ", " Imogen  Farrow", isbn=None, year=None, this_year=2026
    )
    assert (book.asin, book.title, book.author) == (None, "The Lost Ledger", "Imogen Farrow")


@pytest.mark.parametrize(
    ("title", "author", "field"),
    [
        ("", "Someone", "title"),
        ("   ", "Someone", "title"),
        ("A Book", " ", "author"),
        ("x" * 301, "Someone", "title"),
        ("A Book", "y" * 201, "author"),
    ],
)
def test_missing_or_overlong_title_or_author_names_the_field(
    title: str, author: str, field: str
) -> None:
    with pytest.raises(BadManualBook) as raised:
        manual_book(title, author, isbn=None, year=None, this_year=2026)
    assert raised.value.field == field


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("978-0-306-40615-7", "9780306406157"),
        ("0-306-40615-2", "0306406152"),
        ("0 8044 2957 x", "080442957X"),
        ("", None),
        (None, None),
    ],
)
def test_valid_isbns_are_kept_without_separators(given: str | None, kept: str | None) -> None:
    assert normalise_isbn(given) == kept


@pytest.mark.parametrize("given", ["978-0-306-40615-8", "0306406153", "12345", "ISBN-abc"])
def test_invalid_isbns_are_refused_with_a_message(given: str) -> None:
    with pytest.raises(BadManualBook, match="not a valid ISBN") as raised:
        normalise_isbn(given)
    assert raised.value.field == "isbn"


@pytest.mark.parametrize("year", [999, 2028])
def test_years_out_of_range_are_refused(year: int) -> None:
    with pytest.raises(BadManualBook, match="between 1000 and 2027") as raised:
        manual_book("A Book", "Someone", isbn=None, year=year, this_year=2026)
    assert raised.value.field == "year"


def test_next_years_book_is_accepted() -> None:
    assert manual_book("A Book", "Someone", isbn=None, year=2027, this_year=2026).year == 2027


def test_book_key_ignores_case_and_spacing_including_non_ascii() -> None:
    assert book_key("ÉTÉ  à Paris") == book_key("été à paris")
    assert book_key("Straße") == book_key("STRASSE")
