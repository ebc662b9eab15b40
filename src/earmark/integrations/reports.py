"""The result of a connection test, shown by the setup wizard and the settings pages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ConnectionReport:
    ok: bool
    message: str
    details: dict[str, object] = field(default_factory=dict)
