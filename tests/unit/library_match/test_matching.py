"""Matching rules: file path, then ASIN, then title+author (the labelled corpus is in
test_matching_corpus.py)."""

from __future__ import annotations

from earmark.library.matching import LibraryEntry, LibraryIndex, WantedBook
from earmark.library.normalise import normalise_person, normalise_title


def entry(guid: str, title: str, author: str, **extra: object) -> LibraryEntry:
    narrator = str(extra.pop("narrator", "") or "")
    return LibraryEntry(
        guid=guid,
        title_key=normalise_title(title),
        author_key=normalise_person(author),
        narrator_key=normalise_person(narrator),
        title=title,
        **extra,  # type: ignore[arg-type]
    )


def test_by_path_import_folder_contains_item_file_matches() -> None:
    index = LibraryIndex(
        [entry("g1", "Dune", "Frank Herbert", file_path="/media/Frank Herbert/Dune/01.mp3")]
    )

    match = index.find(WantedBook("Whatever", "Nobody", file_path="/media/Frank Herbert/Dune/"))

    assert match is not None and (match.guid, match.evidence) == ("g1", "file_path")


def test_by_path_windows_separators_and_case_match() -> None:
    index = LibraryIndex([entry("g1", "Dune", "F H", file_path="D:\\Media\\Herbert\\Dune\\01.m4b")])

    match = index.find(WantedBook("x", "y", file_path="d:/media/herbert/dune"))

    assert match is not None and match.guid == "g1"


def test_by_path_disc_subfolder_matches_book_folder() -> None:
    index = LibraryIndex([entry("g1", "Dune", "F H", file_path="/m/Herbert/Dune/CD1/01.mp3")])

    assert index.find(WantedBook("x", "y", file_path="/m/Herbert/Dune")) is not None


def test_by_path_sibling_folder_with_longer_name_does_not_match() -> None:
    index = LibraryIndex([entry("g1", "Dune", "F H", file_path="/m/Herbert/Dune Messiah/01.mp3")])

    assert index.find(WantedBook("x", "y", file_path="/m/Herbert/Dune")) is None


def test_by_path_author_folder_with_several_books_is_not_evidence() -> None:
    index = LibraryIndex(
        [
            entry("g1", "Dune", "F H", file_path="/m/Herbert/Dune/01.mp3"),
            entry("g2", "Dune Messiah", "F H", file_path="/m/Herbert/Dune Messiah/01.mp3"),
        ]
    )

    assert index.by_path(WantedBook("x", "y", file_path="/m/Herbert")) is None


def test_by_asin_equal_ignoring_case_matches() -> None:
    index = LibraryIndex([entry("g1", "Dune", "Frank Herbert", asin="B002V1OF70")])

    match = index.find(WantedBook("Different title", "Someone", asin="b002v1of70"))

    assert match is not None and (match.guid, match.evidence) == ("g1", "asin")


def test_by_asin_empty_asin_never_matches() -> None:
    index = LibraryIndex([entry("g1", "Dune", "Frank Herbert", asin=""), entry("g2", "X", "Y")])

    assert index.find(WantedBook("Z", "Q", asin="")) is None
    assert index.find(WantedBook("Z", "Q", asin="   ")) is None


def test_by_path_wins_over_asin() -> None:
    index = LibraryIndex(
        [
            entry("by-asin", "Dune", "Frank Herbert", asin="B002V1OF70"),
            entry("by-path", "Dune", "Frank Herbert", file_path="/m/Dune/01.mp3"),
        ]
    )

    match = index.find(WantedBook("Dune", "Frank Herbert", asin="B002V1OF70", file_path="/m/Dune"))

    assert match is not None and match.guid == "by-path"


def test_same_title_and_author_alone_match() -> None:
    # Real Plex albums rarely carry a second signal: no duration, often no narrator.
    index = LibraryIndex([entry("g1", "Project Hail Mary", "Andy Weir")])

    match = index.find(WantedBook("Project Hail Mary", "Andy Weir"))

    assert match is not None and match.evidence == "title_author"
    assert match.detail == "the same title and author"


