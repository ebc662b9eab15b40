"""Client states mapped onto Earmark's: every finished state is finished, errors are errors."""

from __future__ import annotations

import pytest

from earmark.integrations.download_clients import FINISHED_STATES
from earmark.integrations.download_clients.qbittorrent.states import map_state as map_qbittorrent
from earmark.integrations.download_clients.transmission.states import (
    TransmissionStatus,
)
from earmark.integrations.download_clients.transmission.states import (
    map_state as map_transmission,
)


@pytest.mark.parametrize(
    "state", ["uploading", "stalledUP", "queuedUP", "forcedUP", "pausedUP", "stoppedUP"]
)
def test_qbittorrent_up_states_count_as_finished(state: str) -> None:
    assert map_qbittorrent(state) in FINISHED_STATES


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("metaDL", "downloading"),
        ("forcedMetaDL", "downloading"),
        ("forcedDL", "downloading"),
        ("stalledDL", "stalled"),
        ("pausedDL", "paused"),
        ("stoppedDL", "paused"),
        ("queuedDL", "queued"),
        ("checkingResumeData", "checking"),
        ("checkingUP", "checking"),
        ("error", "error"),
        ("missingFiles", "missing_files"),
        ("somethingNewInV6", "downloading"),
    ],
)
def test_qbittorrent_other_states_map_as_documented(state: str, expected: str) -> None:
    assert map_qbittorrent(state) == expected


def _observed(
    status: int, *, error: int = 0, text: str = "", done: float = 0.5, rate: int = 0, peers: int = 0
) -> TransmissionStatus:
    return TransmissionStatus(status, error, text, done, rate, peers)


@pytest.mark.parametrize(
    ("observed", "expected"),
    [
        (_observed(0, done=1.0), "completed"),
        (_observed(0, done=0.3), "paused"),
        (_observed(1), "checking"),
        (_observed(2), "checking"),
        (_observed(3), "queued"),
        (_observed(4, rate=1000, peers=1), "downloading"),
        (_observed(4), "stalled"),
        (_observed(5, done=1.0), "seeding"),
        (_observed(6, done=1.0), "seeding"),
        (_observed(4, error=2, text="Tracker gave HTTP 404", rate=5, peers=1), "downloading"),
        (
            _observed(0, error=3, text="No data found! Ensure your drives are connected"),
            "missing_files",
        ),
        (_observed(4, error=3, text="Permission denied"), "error"),
    ],
)
def test_transmission_status_maps_as_documented(
    observed: TransmissionStatus, expected: str
) -> None:
    assert map_transmission(observed) == expected
