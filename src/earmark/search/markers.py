"""Edition markers in release titles: language, abridgement, dramatisation, bundles, series numbers."""

from __future__ import annotations

import re
import unicodedata

from earmark.search.text import normalise

LANGUAGE_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "nl": "Dutch", "pt": "Portuguese", "ru": "Russian", "pl": "Polish", "sv": "Swedish",
    "no": "Norwegian", "da": "Danish", "fi": "Finnish", "ja": "Japanese", "zh": "Chinese",
    "ko": "Korean",
}  # fmt: skip
# Words that mark a release's language wherever they appear (normalised, diacritics stripped).
LANGUAGE_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset({"english", "eng"}),
    "de": frozenset({"german", "deutsch", "ger", "deu", "horbuch", "hoerbuch", "horspiel",
                     "hoerspiel", "ungekurzt", "ungekuerzt", "gekurzt", "gekuerzt", "gelesen"}),
    "fr": frozenset({"french", "francais", "fre", "fra", "vf"}),
    "es": frozenset({"spanish", "espanol", "castellano", "spa", "audiolibro"}),
    "it": frozenset({"italian", "italiano", "ita"}),
    "nl": frozenset({"dutch", "nederlands", "nld", "luisterboek"}),
    "pt": frozenset({"portuguese", "portugues", "audiolivro"}),
    "ru": frozenset({"russian", "rus"}),
    "pl": frozenset({"polish", "polski"}),
    "sv": frozenset({"swedish", "svenska", "ljudbok", "swe"}),
    "no": frozenset({"norwegian", "norsk", "lydbok"}),
    "da": frozenset({"danish", "dansk", "lydbog"}),
    "fi": frozenset({"finnish", "suomi", "aanikirja"}),
    "ja": frozenset({"japanese", "jpn"}),
    "zh": frozenset({"chinese", "mandarin"}),
    "ko": frozenset({"korean", "kor"}),
}  # fmt: skip
# Two-letter codes are only trusted as a whole bracketed tag such as "[DE]".
_BRACKET_CODES = {"de": "de", "fr": "fr", "es": "es", "it": "it", "nl": "nl", "pt": "pt",
                  "ru": "ru", "pl": "pl", "se": "sv", "sv": "sv", "dk": "da", "fi": "fi",
                  "jp": "ja", "cn": "zh", "kr": "ko", "en": "en", "uk": "en", "us": "en"}  # fmt: skip
_LANGUAGE_PHRASES = {"livre audio": "fr", "lu par": "fr", "letto da": "it", "leido por": "es"}
LATIN_SCRIPT_LANGUAGES = frozenset(LANGUAGE_NAMES) - {"ja", "zh", "ko", "ru"}

ABRIDGED_WORDS = frozenset({"abridged", "abridgement", "abr", "gekurzt", "gekuerzt", "condensed"})
DRAMATISED_WORDS = frozenset({"dramatized", "dramatised", "dramatization", "dramatisation",
                              "horspiel", "hoerspiel"})  # fmt: skip
DRAMATISED_PHRASES = ("radio drama", "radio play", "radio dramatisation")
BUNDLE_WORDS = frozenset({"omnibus", "boxset", "collection", "anthology"})
BUNDLE_PHRASES = ("box set", "complete series", "complete collection")

_BRACKETED = re.compile(r"[\[({]\s*([A-Za-z]{2})\s*[\])}]")
_POSITION_WORD = r"(?:book|bk|volume|vol|part|pt|tome|band|no|nr|number|episode|#)"
_POSITION = re.compile(rf"(?:\b|(?=#)){_POSITION_WORD}\.?\s*#?\s*0*(\d{{1,3}}(?:\.\d+)?)\b")
_BUNDLE_RANGE = re.compile(
    rf"(?:\b|(?=#)){_POSITION_WORD}s?\.?\s*#?\s*(\d{{1,3}})\s*(?:-|\u2013|to|thru|through|&|and)\s*(\d{{1,3}})\b"
)
_PART_OF = re.compile(
    r"\b(?:part|pt|cd|disc|disk)\.?\s*0*(\d{1,2})\s*(?:of|/)\s*0*(\d{1,2})\b", re.IGNORECASE
)
_NUMBER_SEGMENT = re.compile(
    "(?:^|\\s[-\u2013\u2014]\\s|[\\[(])\\s*0*(\\d{1,2})\\s*(?:$|\\s[-\u2013\u2014]\\s|[\\])])"
)


