"""Decide whether downloaded audio is the requested book: readable, and as long as the catalog says."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from earmark.library.probe import ProbeResult

# Catalog runtimes are whole minutes, so a short book may be up to half a minute off by rounding.
_ROUNDING_SLACK_SECONDS = 30.0


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    reason: str
    duration_seconds: float


def verify_download(
    probes: Sequence[tuple[Path, ProbeResult]],
    *,
    runtime_minutes: int | None,
    tolerance_percent: float,
) -> Verdict:
    """Accept only readable audio whose total length is within `tolerance_percent` of the runtime."""
    total_seconds = sum(result.duration_seconds for _, result in probes)
    if not probes:
        return Verdict(False, "The download contains no audio files.", 0.0)
    unreadable = [(path, result) for path, result in probes if not result.readable]
    if unreadable:
        path, result = unreadable[0]
        more = f" (and {len(unreadable) - 1} more file(s))" if len(unreadable) > 1 else ""
        reason = f"The audio file {path.name} is not readable: {result.problem}{more}."
        return Verdict(False, reason, total_seconds)
    if not runtime_minutes or runtime_minutes <= 0:
        reason = (
            f"Readable audio, {format_duration(total_seconds)} long; the catalog has no runtime, "
            "so the length was not checked."
        )
        return Verdict(True, reason, total_seconds)
    return _compare_runtime(total_seconds, runtime_minutes * 60.0, tolerance_percent)


def _compare_runtime(actual: float, expected: float, tolerance_percent: float) -> Verdict:
    difference = abs(actual - expected)
    difference_percent = difference / expected * 100
    allowed = max(expected * tolerance_percent / 100, _ROUNDING_SLACK_SECONDS)
    lengths = (
        f"the audio is {format_duration(actual)} long and the catalog runtime is "
        f"{format_duration(expected)} ({difference_percent:.1f}% apart, "
        f"{tolerance_percent:g}% allowed)"
    )
    if difference <= allowed:
        return Verdict(True, f"Length matches: {lengths}.", actual)
    hint = "an incomplete release" if actual < expected else "a different or bundled release"
    reason = f"Length mismatch: {lengths}; this is probably another book or {hint}."
    return Verdict(False, reason, actual)


def format_duration(seconds: float) -> str:
    """`3 h 05 min`, `12 min 07 s` or `41 s`: readable in a status message."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"
