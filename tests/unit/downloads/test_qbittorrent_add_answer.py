"""qBittorrent's torrents/add answers, both generations, read into one verdict.

Samples in the real shapes: 4.x-5.1 answer the text `Ok.`/`Fails.`; 5.2 (Web API 2.14+) answers
JSON counts (200, 202 while pending, 409 when every torrent failed). qbittorrent-api hands the
JSON over as TorrentsAddedMetadata, a mapping.
"""

from __future__ import annotations

import pytest
from qbittorrentapi.torrents import TorrentsAddedMetadata

from earmark.integrations.download_clients.qbittorrent.add_answer import read_add_answer

HASH = "c7a2d1e0f3b4a5968778695a4b3c2d1e0f9a8b7c"


@pytest.mark.parametrize(
    ("answer", "accepted", "description"),
    [
        ("Ok.", True, "it answered 'Ok.'"),
        ("Ok.\n", True, "it answered 'Ok.'"),
        ("Fails.", False, "it answered 'Fails.'"),
        (
            TorrentsAddedMetadata(
                {"added_torrent_ids": [HASH], "failure_count": 0, "pending_count": 0,
                 "success_count": 1}
            ),
            True,
            "1 added, 0 pending, 0 failed",
        ),
        (  # HTTP 202: a URL still being fetched counts as accepted
            {"added_torrent_ids": [], "failure_count": 0, "pending_count": 1, "success_count": 0},
            True,
            "0 added, 1 pending, 0 failed",
        ),
        (  # the JSON body of HTTP 409: every torrent failed (a duplicate)
            {"added_torrent_ids": [], "failure_count": 1, "pending_count": 0, "success_count": 0},
            False,
            "0 added, 0 pending, 1 failed",
        ),
    ],
)  # fmt: skip
def test_add_answers_of_both_generations_are_read(
    answer: object, accepted: bool, description: str
) -> None:
    verdict = read_add_answer(answer)
    assert verdict is not None
    assert (verdict.accepted, verdict.description) == (accepted, description)


@pytest.mark.parametrize("answer", ["", "Forbidden", {"added": 1}, ["Ok."]])
def test_answers_in_neither_shape_are_not_guessed(answer: object) -> None:
    assert read_add_answer(answer) is None
