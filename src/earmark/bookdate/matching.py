"""Decides which catalog result, if any, is the book a model named (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from earmark.bookdate.parsing import Pick
from earmark.integrations.catalog_sources import BookMetadata
from earmark.library.normalise import normalise_person, normalise_title

MIN_TITLE_SCORE: Final = 85.0
MIN_AUTHOR_SCORE: Final = 80.0


def _title_score(wanted: str, book: BookMetadata) -> float:
    from rapidfuzz import fuzz  # imported on first use (docs/architecture.md)

    # Models often add the subtitle or drop it, so compare against both forms.
    forms = [book.title]
    if book.subtitle:
        forms.append(f"{book.title} {book.subtitle}")
    return max(fuzz.token_sort_ratio(wanted, normalise_title(form)) for form in forms)


def _author_score(wanted: str, book: BookMetadata) -> float:
    from rapidfuzz import fuzz  # imported on first use (docs/architecture.md)

    # Token-set: "Terry Pratchett" still matches "Terry Pratchett, Neil Gaiman".
    return max(
        (fuzz.token_set_ratio(wanted, normalise_person(name)) for name in book.authors),
        default=0.0,
    )


def _closeness(title: str, author: str, book: BookMetadata) -> tuple[float, float]:
    """Tie-breakers: an edition without extra subtitle or co-authors is the closer one."""
    from rapidfuzz import fuzz  # imported on first use (docs/architecture.md)

    full_title = normalise_title(f"{book.title} {book.subtitle or ''}")
    all_authors = normalise_person(" ".join(book.authors))
    return fuzz.ratio(title, full_title), fuzz.ratio(author, all_authors)


def best_match(pick: Pick, candidates: Sequence[BookMetadata]) -> BookMetadata | None:
    """The closest candidate whose title and author both match well; weak matches are refused."""
    title = normalise_title(pick.title)
    author = normalise_person(pick.author)
    best: tuple[float, ...] | None = None
    chosen: BookMetadata | None = None
    for book in candidates:
        title_score, author_score = _title_score(title, book), _author_score(author, book)
        if title_score < MIN_TITLE_SCORE or author_score < MIN_AUTHOR_SCORE:
            continue
        scores = (title_score, author_score, *_closeness(title, author, book))
        if best is None or scores > best:
            best, chosen = scores, book
    return chosen
