"""An independent reader for tests: what ffprobe sees in a file (tags, attached cover, decoding)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any


def format_tags(path: Path) -> dict[str, str]:
    """Container tags as ffprobe reports them, keys lower-cased."""
    report = _probe(path, ["-show_format"])
    tags = report.get("format", {}).get("tags", {})
    return {key.lower(): value for key, value in tags.items()}


def has_attached_cover(path: Path) -> bool:
    streams = _probe(path, ["-show_streams"]).get("streams", [])
    return any(stream.get("disposition", {}).get("attached_pic") == 1 for stream in streams)


def decodes_cleanly(path: Path) -> bool:
    completed = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-map", "0:a", "-f", "null", "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return completed.returncode == 0 and not completed.stderr.strip()


def _probe(path: Path, what: list[str]) -> dict[str, Any]:
    completed = subprocess.run(
        ["ffprobe", "-v", "error", *what, "-of", "json", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result: dict[str, Any] = json.loads(completed.stdout)
    return result
