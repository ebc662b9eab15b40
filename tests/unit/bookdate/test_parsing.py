"""Parsing good, fenced, partial and malformed model answers into picks."""

from __future__ import annotations

import json

import pytest

from earmark.bookdate.errors import UnreadableAnswer
from earmark.bookdate.parsing import DEFAULT_REASON, Pick, parse_picks

GOOD = {
    "recommendations": [
        {"title": "Dune", "author": "Frank Herbert", "reason": "Epic."},
        {"title": "Hyperion", "author": "Dan Simmons", "reason": "Layered tales."},
    ]
}
PICKS = [Pick("Dune", "Frank Herbert", "Epic."), Pick("Hyperion", "Dan Simmons", "Layered tales.")]


def test_parse_picks_structured_answer() -> None:
    assert parse_picks(GOOD) == PICKS


def test_parse_picks_plain_json_text() -> None:
    assert parse_picks(json.dumps(GOOD)) == PICKS


def test_parse_picks_fenced_json_with_prose_around() -> None:
    text = f"Sure! Here you go:\n```json\n{json.dumps(GOOD)}\n```\nHappy listening."
    assert parse_picks(text) == PICKS


def test_parse_picks_json_after_prose_without_fence() -> None:
    assert parse_picks(f"My picks: {json.dumps(GOOD)} -- enjoy") == PICKS


def test_parse_picks_truncated_answer_keeps_complete_items() -> None:
    text = json.dumps(GOOD)
    cut = text[: text.rfind("Layered")]
    assert parse_picks(cut) == PICKS[:1]


def test_parse_picks_truncated_inside_fence_keeps_complete_items() -> None:
    text = "```json\n" + json.dumps(GOOD)[:-20]
    assert parse_picks(text) == PICKS[:1]


def test_parse_picks_bare_list_and_author_list() -> None:
    answer = [{"title": "Good Omens", "authors": ["Terry Pratchett", "Neil Gaiman"]}]
    assert parse_picks(answer) == [
        Pick("Good Omens", "Terry Pratchett, Neil Gaiman", DEFAULT_REASON)
    ]


def test_parse_picks_skips_incomplete_and_duplicate_items() -> None:
    answer = {
        "recommendations": [
            {"title": "Dune", "author": "Frank Herbert", "reason": "Epic."},
            {"title": "DUNE", "author": "frank herbert", "reason": "Again."},
            {"title": "", "author": "Nobody"},
            {"author": "Missing Title"},
            "just a string",
        ]
    }
    assert parse_picks(answer) == PICKS[:1]


def test_parse_picks_is_bounded() -> None:
    many = {"recommendations": [{"title": f"B{i}", "author": "A"} for i in range(60)]}
    assert len(parse_picks(many, limit=12)) == 12


def test_parse_picks_empty_list_is_no_picks() -> None:
    assert parse_picks({"recommendations": []}) == []


def test_parse_picks_collapses_whitespace_and_caps_length() -> None:
    answer = [{"title": "  A\n  Title ", "author": "X", "reason": "r" * 2000}]
    pick = parse_picks(answer)[0]
    assert pick.title == "A Title"
    assert len(pick.reason) == 400


@pytest.mark.parametrize(
    "answer",
    [
        "I'm sorry, I cannot help with that.",
        "",
        "{not json at all",
        '{"recommendations": "none"}',
        {"message": "hello"},
        42,
        None,
        [{"name": "no title or author"}],
    ],
)
def test_parse_picks_garbage_raises_unreadable_answer(answer: object) -> None:
    with pytest.raises(UnreadableAnswer, match="could not be read"):
        parse_picks(answer)
