"""How soon the download monitor polls again: by ETA, else by the download's age, capped."""

from __future__ import annotations

from datetime import timedelta

from earmark.downloads.service import FIRST_POLL_SECONDS, MAX_POLL_SECONDS, poll_delay_seconds
from earmark.integrations.download_clients.protocol import DownloadItem


def _item(progress: float, eta_seconds: int | None) -> DownloadItem:
    return DownloadItem(
        info_hash="a" * 40,
        name="book",
        state="downloading",
        progress=progress,
        download_speed_bps=0,
        eta_seconds=eta_seconds,
        seeders_connected=0,
        seeders_available=1,
        size_bytes=100,
        downloaded_bytes=int(progress * 100),
        ratio=0.0,
        seeding_time_seconds=0,
        content_path="/downloads/book",
        save_path="/downloads",
        added_at=None,
        completed_at=None,
    )


def test_poll_delay_young_download_without_eta_polls_soon() -> None:
    delay = poll_delay_seconds(_item(0.0, None), timedelta(seconds=4))
    assert delay == FIRST_POLL_SECONDS


def test_poll_delay_grows_with_age_up_to_the_slow_interval() -> None:
    assert poll_delay_seconds(_item(0.1, None), timedelta(seconds=20)) == 10.0
    assert poll_delay_seconds(_item(0.1, None), timedelta(hours=2)) == MAX_POLL_SECONDS


def test_poll_delay_nearly_done_follows_the_eta() -> None:
    assert poll_delay_seconds(_item(0.9, 12), timedelta(hours=1)) == 12.0


def test_poll_delay_past_half_way_without_eta_caps_at_ten_seconds() -> None:
    assert poll_delay_seconds(_item(0.7, None), timedelta(hours=1)) == 10.0
