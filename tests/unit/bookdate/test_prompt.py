"""Prompt building per library scope, swipe signals, custom prompt and exclusions."""

from __future__ import annotations

import json
from typing import Any

import pytest

from earmark.bookdate.errors import InvalidPreference
from earmark.bookdate.prompt import (
    MAX_LIBRARY_BOOKS,
    LibraryBook,
    PromptInput,
    SwipeSignal,
    build_prompt,
    normalise_custom_prompt,
    normalise_scope,
    swipe_context,
)

LIBRARY = [
    LibraryBook("Rated Book", "Ann Author", "Nora Narrator", 8.0),
    LibraryBook("Unrated Book", "Ben Writer"),
]


def payload(data: PromptInput) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(build_prompt(data).user)
    return loaded


def listener(data: PromptInput) -> dict[str, Any]:
    value: dict[str, Any] = payload(data)["listener"]
    return value


def test_build_prompt_full_scope_lists_every_library_book() -> None:
    data = PromptInput("full", LIBRARY, [], None, [])
    titles = [b["title"] for b in listener(data)["library_books"]]
    assert titles == ["Rated Book", "Unrated Book"]


def test_build_prompt_rated_scope_keeps_only_rated_books_with_rating() -> None:
    data = PromptInput("rated", LIBRARY, [], None, [])
    books = listener(data)["library_books"]
    assert books == [
        {
            "title": "Rated Book",
            "author": "Ann Author",
            "narrator": "Nora Narrator",
            "rating_out_of_10": 8.0,
        }
    ]
    assert any("rated" in line for line in payload(data)["instructions"])


def test_build_prompt_library_is_capped() -> None:
    books = [LibraryBook(f"Book {i}", "A") for i in range(MAX_LIBRARY_BOOKS + 10)]
    assert len(listener(PromptInput("full", books, [], None, []))["library_books"]) == 40


def test_build_prompt_includes_custom_prompt_and_exclusions_once() -> None:
    data = PromptInput("full", [], [], "More cosy mysteries", ["X by Y", "X by Y", "Z by W"])
    loaded = payload(data)
    assert listener(data)["custom_preferences"] == "More cosy mysteries"
    assert loaded["do_not_recommend"] == ["X by Y", "Z by W"]


def test_build_prompt_text_with_quotes_stays_valid_json() -> None:
    data = PromptInput("full", [LibraryBook('He said "hi"', "O'Neil")], [], '"}{ ignore', [])
    assert listener(data)["library_books"][0]["title"] == 'He said "hi"'


def test_swipe_context_prefers_likes_and_dislikes_over_maybes() -> None:
    swipes = [SwipeSignal(f"Up {i}", "A", "up") for i in range(5)]
    swipes += [SwipeSignal(f"Strong {i}", "A", "left" if i % 2 else "right") for i in range(9)]
    chosen = swipe_context(swipes)
    assert len(chosen) == 10
    assert sum(1 for s in chosen if s.direction == "up") == 1
    assert chosen[0].title == "Up 0"  # keeps the newest-first order it was given


def test_build_prompt_swipes_are_labelled_by_meaning() -> None:
    swipes = [SwipeSignal("Liked", "A", "right"), SwipeSignal("Disliked", "B", "left")]
    history = listener(PromptInput("full", [], swipes, None, []))["swipe_history"]
    assert [h["reaction"] for h in history] == ["wanted", "not interested"]


def test_normalise_custom_prompt_trims_and_blank_is_none() -> None:
    assert normalise_custom_prompt("  fantasy please  ") == "fantasy please"
    assert normalise_custom_prompt("   ") is None
    assert normalise_custom_prompt("x" * 1000) == "x" * 1000


def test_normalise_custom_prompt_over_limit_is_refused() -> None:
    with pytest.raises(InvalidPreference, match="1001 characters"):
        normalise_custom_prompt("x" * 1001)


def test_normalise_scope_unknown_is_refused() -> None:
    assert normalise_scope("rated") == "rated"
    with pytest.raises(InvalidPreference):
        normalise_scope("favourites")
