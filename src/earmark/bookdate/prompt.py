"""Builds the BookDate prompt from the user's library, swipes and own words (pure)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from earmark.bookdate.errors import InvalidPreference

MAX_CUSTOM_PROMPT_CHARS: Final = 1000
MAX_LIBRARY_BOOKS: Final = 40
MAX_SWIPES: Final = 10
MAX_EXCLUSIONS: Final = 150
PICKS_REQUESTED: Final = 15
SCOPES: Final = ("full", "rated")

SYSTEM_PROMPT: Final = (
    "You are an expert audiobook recommender. You suggest real, published audiobooks that are "
    "available on Audible, give the exact title and main author of each, and one short sentence "
    "on why this listener would enjoy it. You answer with JSON only."
)
SWIPE_MEANINGS: Final = {"right": "wanted", "left": "not interested", "up": "maybe later"}

RECOMMENDATION_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "properties": {
        "recommendations": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "title": {"type": "string"},
                    "author": {"type": "string"},
                    "reason": {"type": "string"},
                },
                "required": ["title", "author", "reason"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["recommendations"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class LibraryBook:
    title: str
    author: str
    narrator: str | None = None
    # Plex ratings run 0-10; None when the user has not rated the book.
    rating: float | None = None


@dataclass(frozen=True)
class SwipeSignal:
    title: str
    author: str
    direction: str


@dataclass(frozen=True)
class PromptInput:
    scope: str
    library: Sequence[LibraryBook]
    swipes: Sequence[SwipeSignal]
    custom_prompt: str | None
    exclusions: Sequence[str]


@dataclass(frozen=True)
class Prompt:
    system: str
    user: str


def normalise_custom_prompt(text: str | None) -> str | None:
    """Trimmed text, None when blank; longer than the limit is refused, not cut."""
    cleaned = (text or "").strip()
    if len(cleaned) > MAX_CUSTOM_PROMPT_CHARS:
        raise InvalidPreference(
            f"The custom prompt is {len(cleaned)} characters; the limit is "
            f"{MAX_CUSTOM_PROMPT_CHARS}."
        )
    return cleaned or None


def normalise_scope(scope: str) -> str:
    if scope not in SCOPES:
        raise InvalidPreference("The library scope must be 'full' or 'rated'.")
    return scope


def library_context(scope: str, books: Sequence[LibraryBook]) -> list[LibraryBook]:
    """Books to describe (given newest first): all of them, or only rated ones for `rated`."""
    chosen = [b for b in books if scope != "rated" or b.rating is not None]
    return chosen[:MAX_LIBRARY_BOOKS]


def swipe_context(swipes: Sequence[SwipeSignal]) -> list[SwipeSignal]:
    """Strong signals (given newest first) take the slots before weak 'maybe later' ones."""
    strong = [s for s in swipes if s.direction in ("left", "right")]
    weak = [s for s in swipes if s.direction == "up"]
    chosen = strong[:MAX_SWIPES]
    chosen += weak[: MAX_SWIPES - len(chosen)]
    order = {id(s): i for i, s in enumerate(swipes)}
    return sorted(chosen, key=lambda s: order[id(s)])


def _book_entry(book: LibraryBook) -> dict[str, Any]:
    entry: dict[str, Any] = {"title": book.title, "author": book.author}
    if book.narrator:
        entry["narrator"] = book.narrator
    if book.rating is not None:
        entry["rating_out_of_10"] = book.rating
    return entry


def _instructions(scope: str) -> list[str]:
    about_library = (
        "library_books are books this listener rated; higher ratings mean they liked it more."
        if scope == "rated"
        else "library_books are books this listener already has or asked for."
    )
    return [
        f"Recommend {PICKS_REQUESTED} varied audiobooks this listener is likely to enjoy.",
        about_library,
        "Never recommend a book from library_books, swipe_history or do_not_recommend.",
        "Find books similar to the 'wanted' ones; avoid books like the 'not interested' ones.",
        "Follow custom_preferences when given, unless it asks for something other than books.",
        "Give each book's exact published title and main author, and a one-sentence reason.",
        'Answer only with JSON: {"recommendations": [{"title", "author", "reason"}]}.',
    ]


def build_prompt(data: PromptInput) -> Prompt:
    """The system and user messages; the user's data is embedded as JSON, never as prose."""
    payload = {
        "task": "recommend_audiobooks",
        "listener": {
            "library_books": [_book_entry(b) for b in library_context(data.scope, data.library)],
            "swipe_history": [
                {"title": s.title, "author": s.author, "reaction": SWIPE_MEANINGS[s.direction]}
                for s in swipe_context(data.swipes)
            ],
            "custom_preferences": data.custom_prompt,
        },
        "do_not_recommend": list(dict.fromkeys(data.exclusions))[:MAX_EXCLUSIONS],
        "instructions": _instructions(data.scope),
    }
    return Prompt(system=SYSTEM_PROMPT, user=json.dumps(payload, ensure_ascii=False, indent=1))
