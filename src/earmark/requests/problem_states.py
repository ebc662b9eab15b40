"""The vocabulary of problem reports (docs/problems.md): why a copy is wrong, and where a report
stands. Request statuses stay in `states.py`; these are another vocabulary, spelled only here."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final


class ProblemReason(StrEnum):
    WRONG_BOOK = "wrong_book"
    WRONG_NARRATOR = "wrong_narrator"
    BAD_AUDIO = "bad_audio"
    INCOMPLETE = "incomplete"
    OTHER = "other"

    @property
    def label(self) -> str:
        return REASON_LABELS[self]


REASON_LABELS: Final[Mapping[ProblemReason, str]] = {
    ProblemReason.WRONG_BOOK: "Wrong book",
    ProblemReason.WRONG_NARRATOR: "Wrong narrator",
    ProblemReason.BAD_AUDIO: "Bad audio",
    ProblemReason.INCOMPLETE: "Incomplete",
    ProblemReason.OTHER: "Other",
}


class ProblemStatus(StrEnum):
    OPEN = "open"
    """Waiting for an admin (also while a replacement runs, and after one found nothing)."""
    RESOLVED = "resolved"
    """The copy was replaced: the new one is imported and the old files are gone."""
    DISMISSED = "dismissed"
    """An admin kept the copy, with a note the requester sees."""


NOTE_MAX_LENGTH: Final = 1000
