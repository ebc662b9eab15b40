"""Comparable forms of titles, people's names and file paths (pure functions)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_EDITION_NOTES = re.compile(
    r"[(\[](?:unabridged|abridged|full[- ]cast(?: edition)?|dramati[sz]ed(?: edition)?"
    r"|narrated by[^)\]]*)[)\]]"
)
_NOVEL_SUFFIX = re.compile(r"[:\-\u2013\u2014]\s*(?:a novel|a thriller|a memoir)\s*$")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z]{3})(?=[A-Z])")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_NOVEL_ENDINGS = ("a novel", "a thriller", "a memoir")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an) ")
_ARTICLES = ("the ", "a ", "an ")
_NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}


# Letters that Unicode does not decompose into a base letter plus an accent.
_UNDECOMPOSABLE = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "ł": "l", "Ł": "L", "đ": "d"}
)


def _fold(text: str) -> str:
    if text.isascii():  # the common case; skips the per-character Unicode pass
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def normalise_title(title: str | None) -> str:
    """Lower-case words and digits; edition notes, 'a novel' and a leading article removed."""
    text = _fold(title or "").replace("&", " and ").replace("'", "").replace("\u2019", "")
    # Each pattern runs only where it can match: a scan normalises every title of the library.
    if "(" in text or "[" in text:
        text = _EDITION_NOTES.sub(" ", text)
    text = text.strip()
    if text.endswith(_NOVEL_ENDINGS):
        text = _NOVEL_SUFFIX.sub("", text)
    words = [_NUMBER_WORDS.get(word, word) for word in _NOT_WORD.sub(" ", text).split()]
    joined = " ".join(words)
    return _LEADING_ARTICLE.sub("", joined) if joined.startswith(_ARTICLES) else joined


# Sized for large libraries: an LRU smaller than the number of distinct names, read in the
# cyclic order of a scan, misses on every call.
@lru_cache(maxsize=32768)
def normalise_person(name: str | None) -> str:
    """'Tolkien, J.R.R.' and 'J. R. R. Tolkien' both become 'j r r tolkien'."""
    text = (name or "").strip()
    if text.count(",") == 1:
        last, first = (part.strip() for part in text.split(","))
        text = f"{first} {last}"
    # Glued names from some taggers ("VirginaEvans") split, but not "McFadden" or "DeWitt".
    text = _CAMEL_BOUNDARY.sub(" ", text)
    return " ".join(_NOT_WORD.sub(" ", _fold(text).replace("'", "")).split())


def path_key(path: str | None) -> str:
    """Separator-agnostic, case-folded path without a trailing separator ('' when unknown)."""
    text = (path or "").strip().replace("\\", "/")
    if "//" in text:
        text = re.sub(r"/{2,}", "/", text)
    text = text.rstrip("/")
    return text.casefold()


def parent_key(key: str) -> str:
    cut = key.rfind("/")
    return key[:cut] if cut > 0 else ""
