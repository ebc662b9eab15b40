"""The one event-log interface of the domain: what happened to a request, a download, a scan.

A job hands its `JobLogger` (queue/context.py: job_events rows, shown on the admin log page);
request status changes log through it beside their `request_status_changes` row; code with no
job behind it passes `NullEventLog`, tests `RecordingEventLog`. Domain code takes an `EventLog`
and never writes job_events or Python log records for these events itself.
"""

from __future__ import annotations

from typing import Any, Protocol


class EventLog(Protocol):
    def info(self, message: str, **metadata: Any) -> None: ...

    def warn(self, message: str, **metadata: Any) -> None: ...

    def error(self, message: str, **metadata: Any) -> None: ...


class NullEventLog:
    """Discards events; for code paths with no job behind them."""

    def info(self, message: str, **metadata: Any) -> None:
        return

    def warn(self, message: str, **metadata: Any) -> None:
        return

    def error(self, message: str, **metadata: Any) -> None:
        return


class RecordingEventLog:
    """Keeps events in memory (level, message, metadata); used by tests and CLI diagnostics."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str, dict[str, Any]]] = []

    def info(self, message: str, **metadata: Any) -> None:
        self.events.append(("info", message, metadata))

    def warn(self, message: str, **metadata: Any) -> None:
        self.events.append(("warn", message, metadata))

    def error(self, message: str, **metadata: Any) -> None:
        self.events.append(("error", message, metadata))