def language_code(code_or_name: str | None) -> str | None:
    """'English', 'eng', 'en', 'en-US', 'Deutsch' → a two-letter code; unknown → None."""
    tokens = normalise(code_or_name or "").split()
    if not tokens:
        return None
    value = tokens[0]
    for code, name in LANGUAGE_NAMES.items():
        if value in (code, name.lower()) or value in LANGUAGE_WORDS[code]:
            return code
    return None


def marked_languages(raw_title: str, release_words: set[str], ignored: set[str]) -> dict[str, str]:
    """Languages the title is marked with → the marker seen ('german', '[DE]', 'livre audio')."""
    found: dict[str, str] = {}
    for code, markers in LANGUAGE_WORDS.items():
        hits = sorted((release_words & markers) - ignored)
        if hits:
            found[code] = hits[0]
    normalised = normalise(raw_title)
    for phrase, code in _LANGUAGE_PHRASES.items():
        if f" {phrase} " in f" {normalised} ":
            found.setdefault(code, phrase)
    for match in _BRACKETED.finditer(raw_title):
        bracket_code = _BRACKET_CODES.get(match.group(1).lower())
        if bracket_code:
            found.setdefault(bracket_code, match.group(0))
    return found


def largely_non_latin(raw_title: str) -> bool:
    """A third or more of the letters are not Latin: a Cyrillic, Greek, CJK... edition."""
    letters = [ch for ch in raw_title if ch.isalpha()]
    foreign = [ch for ch in letters if not unicodedata.name(ch, "").startswith("LATIN")]
    return bool(letters) and len(foreign) * 3 >= len(letters)


def has_phrase(normalised_title: str, phrases: tuple[str, ...]) -> str | None:
    padded = f" {normalised_title} "
    return next((phrase for phrase in phrases if f" {phrase} " in padded), None)


def series_positions(raw_title: str, series: str | None, ignored_numbers: set[float]) -> set[float]:
    """Series numbers the title states ('Book 2', '#2', 'Vol. 02', 'Series 2', ' - 02 - ').

    'Part 2 of 3' numbers a piece of one book, not a book of the series, so it is left out.
    """
    raw_title = _PART_OF.sub(" ", raw_title)
    lowered = raw_title.lower()
    numbers = [float(value) for value in _POSITION.findall(lowered)]
    numbers += [float(value) for value in _NUMBER_SEGMENT.findall(lowered)]
    if series:
        after_series = re.compile(rf"\b{re.escape(normalise(series))}\s+0*(\d{{1,3}})\b")
        numbers += [float(value) for value in after_series.findall(normalise(raw_title))]
    return {number for number in numbers if number not in ignored_numbers}


def bundle_marker(raw_title: str, normalised_title: str, ignored: set[str]) -> str | None:
    """A sign the release holds several books ('Books 1-3', 'Omnibus', 'Box Set')."""
    span = _BUNDLE_RANGE.search(raw_title.lower())
    if span and span.group(1) != span.group(2):
        return span.group(0).strip()
    hits = sorted((set(normalised_title.split()) & BUNDLE_WORDS) - ignored)
    if hits:
        return hits[0]
    phrase = has_phrase(normalised_title, BUNDLE_PHRASES)
    return phrase if phrase and not set(phrase.split()) <= ignored else None


def part_of_whole(raw_title: str) -> str | None:
    """A sign the release is one piece of a split book ('Part 1 of 3', 'CD 2/10')."""
    match = _PART_OF.search(raw_title)
    return match.group(0) if match and int(match.group(2)) > 1 else None


def parse_position(value: str | float | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, float | int):
        return float(value)
    match = re.search(r"\d+(?:\.\d+)?", value)
    return float(match.group(0)) if match else None
