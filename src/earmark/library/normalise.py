"""Comparable forms of titles, people's names and file paths (pure functions)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_EDITION_NOTES = re.compile(
    r"[(\[](?:(?:un)?abridged(?: edition| audiobook)?|full[- ]cast(?: edition)?"
    r"|dramati[sz]ed(?: edition)?|narrated by[^)\]]*)[)\]]"
)
# "Title - Unabridged", "Title: Unabridged Edition" (after the bracketed notes are gone).
_TRAILING_EDITION = re.compile(
    r"\s*(?:[:,]|\s[-\u2013\u2014])\s*(?:un)?abridged(?: edition| audiobook)?\s*$"
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
    if text.endswith(("abridged", "edition", "audiobook")):
        text = _TRAILING_EDITION.sub("", text)
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
    return _join_initials(_NOT_WORD.sub(" ", _fold(text).replace("'", "")).split())


def _join_initials(words: list[str]) -> str:
    """Runs of initials become one word: "J. R. R." and "J.R.R." both give "jrr"."""
    joined: list[str] = []
    after_initial = False
    for word in words:
        initial = len(word) == 1 and word.isalpha()
        if initial and after_initial:
            joined[-1] += word
        else:
            joined.append(word)
        after_initial = initial
    return " ".join(joined)


@dataclass(frozen=True)
class TitleParts:
    """A title taken apart the way people and taggers write them.

    `full` is the whole title normalised; `core` the main title without the series marker
    ("(The Expanse, Book 3)", ", Book 3", ": Red Rising Saga, Book 1") and without a subtitle;
    `series_number` the number of that marker; `abridged` whether the title says so.
    """

    full: str
    core: str
    subtitle: str
    series_number: str | None
    abridged: bool


_NUMBER_WORD_PATTERN = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_SERIES_NUMBER = (
    rf"(?:\b(?:book|bk|volume|vol|part|pt|no|number)\.?\s*|#\s*)(\d+|{_NUMBER_WORD_PATTERN})\b"
)
# "(The Expanse, Book 3)", "[Mistborn #1]" at the end of the title.
_SERIES_IN_BRACKETS = re.compile(rf"\s*[(\[][^()\[\]]*?{_SERIES_NUMBER}[^()\[\]]*[)\]]\s*$")
# "Title: The Expanse, Book 3", "Title, Book 3", "Title - Mistborn Book 1" at the end.
_SERIES_AFTER_SEPARATOR = re.compile(
    rf"\s*(?:[:,;]|\s[-\u2013\u2014])\s*[^:;()\[\]]*?{_SERIES_NUMBER}[^:;()\[\]]*$"
)
_SUBTITLE_SEPARATOR = re.compile(r"\s*(?::|\s[-\u2013\u2014]\s)\s*")
_ABRIDGED = re.compile(r"(?<!un)abridged")


@lru_cache(maxsize=65536)
def title_parts(title: str | None) -> TitleParts:
    text = _fold(title or "").strip()
    abridged = bool(_ABRIDGED.search(text))
    if "(" in text or "[" in text:
        text = _EDITION_NOTES.sub(" ", text).strip()
    text = _TRAILING_EDITION.sub("", text)
    if text.endswith(_NOVEL_ENDINGS):
        text = _NOVEL_SUFFIX.sub("", text)
    series_number: str | None = None
    for pattern in (_SERIES_IN_BRACKETS, _SERIES_AFTER_SEPARATOR):
        found = pattern.search(text)
        if found and found.start() > 0:
            series_number = _NUMBER_WORDS.get(found.group(1), found.group(1)).lstrip("0") or "0"
            text = text[: found.start()]
            break
    main, subtitle = _split_subtitle(text)
    return TitleParts(
        full=normalise_title(title),
        core=normalise_title(main),
        subtitle=normalise_title(subtitle),
        series_number=series_number,
        abridged=abridged,
    )


def _split_subtitle(text: str) -> tuple[str, str]:
    parts = _SUBTITLE_SEPARATOR.split(text, maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (text, "")


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
