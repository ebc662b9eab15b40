"""Normalised titles, names and paths used by library matching."""

from __future__ import annotations

import pytest

from earmark.library.normalise import normalise_person, normalise_title, path_key, title_parts


def test_normalise_title_edition_notes_and_novel_suffix_removed() -> None:
    assert normalise_title("Project Hail Mary: A Novel (Unabridged)") == "project hail mary"


def test_normalise_title_leading_article_and_apostrophes_removed() -> None:
    assert normalise_title("The Sorcerer\u2019s Stone") == "sorcerers stone"


def test_normalise_title_number_words_become_digits() -> None:
    assert normalise_title("Book Two & More") == "book 2 and more"


def test_normalise_person_last_first_and_initials_unified() -> None:
    assert normalise_person("Tolkien, J.R.R.") == normalise_person("J. R. R. Tolkien")


def test_normalise_person_glued_names_split_but_mc_prefix_kept() -> None:
    assert normalise_person("VirginaEvans") == "virgina evans"
    assert normalise_person("Freida McFadden") == "freida mcfadden"


def test_normalise_person_accents_folded() -> None:
    assert normalise_person("Søren Kierkegaard") == "soren kierkegaard"
    assert normalise_person("José Saramago") == "jose saramago"


def test_path_key_separators_trailing_slash_and_case_unified() -> None:
    assert path_key("C:\\Media\\Book\\") == path_key("c:/media//book")


def test_normalise_title_edition_note_in_brackets_and_mid_title() -> None:
    assert normalise_title("Dune [Unabridged] (Dramatized Edition) Part 1") == "dune part 1"


def test_normalise_title_novel_suffix_only_at_the_end() -> None:
    assert normalise_title("A Novel Idea - A Thriller") == "novel idea"
    assert normalise_title("Not A Novel: Essays") == "not a novel essays"


def test_normalise_title_article_only_as_a_whole_leading_word() -> None:
    assert normalise_title("Anathem") == "anathem"
    assert normalise_title("An Echo") == "echo"
    assert normalise_title("The") == "the"


def test_normalise_person_runs_of_initials_become_one_word() -> None:
    assert normalise_person("J. R. R. Tolkien") == "jrr tolkien"
    assert normalise_person("James S.A. Corey") == normalise_person("James S. A. Corey")
    assert normalise_person("A. A. Milne") == "aa milne"


def test_normalise_title_trailing_edition_note_removed() -> None:
    assert normalise_title("The Shining - Unabridged") == "shining"
    assert normalise_title("Educated: Unabridged Edition") == "educated"
    assert normalise_title("Dune (Unabridged Audiobook)") == "dune"


@pytest.mark.parametrize(
    ("title", "core", "subtitle", "number"),
    [
        ("The Way of Kings (The Stormlight Archive, Book 1)", "way of kings", "", "1"),
        ("Red Rising: Red Rising Saga, Book One", "red rising", "", "1"),
        ("Leviathan Wakes [The Expanse #01]", "leviathan wakes", "", "1"),
        ("The Expanse, Book 3", "expanse", "", "3"),
        ("Solo Leveling, Vol. 2", "solo leveling", "", "2"),
        ("Sapiens: A Brief History of Humankind", "sapiens", "brief history of humankind", None),
        ("The Silent Patient - A Thriller", "silent patient", "", None),
        ("Catch-22", "catch 22", "", None),
        ("The Book Thief", "book thief", "", None),
        ("Book 3", "book 3", "", None),  # a marker needs a title before it
    ],
)
def test_title_parts_series_marker_and_subtitle(
    title: str, core: str, subtitle: str, number: str | None
) -> None:
    parts = title_parts(title)
    assert (parts.core, parts.subtitle, parts.series_number) == (core, subtitle, number)
    assert parts.full == normalise_title(title)


def test_title_parts_abridged_is_marked_unabridged_is_not() -> None:
    assert title_parts("Dune (Abridged)").abridged
    assert not title_parts("Dune (Unabridged)").abridged
    assert not title_parts("Dune").abridged
