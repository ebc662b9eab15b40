"""Comparable text for ranking: normalised titles and names, word lists, Dice similarity."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(["the", "a", "an", "of", "on", "in", "at", "by", "for"]),
    "de": frozenset(["der", "die", "das", "ein", "eine", "und", "von", "zu", "den", "dem", "des"]),
    "es": frozenset(["el", "la", "los", "las", "un", "una", "de", "del", "en", "y", "por"]),
    "fr": frozenset(
        ["le", "la", "les", "un", "une", "de", "des", "sur", "dans", "à", "et", "par", "pour"]
    ),
}
ROLE_WORDS = frozenset({"translator", "narrator", "foreword", "introduction", "editor"})

_CAMEL_BOUNDARY = re.compile(r"([a-z])([A-Z])")
# "McFadden", "DeWitt", "MacLeod": a capital after Mc/Mac/De/Di/La/Le/O' is part of one name.
_NAME_PREFIX_CAMEL = re.compile(r"(Mc|Mac|\bDe|\bDi|\bDa|\bLa|\bLe|\bVan|\bVon)([A-Z])")
_NOT_WORD = re.compile(r"[^\w\s']+")
_APOSTROPHES = re.compile("[\u2019\u2018`\u00b4]")
_AUTHOR_SPLIT = re.compile(r",|&|\band\b| - |;", re.IGNORECASE)
_MARK = "\u0000"


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """CamelCase split, lower-case, ß→ss, diacritics stripped, punctuation (not ') → space."""
    protected = _NAME_PREFIX_CAMEL.sub(lambda m: m.group(1) + _MARK + m.group(2).lower(), text)
    split = _CAMEL_BOUNDARY.sub(r"\1 \2", protected).replace(_MARK, "")
    lowered = _APOSTROPHES.sub("'", split.lower().replace("ß", "ss").replace("&", " and "))
    decomposed = unicodedata.normalize("NFD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    spaced = _NOT_WORD.sub(" ", stripped.replace("_", " "))
    words = (word.strip("'") for word in spaced.split())
    return " ".join(word for word in words if word)


def stop_words(language: str) -> frozenset[str]:
    return STOP_WORDS.get(language, STOP_WORDS["en"])


def words(text: str) -> list[str]:
    """Normalised words, stop words kept (callers decide what is significant)."""
    return normalise(text).split()


def word_key(word: str) -> str:
    """Apostrophes dropped so "enders" equals "ender's"; "housemaid's" still differs from "housemaid"."""
    return word.replace("'", "")


def significant_words(text: str, language: str = "en") -> list[str]:
    stops = stop_words(language)
    return [word for word in words(text) if word not in stops]


def parse_people(names: tuple[str, ...] | list[str]) -> list[str]:
    """Normalised names: lists split on ',', '&', 'and', ' - '; initials and role words dropped."""
    people: list[str] = []
    for name in names:
        for piece in _AUTHOR_SPLIT.split(" ".join(name.split())):
            cleaned = normalise(piece.strip())
            if len(cleaned) <= 2 or cleaned in ROLE_WORDS:
                continue
            if cleaned not in people:
                people.append(cleaned)
    return people


def _bigrams(text: str) -> Counter[str]:
    return Counter(text[index : index + 2] for index in range(len(text) - 1))


def dice(first: str, second: str) -> float:
    """Sorensen-Dice over character bigrams with whitespace removed (multiset counting)."""
    a = "".join(first.split())
    b = "".join(second.split())
    if a == b:
        return 1.0
    if len(a) < 2 or len(b) < 2:
        return 0.0
    common = sum((_bigrams(a) & _bigrams(b)).values())
    return 2.0 * common / (len(a) + len(b) - 2)
