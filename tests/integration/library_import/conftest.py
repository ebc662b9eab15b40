"""Real audio made with ffmpeg once per session, and a tmpfs mount for cross-device imports."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from earmark.demo.parts.audio import make_audiobook, render_lavfi


@pytest.fixture(scope="session", autouse=True)
def _requires_ffmpeg() -> None:
    if shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None:
        pytest.skip("ffmpeg/ffprobe are not installed (apt-get install ffmpeg)")


@pytest.fixture(scope="session")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Read-only sample downloads; tests must not change them (imports never change sources)."""
    root = tmp_path_factory.mktemp("downloads")
    make_audiobook(
        root / "single", title="Hail Mary", author="Andy Weir", duration_seconds=60, fmt="m4b"
    )
    make_audiobook(
        root / "multi", title="Three Parts", author="Ann Author", duration_seconds=60, tracks=3
    )
    make_audiobook(
        root / "discs",
        title="Two Discs",
        author="Ann Author",
        duration_seconds=60,
        tracks=2,
        discs=2,
    )
    return {
        "single": root / "single" / "Hail Mary.m4b",
        "multi": root / "multi",
        "discs": root / "discs",
    }


@pytest.fixture(scope="session")
def cover_jpeg(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real 64x64 JPEG made by ffmpeg."""
    path = tmp_path_factory.mktemp("cover") / "cover.jpg"
    return render_lavfi("color=c=red:s=64x64", path, "-frames:v", "1").read_bytes()


@pytest.fixture
def mount_tmpfs() -> Iterator[Callable[[Path, str], Path]]:
    """Mount a tmpfs of the given size at a folder (root only), unmounted after the test."""
    mounted: list[Path] = []

    def mount(folder: Path, size: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        completed = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here (needs root): {completed.stderr.strip()}")
        mounted.append(folder)
        return folder

    yield mount
    for folder in reversed(mounted):
        subprocess.run(["umount", str(folder)], capture_output=True, check=False)
