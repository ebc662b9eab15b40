"""The one place an ebook companion's status is spelled, with the words people see for it.

A companion's status is its own vocabulary (table `ebook_companions`), never a request status: an
ebook that is not found or fails leaves the audiobook request as it is.
"""

from __future__ import annotations

from enum import StrEnum


class EbookStatus(StrEnum):
    SEARCHING = "searching"
    DOWNLOADING = "downloading"
    WAITING = "waiting_for_audiobook"
    READY = "ready"
    NOT_FOUND = "not_found"
    FAILED = "failed"


LABELS: dict[EbookStatus, str] = {
    EbookStatus.SEARCHING: EbookStatus.SEARCHING.value,
    EbookStatus.DOWNLOADING: "downloading",
    EbookStatus.WAITING: "downloaded, waiting for the audiobook's folder",
    EbookStatus.READY: "ready",
    EbookStatus.NOT_FOUND: "not found",
    EbookStatus.FAILED: "failed",
}

# Statuses the companion job is still working on.
ACTIVE = frozenset({EbookStatus.SEARCHING, EbookStatus.DOWNLOADING, EbookStatus.WAITING})
# Statuses from which a person may ask for the ebook again.
RETRYABLE = frozenset({EbookStatus.NOT_FOUND, EbookStatus.FAILED})


def label(status: EbookStatus, progress: int = 0) -> str:
    """`Ebook: …` text for pages: the status's words, with the percentage while downloading."""
    if status is EbookStatus.DOWNLOADING:
        return f"downloading {progress}%"
    return LABELS[status]
