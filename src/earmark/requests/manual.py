"""Books requested by title: the ones Audible does not list.

A manual request names the book by title and author (an ISBN and a year optional). Its audiobook
row has no ASIN (`audible_asin` is NULL, which the seed allows and the unique ASIN index permits
many times); it is found again by its title and author, so two people asking for the same
untitled-by-Audible book share one row and one download. Everything downstream treats a missing
ASIN as "not in the catalog": the ranking and the import have no runtime to check, and the media
server match goes by title and author.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from earmark.requests.errors import BadManualBook
from earmark.requests.models import Audiobook
from earmark.requests.schemas import NewBook

MAX_TITLE_LENGTH = 300
MAX_AUTHOR_LENGTH = 200
EARLIEST_YEAR = 1000
# A book announced for next year may already be on an indexer.
YEARS_AHEAD = 1
_SPACES = re.compile(r"\s+")
_ISBN_SEPARATORS = re.compile(r"[\s-]")


def _clean(text: str | None) -> str:
    """NFC, control characters dropped, runs of whitespace made one space."""
    normal = unicodedata.normalize("NFC", text or "")
    kept = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in normal)
    return _SPACES.sub(" ", kept).strip()


def book_key(text: str) -> str:
    """How two manual requests' titles (or authors) are compared: case and spacing ignored."""
    return _clean(text).casefold()


def _isbn10_ok(digits: str) -> bool:
    total = sum((10 - i) * (10 if ch == "X" else int(ch)) for i, ch in enumerate(digits))
    return total % 11 == 0


def _isbn13_ok(digits: str) -> bool:
    total = sum(int(ch) * (3 if i % 2 else 1) for i, ch in enumerate(digits))
    return total % 10 == 0


def normalise_isbn(text: str | None) -> str | None:
    """The ISBN without hyphens or spaces (upper-case X), None when empty; a wrong one refused."""
    cleaned = _ISBN_SEPARATORS.sub("", text or "").upper()
    if not cleaned:
        return None
    if re.fullmatch(r"\d{9}[\dX]", cleaned) and _isbn10_ok(cleaned):
        return cleaned
    if re.fullmatch(r"\d{13}", cleaned) and _isbn13_ok(cleaned):
        return cleaned
    raise BadManualBook(
        "isbn",
        "That is not a valid ISBN: give the 10 or 13 digits printed on the book "
        "(hyphens are fine), or leave it empty.",
    )


def manual_book(
    title: str, author: str, *, isbn: str | None, year: int | None, this_year: int
) -> NewBook:
    """The book a manual request names, checked and tidied; each refusal names its field."""
    clean_title, clean_author = _clean(title), _clean(author)
    if not clean_title:
        raise BadManualBook("title", "Give the book's title.")
    if len(clean_title) > MAX_TITLE_LENGTH:
        raise BadManualBook("title", f"The title is longer than {MAX_TITLE_LENGTH} characters.")
    if not clean_author:
        raise BadManualBook("author", "Give the book's author; the search needs it.")
    if len(clean_author) > MAX_AUTHOR_LENGTH:
        raise BadManualBook("author", f"The author is longer than {MAX_AUTHOR_LENGTH} characters.")
    latest = this_year + YEARS_AHEAD
    if year is not None and not EARLIEST_YEAR <= year <= latest:
        raise BadManualBook(
            "year", f"The year must be between {EARLIEST_YEAR} and {latest}, or left empty."
        )
    return NewBook(
        asin=None, title=clean_title, author=clean_author, isbn=normalise_isbn(isbn), year=year
    )


def find_manual_book(session: Session, book: NewBook) -> Audiobook | None:
    """The existing audiobook row without an ASIN for the same title and author, if any."""
    title_key, author_key = book_key(book.title), book_key(book.author)
    # Manual books are few (most requests come from the catalog), so they are compared in
    # Python, where case folding also covers non-ASCII titles (SQLite's lower() does not).
    rows = session.scalars(select(Audiobook).where(Audiobook.audible_asin.is_(None)))
    return next(
        (
            row
            for row in rows
            if book_key(row.title) == title_key and book_key(row.author) == author_key
        ),
        None,
    )
