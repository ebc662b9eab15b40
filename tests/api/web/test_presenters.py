"""Pure presentation rules: badges, redirect targets, sizes and times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from earmark.requests.states import RequestStatus
from earmark.web.pages_public import safe_redirect_target
from earmark.web.presenters import (
    format_size,
    relative_time,
    request_step,
    score_tone,
    status_badge,
    status_badges,
)


@pytest.mark.parametrize(
    ("status", "progress", "label", "tone"),
    [
        ("pending", 0, "Pending", "yellow"),
        ("downloading", 0, "Starting…", "purple"),
        ("downloading", 30, "Downloading", "purple"),
        ("warn", 0, "Needs attention", "orange"),
        ("failed", 0, "Failed", "red"),
    ],
)
def test_status_badge_each_status_has_label_and_tone(
    status: str, progress: int, label: str, tone: str
) -> None:
    badge = status_badge(RequestStatus(status), progress)
    assert (badge.label, badge.tone) == (label, tone)


def test_the_words_beside_a_badge_never_repeat_it_nor_contradict_it() -> None:
    for status in RequestStatus:
        for progress in (0, 40):
            step = request_step(status, progress)
            assert step.casefold() != status_badge(status, progress).label.casefold(), status
    assert request_step(RequestStatus.CANCELLED) == ""
    assert request_step(RequestStatus.DOWNLOADING, 0) == "Sent to the download client"
    assert request_step(RequestStatus.PENDING) == "Queued for search"


def test_status_badges_cover_every_status_for_scripts() -> None:
    badges = status_badges()
    assert set(badges) == {status.value for status in RequestStatus}
    assert badges["awaiting_import"] == ("Awaiting import", "orange")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (None, "/"),
        ("/requests", "/requests"),
        ("//evil.test/x", "/"),
        ("https://evil.test", "/"),
        ("/\\evil", "/"),
        ("/\t/evil.example/", "/"),
        ("/\n/evil.example/", "/"),
        ("/\r\n/evil.example", "/"),
        ("/\x00x", "/"),
        ("/\x7f/evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/requests?status=failed#top", "/requests?status=failed#top"),
    ],
)
def test_safe_redirect_target_only_same_site_paths(target: str | None, expected: str) -> None:
    assert safe_redirect_target(target) == expected


def test_score_tone_thresholds_match_the_product_rules() -> None:
    assert [score_tone(s) for s in (95, 90, 75, 50, 49, None)] == [
        "green",
        "green",
        "blue",
        "yellow",
        "gray",
        "gray",
    ]


def test_format_size_and_relative_time_read_naturally() -> None:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    assert format_size(512) == "512 B"
    assert format_size(3 * 1024**3) == "3.0 GB"
    assert relative_time(now - timedelta(minutes=5), now) == "5 min ago"
    assert relative_time(None, now) == "—"
