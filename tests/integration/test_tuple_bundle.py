"""`TupleBundle` rows are named tuples holding what SQLAlchemy's own `Bundle` rows hold."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Bundle

from earmark.db.bundles import TupleBundle
from earmark.db.engine import transaction
from earmark.requests.models import Audiobook
from earmark.wiring import Services

COLUMNS = (Audiobook.id, Audiobook.title, Audiobook.narrator, Audiobook.publication_year)


def test_each_row_is_a_named_tuple_of_the_columns_sqlalchemy_would_give(
    services: Services,
) -> None:
    with transaction(services.sessions) as session:
        session.add_all(
            [
                Audiobook(audible_asin="B000000001", title="Dune", author="Frank Herbert"),
                Audiobook(
                    audible_asin="B000000002",
                    title="Emma",
                    author="Jane Austen",
                    narrator="Juliet Stevenson",
                    publication_year=1815,
                ),
            ]
        )
    with services.sessions() as session:
        ours = session.execute(
            select(TupleBundle("book", *COLUMNS), Audiobook.audible_asin).order_by(
                Audiobook.audible_asin
            )
        ).all()
        theirs = session.execute(
            select(Bundle("book", *COLUMNS), Audiobook.audible_asin).order_by(
                Audiobook.audible_asin
            )
        ).all()

    assert [(tuple(book), asin) for book, asin in ours] == [
        (tuple(book), asin) for book, asin in theirs
    ]
    emma, _ = ours[1]
    assert type(emma).__bases__ == (tuple,)  # a plain named tuple, not SQLAlchemy's row
    assert emma._fields == ("id", "title", "narrator", "publication_year")
    assert (emma.title, emma.narrator, emma.publication_year) == ("Emma", "Juliet Stevenson", 1815)
    assert ours[0][0].narrator is None
