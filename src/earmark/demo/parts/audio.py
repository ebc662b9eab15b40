"""Generate small, real audiobook and media files with ffmpeg (and espeak-ng speech) for tests."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Literal

AudioFormat = Literal["mp3", "m4b", "mp4"]

_ENCODER_ARGS: dict[str, list[str]] = {
    "mp3": ["-c:a", "libmp3lame", "-b:a", "16k", "-id3v2_version", "4"],
    "m4b": ["-c:a", "aac", "-b:a", "16k", "-f", "ipod", "-brand", "M4B "],
    "mp4": ["-c:a", "aac", "-b:a", "16k", "-f", "mp4"],
}
_SAMPLE_RATE = "22050"
_FFMPEG_TIMEOUT_SECONDS = 120


def make_audiobook(
    folder: Path,
    *,
    title: str,
    author: str,
    duration_seconds: float,
    fmt: AudioFormat = "mp3",
    tracks: int = 1,
    discs: int = 1,
    speech_text: str | None = None,
) -> list[Path]:
    """Write a book of `discs` x `tracks` files totalling `duration_seconds`; return them in order.

    With several discs the files go into `CD1`, `CD2`, ... sub-folders, each restarting its track
    numbers (as ripped multi-disc books do). Audio is a quiet sine tone (fast to encode), mixed with
    espeak-ng speech of `speech_text` when given.
    """
    if fmt not in _ENCODER_ARGS:
        raise ValueError(f"unsupported format {fmt!r}")
    folder.mkdir(parents=True, exist_ok=True)
    part_seconds = duration_seconds / (tracks * discs)
    created: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="earmark-audio-") as scratch:
        speech = _speech_wav(Path(scratch), speech_text) if speech_text else None
        for disc in range(1, discs + 1):
            disc_folder = folder / f"CD{disc}" if discs > 1 else folder
            disc_folder.mkdir(parents=True, exist_ok=True)
            for track in range(1, tracks + 1):
                target = disc_folder / _file_name(title, track, tracks, fmt)
                tags = {
                    "title": title if tracks == 1 else f"Chapter {track}",
                    "album": title,
                    "artist": author,
                    "album_artist": author,
                    "track": f"{track}/{tracks}",
                    "disc": f"{disc}/{discs}",
                    "genre": "Audiobook",
                }
                _encode(target, part_seconds, tags, fmt, speech)
                created.append(target)
    return created


def _file_name(title: str, track: int, tracks: int, fmt: str) -> str:
    if tracks == 1:
        return f"{title}.{fmt}"
    return f"{track:02d} - {title}.{fmt}"


def _speech_wav(scratch: Path, text: str) -> Path:
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise RuntimeError("espeak-ng is not installed (apt-get install espeak-ng)")
    wav = scratch / "speech.wav"
    subprocess.run(
        [espeak, "-w", str(wav), text],
        check=True,
        capture_output=True,
        timeout=_FFMPEG_TIMEOUT_SECONDS,
    )
    return wav


def _encode(
    target: Path, seconds: float, tags: dict[str, str], fmt: str, speech: Path | None
) -> None:
    tone = f"sine=frequency=440:sample_rate={_SAMPLE_RATE}:duration={seconds:.3f}"
    argv = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", tone]
    if speech is not None:
        argv += ["-i", str(speech)]
        argv += [
            "-filter_complex",
            f"[0:a]volume=0.05[t];[1:a]aresample={_SAMPLE_RATE}[s];"
            f"[t][s]amix=inputs=2:duration=first,atrim=0:{seconds:.3f}[out]",
            "-map",
            "[out]",
        ]
    argv += ["-ac", "1", "-ar", _SAMPLE_RATE, *_ENCODER_ARGS[fmt]]
    for key, value in tags.items():
        argv += ["-metadata", f"{key}={value}"]
    argv.append(str(target))
    subprocess.run(argv, check=True, capture_output=True, timeout=_FFMPEG_TIMEOUT_SECONDS)


def render_lavfi(source: str, target: Path, *output_args: str) -> Path:
    """Write `target` from an ffmpeg lavfi source (tone, silence, colour) with the given options."""
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", source, *output_args, str(target)],
        check=True,
        timeout=_FFMPEG_TIMEOUT_SECONDS,
    )
    return target