def test_subtitle_on_one_side_needs_the_length_or_narrator_and_year() -> None:
    def library(**extra: object) -> LibraryIndex:
        title = "Sapiens: A Brief History of Humankind"
        return LibraryIndex([entry("g1", title, "Yuval Noah Harari", **extra)])

    wanted = WantedBook("Sapiens", "Yuval Noah Harari", "Derek Perkins", year=2015)

    assert library().find(wanted) is None
    assert library(year=2015).find(wanted) is None
    assert library(narrator="Derek Perkins", year=2015).find(wanted) is not None
    long = WantedBook("Sapiens", "Yuval Noah Harari", duration_ms=54_000_000)
    assert library(duration_ms=54_100_000).find(long) is not None


def test_audible_subtitle_makes_the_full_title_the_same() -> None:
    index = LibraryIndex(
        [entry("g1", "Sapiens: A Brief History of Humankind", "Yuval Noah Harari")]
    )

    wanted = WantedBook("Sapiens", "Yuval Noah Harari", subtitle="A Brief History of Humankind")

    assert index.find(wanted) is not None


def test_different_narrators_are_a_different_recording() -> None:
    index = LibraryIndex([entry("g1", "The Hobbit", "J. R. R. Tolkien", narrator="Rob Inglis")])

    assert index.find(WantedBook("The Hobbit", "J.R.R. Tolkien", "Andy Serkis")) is None
    assert index.find(WantedBook("The Hobbit", "J.R.R. Tolkien", "Rob Inglis")) is not None


def test_clearly_different_length_contradicts_the_same_title() -> None:
    index = LibraryIndex([entry("g1", "Dune", "Frank Herbert", duration_ms=76_000_000)])

    assert index.find(WantedBook("Dune", "Frank Herbert", duration_ms=30_000_000)) is None
    assert index.find(WantedBook("Dune", "Frank Herbert", duration_ms=75_000_000)) is not None


def test_abridged_edition_is_not_the_unabridged_one() -> None:
    index = LibraryIndex([entry("g1", "Dune (Abridged)", "Frank Herbert")])

    assert index.find(WantedBook("Dune", "Frank Herbert")) is None
    assert index.find(WantedBook("Dune (Abridged)", "Frank Herbert")) is not None


def test_another_asin_needs_the_narrator_or_length_to_agree() -> None:
    # Another region's listing of the same recording has its own ASIN.
    index = LibraryIndex(
        [entry("g1", "Dune", "Frank Herbert", asin="B0UKEDITN1", narrator="Scott Brick")]
    )

    assert index.find(WantedBook("Dune", "Frank Herbert", "Scott Brick", asin="B002V1OF70"))
    assert index.find(WantedBook("Dune", "Frank Herbert", asin="B002V1OF70", year=2007)) is None


def test_fuzzy_confirmed_by_narrator_matches() -> None:
    index = LibraryIndex(
        [entry("g1", "Project Hail Mary: A Novel", "Weir, Andy", narrator="Ray Porter")]
    )

    match = index.find(WantedBook("Project Hail Mary (Unabridged)", "Andy Weir", "Ray Porter"))

    assert match is not None and match.evidence == "title_author"
    assert "narrator" in match.detail


def test_fuzzy_confirmed_by_duration_within_tolerance_matches() -> None:
    index = LibraryIndex([entry("g1", "The Martian", "Andy Weir", duration_ms=39_000_000)])

    near = WantedBook("The Martian", "Andy Weir", duration_ms=39_100_000)
    far = WantedBook("The Martian", "Andy Weir", duration_ms=30_000_000)

    assert index.find(near) is not None
    assert index.find(far) is None


def test_close_title_confirmed_by_year_matches() -> None:
    index = LibraryIndex(
        [entry("g1", "The Girl with the Dragon Tatoo", "Stieg Larsson", year=2008)]
    )

    wanted = WantedBook("The Girl with the Dragon Tattoo", "Stieg Larsson", year=2008)

    assert index.find(wanted) is not None
    assert index.find(WantedBook(wanted.title, wanted.author)) is None
    assert index.find(WantedBook(wanted.title, wanted.author, year=2009)) is None


def test_fuzzy_foundation_does_not_match_foundation_and_empire() -> None:
    index = LibraryIndex(
        [entry("g2", "Foundation and Empire", "Isaac Asimov", narrator="Scott Brick", year=1952)]
    )

    assert index.find(WantedBook("Foundation", "Isaac Asimov", "Scott Brick", year=1952)) is None


