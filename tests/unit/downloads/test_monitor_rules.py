"""The download monitor's rules: each refusal carries its stable code."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from earmark.core.errors import InvalidInput
from earmark.downloads.models import DownloadHistory
from earmark.downloads.service import (
    MAX_POLL_SECONDS,
    MISSING_POLLS_BEFORE_DEAD,
    client_error,
    download_stalled,
    download_vanished,
    release_unavailable,
)
from earmark.integrations.download_clients.protocol import DownloadItem
from earmark.rule_codes import MonitorRule

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)
STALL_AFTER = timedelta(minutes=30)
ITEM = DownloadItem(
    info_hash="a" * 40, name="Book", state="downloading", progress=0.4,
    download_speed_bps=0, eta_seconds=None, seeders_connected=2, seeders_available=5,
    size_bytes=1000, downloaded_bytes=400, ratio=0.0, seeding_time_seconds=0,
    content_path="/dl/Book", save_path="/dl", added_at=None, completed_at=None,
)  # fmt: skip


def test_download_stalled_only_after_the_stall_limit() -> None:
    assert download_stalled(ITEM, STALL_AFTER, STALL_AFTER) is None

    refusal = download_stalled(ITEM, timedelta(minutes=31), STALL_AFTER)

    assert refusal is not None and refusal.code is MonitorRule.DOWNLOAD_STALLED
    assert refusal.message == "download stalled (no progress for 31 minutes)"


def test_stalled_without_any_seeder_is_a_dead_torrent() -> None:
    dead = replace(ITEM, seeders_connected=0, seeders_available=0)

    refusal = download_stalled(dead, timedelta(hours=1), STALL_AFTER)

    assert refusal is not None and refusal.code is MonitorRule.DEAD_TORRENT


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Tracker: unregistered torrent", "download stalled (Tracker: unregistered torrent)"),
        (None, "download stalled (the download client reports an error)"),
    ],
)
def test_client_error_state_refuses_at_once(message: str | None, expected: str) -> None:
    assert client_error(ITEM) is None

    refusal = client_error(replace(ITEM, state="error", error_message=message))

    assert refusal is not None and refusal.code is MonitorRule.CLIENT_ERROR
    assert refusal.message == expected


def test_download_vanished_after_several_slow_polls() -> None:
    row = DownloadHistory(request_id=uuid.uuid4(), last_progress_at=NOW)
    limit = timedelta(seconds=MAX_POLL_SECONDS * MISSING_POLLS_BEFORE_DEAD)

    assert download_vanished(row, NOW + limit) is None
    refusal = download_vanished(row, NOW + limit + timedelta(seconds=1))

    assert refusal is not None and refusal.code is MonitorRule.DOWNLOAD_VANISHED


def test_release_unavailable_names_the_indexer_error() -> None:
    refusal = release_unavailable(InvalidInput("the link expired"))

    assert refusal.code is MonitorRule.RELEASE_UNAVAILABLE
    assert refusal.coded_text() == (
        "release_unavailable: the indexer would not give the release: the link expired"
    )
