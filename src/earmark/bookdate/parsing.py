"""Reads a model's answer into a bounded list of picks, salvaging fenced or cut-off JSON (pure)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Final

from earmark.bookdate.errors import UnreadableAnswer

MAX_PICKS: Final = 25
MAX_TITLE_CHARS: Final = 300
MAX_AUTHOR_CHARS: Final = 200
MAX_REASON_CHARS: Final = 400
DEFAULT_REASON: Final = "Picked for your listening taste."
FENCE = re.compile(r"```[a-zA-Z]*\s*(.*?)(?:```|$)", re.DOTALL)
UNREADABLE = (
    "The AI model's answer could not be read as book recommendations; try again, or choose "
    "another model in the BookDate settings."
)
_decoder = json.JSONDecoder()


@dataclass(frozen=True)
class Pick:
    title: str
    author: str
    reason: str


def parse_picks(answer: Any, limit: int = MAX_PICKS) -> list[Pick]:
    """Picks in the model's order, deduplicated; raises UnreadableAnswer for garbage."""
    value = _from_text(answer) if isinstance(answer, str) else answer
    items = _items(value)
    picks: list[Pick] = []
    seen: set[tuple[str, str]] = set()
    for item in items:
        pick = _pick(item)
        if pick is None:
            continue
        key = (pick.title.casefold(), pick.author.casefold())
        if key not in seen:
            seen.add(key)
            picks.append(pick)
    if items and not picks:
        raise UnreadableAnswer(UNREADABLE)
    return picks[:limit]


def _from_text(text: str) -> Any:
    fenced = FENCE.search(text)
    body = (fenced.group(1) if fenced else text).strip()
    try:
        return json.loads(body)
    except ValueError:
        pass
    start = min((i for i in (body.find("{"), body.find("[")) if i >= 0), default=-1)
    if start >= 0:
        try:
            return _decoder.raw_decode(body, start)[0]
        except ValueError:
            pass
    salvaged = _salvage(body)
    if not salvaged:
        raise UnreadableAnswer(UNREADABLE)
    return salvaged


def _salvage(text: str) -> list[Any]:
    """The complete objects of a cut-off array: everything before the break is still good."""
    anchor = text.find('"recommendations"')
    position = text.find("[", max(anchor, 0))
    found: list[Any] = []
    if position < 0:
        return found
    position += 1
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] != "{":
            return found
        try:
            item, position = _decoder.raw_decode(text, position)
        except ValueError:
            return found
        found.append(item)


def _items(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        listed = value.get("recommendations")
        if isinstance(listed, list):
            return listed
        lists = [v for v in value.values() if isinstance(v, list)]
        if len(lists) == 1:
            return lists[0]
    raise UnreadableAnswer(UNREADABLE)


def _text(value: Any, limit: int) -> str:
    if isinstance(value, list):
        value = ", ".join(v for v in value if isinstance(v, str))
    if not isinstance(value, str):
        return ""
    return " ".join(value.split())[:limit]


def _pick(item: Any) -> Pick | None:
    if not isinstance(item, dict):
        return None
    title = _text(item.get("title"), MAX_TITLE_CHARS)
    author = _text(item.get("author", item.get("authors")), MAX_AUTHOR_CHARS)
    if not title or not author:
        return None
    reason = _text(item.get("reason"), MAX_REASON_CHARS) or DEFAULT_REASON
    return Pick(title=title, author=author, reason=reason)
