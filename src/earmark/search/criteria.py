"""Scores of single criteria: people named in a title, format, size per runtime, availability."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from earmark.integrations.indexers import Release
from earmark.search.profiles import MIB, Criterion, RankingProfile
from earmark.search.text import dice

TITLE_MAX = 45.0
AUTHOR_MAX = 15.0
MATCH_MAX = 60.0
NARRATOR_MAX = 5.0
FORMAT_MAX = 10.0
SIZE_MAX = 15.0
AVAILABILITY_MAX = 15.0
_FORMATS = ("m4b", "m4a", "mp3", "flac", "aac", "opus", "ogg")
_FORMAT_PATTERNS = {name: re.compile(rf"(?<![a-z0-9]){name}(?![a-z])") for name in _FORMATS}
_SURNAME_ONLY_STRENGTH = 0.6
_NAME_GAP_CHARS = 30
_UMLAUT_SPELLINGS = re.compile("ae|oe|ue")


def person_strength(person: str, release_text: str, neutral_words: frozenset[str]) -> float:
    """1 when the name is clearly there, 0.6 for the surname alone (not after another first name).

    Both sides are compared as name keys, so "OBrian" is "O'Brian" and "Schaetzing" "Schätzing".
    """
    person, plain_words = name_key(person), release_text.split()
    release_text = name_key(release_text)
    padded = f" {release_text} "
    if f" {person} " in padded or dice(person, release_text) >= 0.85:
        return 1.0
    names = [word for word in person.split() if len(word) > 1]
    if len(names) >= 2 and _near(release_text, names[0], names[-1]):
        return 1.0
    *given, surname = person.split()
    if len(surname) < 3:
        return 0.0
    initials = {name[0] for name in given}
    release_words = release_text.split()
    for index, word in enumerate(release_words):
        if word != surname:
            continue
        before = plain_words[index - 1] if index else ""
        if not before or before in neutral_words or before[0] in initials:
            return _SURNAME_ONLY_STRENGTH
    return 0.0


@lru_cache(maxsize=4096)
def name_key(normalised: str) -> str:
    """Apostrophes dropped and the German ae/oe/ue spellings folded like the umlauts they stand for."""
    return _UMLAUT_SPELLINGS.sub(lambda match: match.group(0)[0], normalised.replace("'", ""))


def _near(text: str, first: str, last: str) -> bool:
    first_at = re.search(rf"\b{re.escape(first)}\b", text)
    last_at = re.search(rf"\b{re.escape(last)}\b", text)
    return bool(first_at and last_at and abs(last_at.start() - first_at.start()) <= _NAME_GAP_CHARS)


def format_criterion(release: Release, profile: RankingProfile) -> Criterion:
    lowered = release.title.lower()
    found = next((name for name, rx in _FORMAT_PATTERNS.items() if rx.search(lowered)), None)
    points = profile.format_points.get(found or "", profile.unknown_format_points)
    detail = found.upper() if found else "format not stated"
    return {"points": round(points, 2), "max": FORMAT_MAX, "detail": detail}


def size_criterion(release: Release, runtime_minutes: int | None) -> Criterion:
    size_mb = release.size_bytes / MIB
    if not runtime_minutes or runtime_minutes <= 0:
        return {"points": 0.0, "max": SIZE_MAX, "detail": f"{size_mb:.0f} MB, runtime unknown"}
    per_minute = size_mb / runtime_minutes
    points = SIZE_MAX if per_minute >= 1.0 else SIZE_MAX * per_minute
    detail = f"{size_mb:.0f} MB for {runtime_minutes} min ({per_minute * 60:.0f} MB per hour)"
    return {"points": round(points, 2), "max": SIZE_MAX, "detail": detail}


def availability_criterion(release: Release, profile: RankingProfile) -> Criterion:
    if release.protocol == "usenet":
        # Articles are on the server or not: no seeders. Grabs (when given) only break ties.
        points = min(AVAILABILITY_MAX, profile.usenet_availability_points)
        grabs = f", {release.grabs} grabs" if release.grabs is not None else ""
        detail = f"usenet (fixed{grabs})"
        return {"points": round(points, 2), "max": AVAILABILITY_MAX, "detail": detail}
    if release.seeders is None:
        return {"points": 0.0, "max": AVAILABILITY_MAX, "detail": "seeders unknown"}
    seeders = max(0, release.seeders)
    points = min(AVAILABILITY_MAX, 6.0 * math.log10(seeders + 1))
    return {"points": round(points, 2), "max": AVAILABILITY_MAX, "detail": f"{seeders} seeders"}
