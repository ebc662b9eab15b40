"""ffprobe-based checks on real files: duration, unreadable and truncated audio, missing tools."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from earmark.library.errors import ImportFailed
from earmark.library.probe import probe_audio

pytestmark = pytest.mark.realparts


def test_probe_audio_m4b_duration_measured(books: dict[str, Path]) -> None:
    result = probe_audio(books["single"])
    assert result.readable
    assert result.duration_seconds == pytest.approx(60, abs=0.5)


def test_probe_audio_each_mp3_part_measured(books: dict[str, Path]) -> None:
    durations = [
        probe_audio(path).duration_seconds for path in sorted(books["multi"].glob("*.mp3"))
    ]
    assert sum(durations) == pytest.approx(60, abs=1)


def test_probe_audio_text_named_mp3_unreadable(tmp_path: Path) -> None:
    fake = tmp_path / "book.mp3"
    fake.write_text("this is not audio\n" * 100)
    result = probe_audio(fake)
    assert not result.readable
    assert result.problem


def test_probe_audio_truncated_m4b_unreadable(books: dict[str, Path], tmp_path: Path) -> None:
    cut = tmp_path / "cut.m4b"
    cut.write_bytes(books["single"].read_bytes()[:40_000])
    assert not probe_audio(cut).readable


def test_probe_audio_truncated_mp3_with_full_length_header_unreadable(
    books: dict[str, Path], tmp_path: Path
) -> None:
    whole = sorted(books["multi"].glob("*.mp3"))[0]
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 3])
    result = probe_audio(cut)
    assert not result.readable
    assert "stops before the end" in (result.problem or "")


def test_probe_audio_hostile_file_name_is_not_an_option_or_protocol(
    books: dict[str, Path], tmp_path: Path
) -> None:
    odd = tmp_path / "-i concat:x|y.m4b"
    shutil.copyfile(books["single"], odd)
    assert probe_audio(odd).duration_seconds == pytest.approx(60, abs=0.5)


def test_probe_audio_ffprobe_missing_fails_permanently(
    books: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ImportFailed, match="ffprobe is not installed"):
        probe_audio(books["single"])
