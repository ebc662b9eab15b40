"""Deluge 2 torrent states mapped onto Earmark's download states."""

from __future__ import annotations

from dataclasses import dataclass

from earmark.integrations.download_clients.protocol import DownloadState

_MISSING_DATA_HINTS = ("missing", "no such file", "not found")
_PLAIN_STATES: dict[str, DownloadState] = {
    "Checking": "checking",
    "Seeding": "seeding",
    "Allocating": "downloading",
    "Moving": "downloading",
}


@dataclass(frozen=True)
class DelugeStatus:
    state: str
    message: str  # Deluge's status text: "OK", or the error
    finished: bool
    seeds_connected: int
    download_rate_bps: int


def map_state(observed: DelugeStatus) -> DownloadState:
    """Deluge has no 'stalled' state: downloading with no seed connected and no data flowing is
    reported as stalled. A paused or queued torrent whose payload is complete counts as done."""
    if observed.state == "Error":
        text = observed.message.lower()
        return "missing_files" if any(hint in text for hint in _MISSING_DATA_HINTS) else "error"
    if observed.state == "Paused":
        return "completed" if observed.finished else "paused"
    if observed.state == "Queued":
        return "seeding" if observed.finished else "queued"
    if observed.state == "Downloading":
        flowing = observed.seeds_connected > 0 or observed.download_rate_bps > 0
        return "downloading" if flowing else "stalled"
    return _PLAIN_STATES.get(observed.state, "downloading")
