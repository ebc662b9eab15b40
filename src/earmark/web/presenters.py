"""Pure presentation rules for pages: status badges, step texts, durations, sizes and times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from earmark.requests.states import STEP_LABELS

ACTIVE_STATUSES = ("pending", "searching", "downloading", "processing")
WAITING_STATUSES = ("awaiting_search", "awaiting_import")
COMPLETED_STATUSES = ("available", "downloaded")
FAILED_STATUSES = ("failed", "warn")
CANCELLABLE_STATUSES = ("pending", "searching", "downloading", "awaiting_search")
RETRY_SEARCH_STATUSES = ("pending", "failed", "awaiting_search", "warn")
RETRY_IMPORT_STATUSES = ("awaiting_import", "warn", "failed")

REQUEST_GROUPS: dict[str, tuple[str, ...]] = {
    "active": ACTIVE_STATUSES,
    "waiting": WAITING_STATUSES,
    "completed": COMPLETED_STATUSES,
    "failed": FAILED_STATUSES,
    "cancelled": ("cancelled",),
}


@dataclass(frozen=True)
class Badge:
    label: str
    tone: str


_BADGES = {
    "pending": Badge("Pending", "yellow"),
    "awaiting_search": Badge("Awaiting search", "yellow"),
    "searching": Badge("Searching…", "blue"),
    "downloading": Badge("Downloading", "purple"),
    "processing": Badge("Processing", "orange"),
    "awaiting_import": Badge("Awaiting import", "orange"),
    "downloaded": Badge("Downloaded", "green"),
    "available": Badge("Available", "green"),
    "completed": Badge("Available", "green"),
    "failed": Badge("Failed", "red"),
    "warn": Badge("Needs attention", "orange"),
    "cancelled": Badge("Cancelled", "gray"),
}


def status_badge(status: str, progress: int = 0) -> Badge:
    """The badge for a request status; an unknown status shows as its raw text in grey."""
    if status == "downloading" and progress <= 0:
        return Badge("Starting…", "purple")
    return _BADGES.get(status, Badge(status, "gray"))


def request_step(status: str) -> str:
    return STEP_LABELS.get(status, status)


def group_of(status: str) -> str:
    for group, statuses in REQUEST_GROUPS.items():
        if status in statuses:
            return group
    return "other"


def format_duration_minutes(minutes: int | None) -> str:
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if hours else f"{rest} min"


def format_size(size_bytes: int | float | None) -> str:
    if size_bytes is None:
        return "—"
    value = float(size_bytes)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TB"


def format_speed(bytes_per_second: int | float | None) -> str:
    if not bytes_per_second:
        return "—"
    return f"{format_size(bytes_per_second)}/s"


def relative_time(moment: datetime | None, now: datetime) -> str:
    """A short 'how long ago' text such as '5 min ago' for a past UTC moment."""
    if moment is None:
        return "—"
    elapsed = now - moment
    if elapsed < timedelta(minutes=1):
        return "just now"
    if elapsed < timedelta(hours=1):
        return f"{int(elapsed.total_seconds() // 60)} min ago"
    if elapsed < timedelta(days=1):
        return f"{int(elapsed.total_seconds() // 3600)} h ago"
    if elapsed < timedelta(days=30):
        return f"{elapsed.days} d ago"
    return moment.strftime("%Y-%m-%d")


def elapsed_text(started: datetime | None, finished: datetime | None) -> str:
    if started is None or finished is None:
        return "—"
    seconds = max(0, int((finished - started).total_seconds()))
    return f"{seconds // 60} min {seconds % 60} s" if seconds >= 60 else f"{seconds} s"


def score_tone(score: float | None) -> str:
    """Colour of a release score: green ≥ 90, blue ≥ 70, yellow ≥ 50, else grey."""
    if score is None:
        return "gray"
    if score >= 90:
        return "green"
    if score >= 70:
        return "blue"
    return "yellow" if score >= 50 else "gray"


def initials(name: str) -> str:
    parts = [p for p in name.replace("_", " ").replace(".", " ").split() if p]
    if not parts:
        return "?"
    return (parts[0][0] + (parts[1][0] if len(parts) > 1 else "")).upper()