def test_fuzzy_book_two_does_not_match_book_three() -> None:
    index = LibraryIndex(
        [entry("g3", "The Expanse, Book 3", "James S. A. Corey", narrator="Jefferson Mays")]
    )

    wanted = WantedBook("The Expanse, Book Two", "James S. A. Corey", "Jefferson Mays")

    assert index.find(wanted) is None


def test_fuzzy_number_words_equal_digits_match() -> None:
    index = LibraryIndex(
        [entry("g2", "The Expanse Book 2", "James S. A. Corey", narrator="Jefferson Mays")]
    )

    match = index.find(WantedBook("The Expanse, Book Two", "James S.A. Corey", "Jefferson Mays"))

    assert match is not None and match.guid == "g2"


def test_fuzzy_picks_exact_title_among_same_author_books() -> None:
    index = LibraryIndex(
        [
            entry("g1", "Dune Messiah", "Frank Herbert", year=1969),
            entry("g2", "Dune", "Frank Herbert", year=1965),
            entry("g3", "Children of Dune", "Frank Herbert", year=1976),
        ]
    )

    match = index.find(WantedBook("Dune", "Frank Herbert", year=1965))

    assert match is not None and match.guid == "g2"


def test_fuzzy_different_author_same_title_does_not_match() -> None:
    index = LibraryIndex([entry("g1", "Fire and Blood", "Anthony Ryan", year=2018)])

    assert index.find(WantedBook("Fire and Blood", "George R. R. Martin", year=2018)) is None


def test_fuzzy_narrator_listed_as_album_artist_matches() -> None:
    # Plex's music agent often shows the narrator as the album artist.
    index = LibraryIndex([entry("g1", "Red Rising", "Tim Gerard Reynolds", year=2014)])

    match = index.find(WantedBook("Red Rising", "Pierce Brown", "Tim Gerard Reynolds", year=2014))

    assert match is not None and match.guid == "g1"


def test_conflicting_asins_with_only_a_year_do_not_match() -> None:
    index = LibraryIndex([entry("g1", "Dune", "Frank Herbert", asin="B000000001", year=1965)])

    assert index.find(WantedBook("Dune", "Frank Herbert", asin="B000000002", year=1965)) is None


def test_fuzzy_camel_case_author_matches_split_name() -> None:
    index = LibraryIndex([entry("g1", "The Housemaid", "FreidaMcFadden", year=2022)])

    match = index.find(WantedBook("The Housemaid", "Freida McFadden", year=2022))

    assert match is not None and match.guid == "g1"


def test_an_index_of_the_books_candidates_answers_as_the_whole_librarys() -> None:
    # A scan's match indexes only what could answer for the waiting requests (for_books).
    library = [
        entry("disc", "Dune", "F H", file_path="/m/Herbert/Dune/CD1/01.mp3"),
        entry("shared-1", "Dune Messiah", "F H", file_path="/m/Herbert/Messiah/01.mp3"),
        entry("shared-2", "Children of Dune", "F H", file_path="/m/Herbert/Children/01.mp3"),
        entry("asin-first", "Emma", "Jane Austen", asin="b000000001"),
        entry("asin-second", "Emma (Unabridged)", "J. Austen", asin="B000000001"),
        entry("as-artist", "The Hobbit", "Andy Serkis", narrator="Andy Serkis"),
        entry("other-edition", "The Hobbit", "J. R. R. Tolkien", year=1937),
        *(entry(f"unrelated-{n}", f"Book {n}", f"Writer{n} Person{n}") for n in range(200)),
    ]
    books = [
        WantedBook("x", "y", file_path="/M/Herbert/Dune"),
        WantedBook("x", "y", file_path="/m/Herbert"),  # several books below: no evidence
        WantedBook("Emma", "Nobody", asin=" B000000001 "),
        WantedBook("The Hobbit", "J.R.R. Tolkien", narrator="Andy Serkis"),
        WantedBook("Nothing Owned", "Nobody At All"),
    ]
    whole, sought = LibraryIndex(library), LibraryIndex.for_books(library, books)

    answers = [sought.find(book) for book in books]

    assert answers == [whole.find(book) for book in books]
    assert [answer.guid if answer else None for answer in answers] == [
        "disc",
        None,
        "asin-first",
        "as-artist",  # ties "other-edition"; candidates come in name-token order, "serkis" first
        None,
    ]
