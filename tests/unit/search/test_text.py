"""Normalisation and similarity used by the ranking."""

from __future__ import annotations

import pytest

from earmark.search.text import dice, normalise, parse_people, significant_words


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Freida McFadden", "freida mcfadden"),
        ("FreidaMcFadden", "freida mcfadden"),
        ("VirginaEvans", "virgina evans"),
        ("Hörbuch Straße", "horbuch strasse"),
        ("The Housemaid\u2019s Secret", "the housemaid's secret"),
        ("Andy.Weir-Project_Hail.Mary!", "andy weir project hail mary"),
        ("Pride & Prejudice", "pride and prejudice"),
    ],
)
def test_normalise_examples(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_significant_words_drop_stop_words_per_language() -> None:
    assert significant_words("The Lord of the Rings") == ["lord", "rings"]
    assert significant_words("Die Verwandlung und das Urteil", "de") == ["verwandlung", "urteil"]


def test_parse_people_splits_lists_and_drops_roles_and_initials() -> None:
    assert parse_people(("Terry Pratchett & Neil Gaiman", "Jo - translator", "J.")) == [
        "terry pratchett",
        "neil gaiman",
    ]


def test_dice_matches_string_similarity_definition() -> None:
    assert dice("night", "nacht") == 0.25
    assert dice("a b", "ab") == 1.0
    assert dice("a", "ab") == 0.0
