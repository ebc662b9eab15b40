"""Transmission's numeric torrent status and error codes mapped onto Earmark's download states."""

from __future__ import annotations

from dataclasses import dataclass

from earmark.integrations.download_clients.protocol import DownloadState

STOPPED, CHECK_WAIT, CHECKING, DOWNLOAD_WAIT, DOWNLOADING, SEED_WAIT, SEEDING = range(7)
# error codes: 1 tracker warning, 2 tracker error, 3 local error (disk, missing data)
LOCAL_ERROR = 3
_MISSING_DATA_HINTS = ("no data found", "no such file")


_WAITING_STATES: dict[int, DownloadState] = {
    CHECK_WAIT: "checking",
    CHECKING: "checking",
    DOWNLOAD_WAIT: "queued",
    SEED_WAIT: "seeding",
    SEEDING: "seeding",
}


@dataclass(frozen=True)
class TransmissionStatus:
    status: int
    error: int
    error_text: str
    percent_done: float
    download_rate_bps: int
    peers_sending: int


def map_state(observed: TransmissionStatus) -> DownloadState:
    """Tracker warnings are not failures; only local errors are. Transmission has no 'stalled'
    status, so a download with nobody sending and no data flowing is reported as stalled."""
    if observed.error == LOCAL_ERROR:
        text = observed.error_text.lower()
        return "missing_files" if any(hint in text for hint in _MISSING_DATA_HINTS) else "error"
    if observed.status == STOPPED:
        return "completed" if observed.percent_done >= 1.0 else "paused"
    if observed.status == DOWNLOADING:
        flowing = observed.peers_sending > 0 or observed.download_rate_bps > 0
        return "downloading" if flowing else "stalled"
    return _WAITING_STATES.get(observed.status, "downloading")
