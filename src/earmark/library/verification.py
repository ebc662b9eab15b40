"""Decide whether downloaded audio is the requested book: readable, and as long as the catalog says.

Each refusal is a named rule with a stable code (rule_codes.ImportRule): no audio files,
unreadable audio, runtime mismatch. The first rule that refuses decides the verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from earmark.library.probe import ProbeResult
from earmark.rule_codes import ImportRule, Rejection

# Catalog runtimes are whole minutes, so a short book may be up to half a minute off by rounding.
_ROUNDING_SLACK_SECONDS = 30.0

Probes = Sequence[tuple[Path, ProbeResult]]


@dataclass(frozen=True)
class Verdict:
    """`rule` is None when the download was accepted; `reason` explains either way."""

    rule: ImportRule | None
    reason: str
    duration_seconds: float

    @property
    def accepted(self) -> bool:
        return self.rule is None


def verify_download(
    probes: Probes,
    *,
    runtime_minutes: int | None,
    tolerance_percent: float,
) -> Verdict:
    """Accept only readable audio whose total length is within `tolerance_percent` of the runtime."""
    total_seconds = sum(result.duration_seconds for _, result in probes)
    refusal = no_audio_files(probes) or unreadable_audio(probes)
    if refusal is not None:
        return Verdict(ImportRule(refusal.code), refusal.message, total_seconds)
    if not runtime_minutes or runtime_minutes <= 0:
        reason = (
            f"Readable audio, {format_duration(total_seconds)} long; the catalog has no runtime, "
            "so the length was not checked."
        )
        return Verdict(None, reason, total_seconds)
    expected = runtime_minutes * 60.0
    refusal = runtime_mismatch(total_seconds, expected, tolerance_percent)
    if refusal is not None:
        return Verdict(ImportRule(refusal.code), refusal.message, total_seconds)
    lengths = _lengths(total_seconds, expected, tolerance_percent)
    return Verdict(None, f"Length matches: {lengths}.", total_seconds)


def no_audio_files(probes: Probes) -> Rejection | None:
    if probes:
        return None
    return Rejection(ImportRule.NO_AUDIO_FILES, "The download contains no audio files.")


def unreadable_audio(probes: Probes) -> Rejection | None:
    unreadable = [(path, result) for path, result in probes if not result.readable]
    if not unreadable:
        return None
    path, result = unreadable[0]
    more = f" (and {len(unreadable) - 1} more file(s))" if len(unreadable) > 1 else ""
    return Rejection(
        ImportRule.UNREADABLE_AUDIO,
        f"The audio file {path.name} is not readable: {result.problem}{more}.",
    )


def runtime_mismatch(actual: float, expected: float, tolerance_percent: float) -> Rejection | None:
    """Refused unless within the tolerance (or half a minute of rounding) of the catalog runtime."""
    difference = abs(actual - expected)
    if difference <= max(expected * tolerance_percent / 100, _ROUNDING_SLACK_SECONDS):
        return None
    hint = "an incomplete release" if actual < expected else "a different or bundled release"
    lengths = _lengths(actual, expected, tolerance_percent)
    return Rejection(
        ImportRule.RUNTIME_MISMATCH,
        f"Length mismatch: {lengths}; this is probably another book or {hint}.",
    )


def _lengths(actual: float, expected: float, tolerance_percent: float) -> str:
    difference_percent = abs(actual - expected) / expected * 100
    return (
        f"the audio is {format_duration(actual)} long and the catalog runtime is "
        f"{format_duration(expected)} ({difference_percent:.1f}% apart, "
        f"{tolerance_percent:g}% allowed)"
    )


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
