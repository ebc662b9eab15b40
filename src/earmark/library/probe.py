"""Measure an audio file's duration and check it decodes, with ffprobe/ffmpeg (argv, timeouts)."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from earmark.library.errors import ImportFailed, ImportRetryable
from earmark.rule_codes import ImportRule

DEFAULT_TIMEOUT_SECONDS = 120.0
# How much of the end of a file is decoded: a download cut short often still carries the full
# duration in its header, so only decoding the tail shows the audio is really there.
_TAIL_WINDOW_SECONDS = 10.0
_TAIL_DECODED_SHARE = 0.5


@dataclass(frozen=True)
class ProbeResult:
    duration_seconds: float
    problem: str | None = None

    @property
    def readable(self) -> bool:
        return self.problem is None


def probe_audio(path: Path, *, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS) -> ProbeResult:
    """Duration of `path` and, if it is not usable audio, a short reason why."""
    completed = _run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=duration:stream=codec_type",
            "-of",
            "json",
            _input_argument(path),
        ],
        path,
        timeout_seconds,
    )
    if completed.returncode != 0:
        return ProbeResult(0.0, _first_line(completed.stderr) or "ffprobe could not read it")
    report = _parse_json(completed.stdout)
    streams = report.get("streams") or []
    if not any(stream.get("codec_type") == "audio" for stream in streams):
        return ProbeResult(0.0, "it contains no audio stream")
    duration_seconds = _as_float(report.get("format", {}).get("duration"))
    if duration_seconds <= 0:
        return ProbeResult(0.0, "its duration is unknown")
    return ProbeResult(duration_seconds, _tail_problem(path, duration_seconds, timeout_seconds))


def _tail_problem(path: Path, duration_seconds: float, timeout_seconds: float) -> str | None:
    window_seconds = min(_TAIL_WINDOW_SECONDS, duration_seconds)
    completed = _run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-sseof",
            f"-{window_seconds:.3f}",
            "-i",
            _input_argument(path),
            "-map",
            "0:a:0",
            "-f",
            "null",
            "-progress",
            "pipe:1",
            "-nostats",
            "-",
        ],
        path,
        timeout_seconds,
    )
    if completed.returncode != 0:
        return _first_line(completed.stderr) or "its audio does not decode"
    if _decoded_seconds(completed.stdout) < window_seconds * _TAIL_DECODED_SHARE:
        return "its audio stops before the end (incomplete or damaged file)"
    return None


def _decoded_seconds(progress: str) -> float:
    times = [
        _as_float(line.partition("=")[2])
        for line in progress.splitlines()
        if line.startswith("out_time_us=")
    ]
    return max(times, default=0.0) / 1_000_000


def _run(argv: list[str], path: Path, timeout_seconds: float) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            argv,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout_seconds,
            check=False,
        )
    except FileNotFoundError as exc:
        raise ImportFailed(
            ImportRule.PROBE_UNAVAILABLE,
            f"{argv[0]} is not installed; install ffmpeg so downloads can be checked",
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise ImportRetryable(
            ImportRule.PROBE_TIMEOUT,
            f"{argv[0]} took longer than {timeout_seconds:.0f} s on {path.name}; "
            "the disk may be slow or busy",
        ) from exc


def _input_argument(path: Path) -> str:
    # An absolute path can be neither an option ("-x.mp3") nor a protocol ("concat:a|b").
    return str(path.absolute())


def _parse_json(text: str) -> dict[str, Any]:
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _as_float(value: object) -> float:
    try:
        return float(str(value))
    except ValueError:
        return 0.0


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else ""
