"""Verification verdicts: readable audio within the runtime tolerance, with a reason a person reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from earmark.library.probe import ProbeResult
from earmark.library.verification import format_duration, verify_download
from earmark.rule_codes import ImportRule


def _probes(*durations: float) -> list[tuple[Path, ProbeResult]]:
    return [
        (Path(f"/d/{index}.mp3"), ProbeResult(seconds)) for index, seconds in enumerate(durations)
    ]


def test_verify_download_total_within_tolerance_accepted() -> None:
    verdict = verify_download(_probes(1800, 1700), runtime_minutes=60, tolerance_percent=10)
    assert verdict.accepted and verdict.rule is None
    assert verdict.duration_seconds == 3500
    assert "Length matches" in verdict.reason


@pytest.mark.parametrize("seconds", [3600 * 0.85, 3600 * 1.2, 600])
def test_verify_download_outside_tolerance_rejected_with_reason(seconds: float) -> None:
    verdict = verify_download(_probes(seconds), runtime_minutes=60, tolerance_percent=10)
    assert verdict.rule is ImportRule.RUNTIME_MISMATCH
    assert "Length mismatch" in verdict.reason
    assert "1 h 00 min" in verdict.reason
    assert "10% allowed" in verdict.reason


def test_verify_download_short_release_hint_says_incomplete() -> None:
    verdict = verify_download(_probes(1000), runtime_minutes=60, tolerance_percent=5)
    assert "incomplete" in verdict.reason


def test_verify_download_tolerance_is_configurable() -> None:
    probes = _probes(3600 * 1.15)
    strict = verify_download(probes, runtime_minutes=60, tolerance_percent=10)
    assert strict.rule is ImportRule.RUNTIME_MISMATCH
    assert verify_download(probes, runtime_minutes=60, tolerance_percent=20).accepted


def test_verify_download_minute_rounding_slack_for_short_books() -> None:
    assert verify_download(_probes(85), runtime_minutes=1, tolerance_percent=10).accepted
    late = verify_download(_probes(120), runtime_minutes=1, tolerance_percent=10)
    assert late.rule is ImportRule.RUNTIME_MISMATCH


def test_verify_download_unreadable_file_rejected_naming_it() -> None:
    probes = [*_probes(1800), (Path("/d/broken.mp3"), ProbeResult(0.0, "moov atom not found"))]
    verdict = verify_download(probes, runtime_minutes=30, tolerance_percent=10)
    assert verdict.rule is ImportRule.UNREADABLE_AUDIO
    assert "broken.mp3" in verdict.reason
    assert "moov atom not found" in verdict.reason


@pytest.mark.parametrize("runtime", [None, 0])
def test_verify_download_unknown_runtime_accepts_readable_audio(runtime: int | None) -> None:
    verdict = verify_download(_probes(42), runtime_minutes=runtime, tolerance_percent=10)
    assert verdict.accepted
    assert "not checked" in verdict.reason


def test_verify_download_no_files_rejected() -> None:
    verdict = verify_download([], runtime_minutes=10, tolerance_percent=10)
    assert verdict.rule is ImportRule.NO_AUDIO_FILES and not verdict.accepted


def test_verify_download_unreadable_is_judged_before_runtime() -> None:
    probes = [(Path("/d/broken.mp3"), ProbeResult(0.0, "Invalid data found"))]
    verdict = verify_download(probes, runtime_minutes=600, tolerance_percent=10)
    assert verdict.rule is ImportRule.UNREADABLE_AUDIO


@pytest.mark.parametrize(
    ("seconds", "text"), [(41, "41 s"), (727, "12 min 07 s"), (11100, "3 h 05 min")]
)
def test_format_duration_readable(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text
