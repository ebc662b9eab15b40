"""The request lifecycle as data: which status may follow which, and what each status means."""

from __future__ import annotations

from typing import Final

ACTIVE_STATUSES: Final = frozenset(
    {
        "pending",
        "searching",
        "downloading",
        "processing",
        "awaiting_search",
        "awaiting_import",
        "warn",
    }
)
TERMINAL_STATUSES: Final = frozenset({"available", "cancelled"})

# Every allowed transition. "available" can be reached from any live state because the book may
# show up in the library by other means (an admin added it); "cancelled" likewise. An available
# book whose files vanish from the media server goes back to "downloaded".
_FORWARD: Final[dict[str, frozenset[str]]] = {
    "pending": frozenset({"searching", "awaiting_search", "failed"}),
    "searching": frozenset({"downloading", "awaiting_search", "failed", "searching"}),
    "awaiting_search": frozenset({"searching", "failed"}),
    "downloading": frozenset(
        {"processing", "searching", "awaiting_search", "failed", "downloading"}
    ),
    "processing": frozenset(
        {"downloaded", "awaiting_import", "searching", "awaiting_search", "warn", "failed"}
    ),
    "awaiting_import": frozenset({"processing", "warn", "failed"}),
    "warn": frozenset({"processing", "searching", "failed"}),
    "downloaded": frozenset({"processing"}),
    "failed": frozenset({"pending", "searching"}),
    "available": frozenset({"downloaded"}),
    "cancelled": frozenset({"pending"}),
}

TRANSITIONS: Final[dict[str, frozenset[str]]] = {
    status: targets
    | ({"available", "cancelled"} if status not in TERMINAL_STATUSES else frozenset())
    for status, targets in _FORWARD.items()
}

STEP_LABELS: Final[dict[str, str]] = {
    "pending": "Queued for search",
    "searching": "Searching indexers",
    "awaiting_search": "Waiting for a suitable release",
    "downloading": "Downloading",
    "processing": "Verifying and importing",
    "awaiting_import": "Waiting to retry the import",
    "warn": "Needs attention",
    "downloaded": "Imported; waiting for Plex",
    "available": "Available in the library",
    "failed": "Failed",
    "cancelled": "Cancelled",
}


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


REQUEST_STATUSES_SET: Final = frozenset(TRANSITIONS)
