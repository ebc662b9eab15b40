"""Pure presentation rules for pages: status badges, step texts, request actions, durations,
sizes and times."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from earmark.doctor.findings import Outcome
from earmark.requests.quota import when_text
from earmark.requests.states import (
    IN_LIBRARY,
    STEP_LABELS,
    WITH_PROGRESS,
    ProgressGroup,
    RequestAction,
    RequestStatus,
    Role,
    allowed_actions,
)

ALL_TAB = "all"
TAB_LABELS: dict[str, str] = {
    ALL_TAB: "All",
    ProgressGroup.ACTIVE: "Active",
    ProgressGroup.WAITING: "Waiting",
    ProgressGroup.COMPLETED: "Completed",
    ProgressGroup.FAILED: "Failed",
    ProgressGroup.CANCELLED: "Cancelled",
}
"""The tabs of "My requests": everything, then one per progress group."""


@dataclass(frozen=True)
class Badge:
    label: str
    tone: str


_BADGES: dict[RequestStatus, Badge] = {
    RequestStatus.PENDING: Badge("Pending", "yellow"),
    RequestStatus.AWAITING_SEARCH: Badge("Awaiting search", "yellow"),
    RequestStatus.SEARCHING: Badge("Searching…", "blue"),
    RequestStatus.DOWNLOADING: Badge("Downloading", "purple"),
    RequestStatus.PROCESSING: Badge("Processing", "orange"),
    RequestStatus.AWAITING_IMPORT: Badge("Awaiting import", "orange"),
    RequestStatus.DOWNLOADED: Badge("Downloaded", "green"),
    RequestStatus.AVAILABLE: Badge("Available", "green"),
    RequestStatus.FAILED: Badge("Failed", "red"),
    RequestStatus.WARN: Badge("Needs attention", "orange"),
    RequestStatus.CANCELLED: Badge("Cancelled", "gray"),
    RequestStatus.PENDING_APPROVAL: Badge("Pending approval", "yellow"),
    RequestStatus.DECLINED: Badge("Declined", "red"),
    RequestStatus.AWAITING_RELEASE: Badge("Not released yet", "blue"),
}


def status_badge(status: RequestStatus, progress: int = 0) -> Badge:
    """The badge for a request status ("Starting…" until a download makes progress)."""
    if status == RequestStatus.DOWNLOADING and progress <= 0:
        return Badge("Starting…", "purple")
    return _BADGES[status]


def status_badges() -> dict[str, tuple[str, str]]:
    """Every status's badge as (label, tone), for scripts that show a status they just learnt."""
    return {status.value: (badge.label, badge.tone) for status, badge in _BADGES.items()}


def request_step(status: RequestStatus, progress: int = 0) -> str:
    """The words beside the status badge: what is happening now, never the badge said again
    ("Cancelled · Cancelled"), and not "Downloading" beside a download not started yet."""
    if status == RequestStatus.DOWNLOADING and progress <= 0:
        return "Sent to the download client"
    step = STEP_LABELS[status]
    return "" if step.casefold() == status_badge(status, progress).label.casefold() else step


def progress_bar_tone(status: RequestStatus) -> str | None:
    """The progress bar's tone class for a status that has progress to show, else None."""
    if status not in WITH_PROGRESS:
        return None
    return "tone-orange" if status == RequestStatus.PROCESSING else ""


def shows_reason(status: RequestStatus) -> bool:
    """A reason stays relevant until the book is in the library."""
    return status not in IN_LIBRARY


def request_actions(
    status: RequestStatus, is_admin: bool, granted: Collection[RequestAction] = ()
) -> frozenset[RequestAction]:
    """The buttons a request card offers the viewer: exactly what the API will accept
    (`granted`: the actions the viewer's permissions add)."""
    return allowed_actions(status, Role.ADMIN if is_admin else Role.USER, granted)


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


_DOCTOR_BADGES = {
    Outcome.OK: Badge("OK", "green"),
    Outcome.WARN: Badge("Warning", "yellow"),
    Outcome.FAIL: Badge("Problem", "red"),
    Outcome.SKIPPED: Badge("Not configured", "gray"),
}


def doctor_badge(outcome: Outcome) -> Badge:
    """The badge for one doctor finding."""
    return _DOCTOR_BADGES[outcome]
_SEARCH_NOW_STATUSES = frozenset({RequestStatus.PENDING, RequestStatus.AWAITING_SEARCH})


def retry_search_label(status: RequestStatus) -> str:
    """"Search now" while a request only waits for its next search; "Retry search" after a failure."""
    return "Search now" if status in _SEARCH_NOW_STATUSES else "Retry search"


def next_retry_text(status: RequestStatus, at: datetime) -> str:
    """What happens next on its own, for a request waiting in `status` (see AUTOMATIC_RETRY)."""
    when = when_text(at)
    if status == RequestStatus.AWAITING_IMPORT:
        return f"Earmark tries the import again on {when}."
    return f"Earmark searches again on {when} and watches new releases meanwhile."
