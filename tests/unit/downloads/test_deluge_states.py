"""Deluge's states and names mapped onto Earmark's: no 'stalled' of its own, finished when done."""

from __future__ import annotations

import pytest

from earmark.integrations.download_clients.deluge.client import json_endpoint, label_for
from earmark.integrations.download_clients.deluge.states import DelugeStatus, map_state


def _status(
    state: str, finished: bool = False, seeds: int = 0, rate: int = 0, message: str = "OK"
) -> DelugeStatus:
    return DelugeStatus(state, message, finished, seeds, rate)


@pytest.mark.parametrize(
    ("observed", "expected"),
    [
        (_status("Downloading", seeds=1), "downloading"),
        (_status("Downloading", rate=10), "downloading"),
        (_status("Downloading"), "stalled"),
        (_status("Seeding", finished=True), "seeding"),
        (_status("Paused", finished=True), "completed"),
        (_status("Paused"), "paused"),
        (_status("Queued"), "queued"),
        (_status("Queued", finished=True), "seeding"),
        (_status("Checking"), "checking"),
        (_status("Allocating"), "downloading"),
        (_status("Moving", finished=True), "downloading"),
        (_status("Error", message="Tracker error"), "error"),
        (_status("Error", message="Missing or invalid torrent data!"), "missing_files"),
    ],
)
def test_deluge_states_map_as_documented(observed: DelugeStatus, expected: str) -> None:
    assert map_state(observed) == expected


def test_categories_become_valid_deluge_labels() -> None:
    assert label_for("earmark") == "earmark"
    assert label_for("Earmark Audiobooks!") == "earmark-audiobooks"
    assert label_for("books.v2_x") == "books.v2_x"
    assert label_for("???") == "earmark"


def test_the_json_endpoint_keeps_a_reverse_proxy_prefix() -> None:
    assert json_endpoint("http://nas:8112") == "http://nas:8112/json"
    assert json_endpoint("https://home.example/deluge/") == "https://home.example/deluge/json"
    assert json_endpoint("http://nas:8112/json") == "http://nas:8112/json"
