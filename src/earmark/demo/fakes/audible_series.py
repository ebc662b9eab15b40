"""A fixed series and its author for the fake Audible catalog, in the real API's shapes.

A series is a catalog product of its own (content_delivery_type "BookSeries") whose
`relationships` response group lists its books as `{asin, relationship_to_product: "child",
relationship_type: "series", sequence, sort}` (audible.readthedocs.io, "External Audible API";
community clients read series this way). Each book's own `series` entry is `{asin, title,
sequence, url}`, Audnexus's `seriesPrimary` is `{asin, name, position}`. The catalog's quirks are
kept: sequences "1", "1.5" and "Book 2", one companion book with no sequence at all, and one
pre-order (`is_preorderable`, a release date ahead). These books stay off the charts (so the
generated charts are unchanged) and answer by ASIN, by `author=` and in Audnexus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from earmark.demo.fakes.audible_products import FakeProduct

SERIES_ASIN = "B0LANTERNS"
SERIES_TITLE = "The Lantern Cycle"
AUTHOR = {"asin": "B0AUTHVNCE", "name": "Harriet Vance"}
NARRATOR = {"name": "Tomás Whitfield"}
PREORDER_DAYS_AHEAD = 30

# (asin, title, sequence or None, release date)
_BOOKS: tuple[tuple[str, str, str | None, str], ...] = (
    ("B0LANTRN01", "The Lantern Keeper", "1", "2019-03-05"),
    ("B0LANTRN15", "A Lantern in Winter", "1.5", "2020-01-14"),
    ("B0LANTRN02", "The Lantern Road", "Book 2", "2020-09-01"),
    ("B0LANTRN03", "The Lantern Throne", "3", "2022-05-17"),
    ("B0LANTRNCO", "The Lantern Companion", None, "2023-02-07"),
)
STANDALONE = ("B0QUIETHBR", "Quiet Harbour", "2021-06-22")


def book_product(
    asin: str, title: str, sequence: str | None, release: str, *, in_series: bool = True
) -> dict[str, Any]:
    """One audiobook product as the catalog API answers it (all response groups)."""
    entry: dict[str, Any] = {"asin": SERIES_ASIN, "title": SERIES_TITLE, "url": "/pd/series"}
    if sequence is not None:
        entry["sequence"] = sequence
    return {
        "asin": asin,
        "title": title,
        "authors": [dict(AUTHOR)],
        "narrators": [dict(NARRATOR)],
        "runtime_length_min": 600 + len(title) * 7,
        "release_date": release,
        "language": "english",
        "format_type": "unabridged",
        "content_type": "Product",
        "content_delivery_type": "SinglePartBook",
        "is_preorderable": False,
        "preorder_release_date": f"{release}T08:00:00Z",
        "publisher_name": "Podium Audio",
        "merchandising_summary": f"<p>{title}, from {AUTHOR['name']}.</p>",
        "series": [entry] if in_series else [],
        "category_ladders": [],
    }


def _audnexus(product: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {
        "asin": product["asin"],
        "title": product["title"],
        "authors": product["authors"],
        "narrators": product["narrators"],
        "genres": [],
        "runtimeLengthMin": product["runtime_length_min"],
        "releaseDate": product["release_date"] + "T00:00:00.000Z",
        "language": "english",
        "summary": product["merchandising_summary"],
        "formatType": "unabridged",
        "region": "us",
    }
    if product["series"]:
        series = product["series"][0]
        record["seriesPrimary"] = {"asin": series["asin"], "name": series["title"]}
        if "sequence" in series:
            record["seriesPrimary"]["position"] = series["sequence"]
    return record


def _fake(product: dict[str, Any]) -> FakeProduct:
    return FakeProduct(
        asin=product["asin"],
        audible=product,
        audnexus=_audnexus(product),
        bestseller_rank=10_000,
        has_cover=True,
        author_asins=[AUTHOR["asin"]],
    )


@dataclass
class SeriesCatalog:
    """The series parent product and its books; tests add a book with `add_book`."""

    books: list[FakeProduct] = field(default_factory=list)

    def add_book(
        self, asin: str, title: str, sequence: str | None, release: date, *, preorder: bool = False
    ) -> FakeProduct:
        product = book_product(asin, title, sequence, release.isoformat())
        if preorder:
            product["is_preorderable"] = True
        fake = _fake(product)
        self.books.append(fake)
        return fake

    def parent(self) -> dict[str, Any]:
        """The series product; `relationships` lists its books (without the standalone)."""
        children = [b for b in self.books if b.audible["series"]]
        return {
            "asin": SERIES_ASIN,
            "title": SERIES_TITLE,
            "content_type": "Product",
            "content_delivery_type": "BookSeries",
            "relationships": [
                {
                    "asin": b.asin,
                    "relationship_to_product": "child",
                    "relationship_type": "series",
                    "sort": str(position),
                    **(
                        {"sequence": b.audible["series"][0]["sequence"]}
                        if "sequence" in b.audible["series"][0]
                        else {}
                    ),
                }
                for position, b in enumerate(children, start=1)
            ],
        }

    def by_author(self, name: str) -> list[FakeProduct]:
        wanted = name.casefold().strip()
        return [
            b
            for b in self.books
            if any(a["name"].casefold() == wanted for a in b.audible["authors"])
        ]


def series_catalog(today: date | None = None) -> SeriesCatalog:
    """The Lantern Cycle: five released books and one pre-order, plus a standalone novel."""
    catalog = SeriesCatalog()
    for asin, title, sequence, release in _BOOKS:
        catalog.books.append(_fake(book_product(asin, title, sequence, release)))
    ahead = (today or date.today()) + timedelta(days=PREORDER_DAYS_AHEAD)
    catalog.add_book("B0LANTRN04", "The Lantern Sea", "4", ahead, preorder=True)
    asin, title, release = STANDALONE
    catalog.books.append(_fake(book_product(asin, title, None, release, in_series=False)))
    return catalog
