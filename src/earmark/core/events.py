"""The logging seam handed to domain code by jobs (writes job_events) or by tests."""

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
