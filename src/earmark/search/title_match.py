"""Is the release's title the wanted book's title, or another book that merely contains it?"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from earmark.search.text import dice, normalise, stop_words, word_key

# Words that say nothing about WHICH book a release is (format, edition, packaging, numbering).
NOISE_WORDS = frozenset(
    [
        "unabridged",
        "unabr",
        "audiobook",
        "audiobooks",
        "audio",
        "book",
        "bk",
        "vol",
        "volume",
        "part",
        "pt",
        "series",
        "trilogy",
        "saga",
        "cycle",
        "novel",
        "edition",
        "version",
        "retail",
        "audible",
        "aax",
        "aaxc",
        "m4b",
        "m4a",
        "mp3",
        "flac",
        "aac",
        "ogg",
        "opus",
        "wma",
        "kbps",
        "kbit",
        "kbits",
        "khz",
        "cbr",
        "vbr",
        "mono",
        "stereo",
        "chapters",
        "chapterized",
        "chaptered",
        "chapter",
        "read",
        "reads",
        "narrated",
        "narrator",
        "narrators",
        "narration",
        "performed",
        "author",
        "full",
        "cast",
        "complete",
        "uncut",
        "remastered",
        "original",
        "official",
        "hq",
        "lq",
        "web",
        "rip",
        "release",
        "proper",
        "repack",
        "mp4",
        "unknown",
        "various",
        "spoken",
        "word",
    ]
)
_NUMERIC = re.compile(r"^(?:\d+(?:st|nd|rd|th|k|kbps|kbit|khz|hz|mb|gb|bit|ch)?|v\d+)$")
_BRACKETS = re.compile(r"[\[\](){}]")
_SEPARATORS = re.compile(
    "\\s+[-\u2013\u2014|/~]+\\s+|\\s+[-\u2013\u2014]|[-\u2013\u2014]\\s+|[:;,|]|\\s+by\\s+|-(?=[A-Za-z0-9]+$)",
    re.IGNORECASE,
)
_TITLE_OPTIONAL = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")

TitleKind = Literal["exact", "approximate", "other_title", "missing"]


@dataclass(frozen=True)
class Segment:
    raw: str
    words: tuple[str, ...]
    bracketed: bool


@dataclass(frozen=True)
class WantedTitle:
    display: str
    full: tuple[str, ...]
    required: tuple[str, ...]
    language: str

    @classmethod
    def of(cls, title: str, language: str) -> WantedTitle:
        """Bracketed text, and text after a colon, are optional parts of a wanted title."""
        required_text = _TITLE_OPTIONAL.sub(" ", title)
        colon = required_text.find(":")
        if 0 < colon < len(required_text.rstrip()) - 1:
            required_text = required_text[:colon]
        stops = stop_words(language)
        full = tuple(word_key(w) for w in normalise(title).split() if w not in stops)
        required = tuple(word_key(w) for w in normalise(required_text).split() if w not in stops)
        return cls(title.strip(), full, required or full, language)


@dataclass(frozen=True)
class TitleVerdict:
    kind: TitleKind
    fraction: float
    coverage: float
    release_title: str = ""


def segments(raw_title: str) -> list[Segment]:
    """The title cut at separators (' - ', ':', ',', ' by ') and brackets."""
    result: list[Segment] = []
    depth = 0
    position = 0
    for match in [*_BRACKETS.finditer(raw_title), None]:
        end = match.start() if match else len(raw_title)
        for piece in _SEPARATORS.split(raw_title[position:end]):
            words = tuple(word_key(word) for word in normalise(piece).split())
            if words:
                result.append(Segment(piece.strip(), words, depth > 0))
        if match:
            depth = max(0, depth + (1 if match.group(0) in "[({" else -1))
            position = match.end()
    return result


@dataclass(frozen=True)
class Vocabulary:
    """Words that may stand next to the title: `explained` ones, and names of `people`."""

    explained: frozenset[str]
    people: frozenset[str]

    def is_explained(self, word: str) -> bool:
        return (
            word in self.explained
            or word in self.people
            or word in NOISE_WORDS
            or bool(_NUMERIC.match(word))
        )


def judge_title(
    wanted: WantedTitle, raw_title: str, vocabulary: Vocabulary, coverage_floor: float
) -> TitleVerdict:
    """Exact when a clean occurrence stands in the title; other_title when it is part of one."""
    parts = segments(raw_title)
    release_keys = {word for part in parts for word in part.words}
    coverage = sum(word in release_keys for word in wanted.required) / max(1, len(wanted.required))
    if coverage < coverage_floor:
        return TitleVerdict("missing", 0.0, coverage)
    stops = stop_words(wanted.language)
    verdict = _occurrence_verdict(wanted.full, parts, vocabulary, stops)
    if verdict is None and wanted.required != wanted.full:
        verdict = _occurrence_verdict(wanted.required, parts, vocabulary, stops)
    if verdict is not None and verdict.kind == "exact":
        return TitleVerdict("exact", 1.0, coverage)
    release_text = normalise(raw_title)
    similarity = max(
        dice(" ".join(words), release_text) for words in (wanted.full, wanted.required)
    )
    if verdict is not None:
        return TitleVerdict("other_title", similarity, coverage, verdict.release_title)
    return TitleVerdict("approximate", similarity, coverage)


def _occurrence_verdict(
    title: tuple[str, ...], parts: list[Segment], vocabulary: Vocabulary, stops: frozenset[str]
) -> TitleVerdict | None:
    flat = [
        (index, word)
        for index, part in enumerate(parts)
        for word in part.words
        if word not in stops
    ]
    keys = [word for _, word in flat]
    spans = [
        (flat[start][0], flat[start + len(title) - 1][0], start)
        for start in range(len(keys) - len(title) + 1)
        if tuple(keys[start : start + len(title)]) == title
    ]
    if not title or not spans:
        return None
    clean_main = clean_any = False
    for first, last, start in spans:
        before = [word for index, word in reversed(flat[:start]) if index == first]
        after = [word for index, word in flat[start + len(title) :] if index == last]
        unexplained = _stranger(before, vocabulary) or _stranger(after, vocabulary)
        if unexplained and not parts[first].bracketed:
            return TitleVerdict("other_title", 0.0, 1.0, _joined(parts, first, last))
        clean_any = clean_any or not unexplained
        clean_main = clean_main or (not unexplained and not parts[first].bracketed)
    foreign = _foreign_main_segment(parts, vocabulary, stops, title)
    if clean_main or (clean_any and foreign is None):
        return TitleVerdict("exact", 1.0, 1.0)
    return TitleVerdict("other_title", 0.0, 1.0, foreign.raw) if foreign else None


def _stranger(neighbours: list[str], vocabulary: Vocabulary) -> bool:
    """Walking away from the title: an unexplained word before any person's name is met.

    A name ends the title's neighbourhood (what follows "Title Author" is other metadata), but
    format words and numbers do not: "Foundation M4B and Empire" is still another title.
    """
    for word in neighbours:
        if word in vocabulary.people:
            return False
        if not vocabulary.is_explained(word):
            return True
    return False


def _foreign_main_segment(
    parts: list[Segment], vocabulary: Vocabulary, stops: frozenset[str], title: tuple[str, ...]
) -> Segment | None:
    """A non-bracketed segment made of words nothing explains: the release's real title."""
    for part in parts:
        significant = [word for word in part.words if word not in stops]
        if part.bracketed or not significant or set(title) & set(significant):
            continue
        if all(not vocabulary.is_explained(word) for word in significant):
            return part
    return None


def _joined(parts: list[Segment], first: int, last: int) -> str:
    return " - ".join(part.raw for part in parts[first : last + 1])
