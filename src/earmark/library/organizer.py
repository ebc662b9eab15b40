"""Import a finished download: find the audio, verify it is the book, place it, tag it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from earmark.library.audio_files import AudioFile, find_audio_files, find_cover_image
from earmark.library.book_info import BookInfo
from earmark.library.errors import (
    ImportRetryable,
    VerificationFailed,
    classify_os_error,
)
from earmark.library.probe import DEFAULT_TIMEOUT_SECONDS, probe_audio
from earmark.library.sidecars import write_cover, write_sidecars
from earmark.library.tagging import TrackPosition, tag_audio_file
from earmark.library.templates import flat_file_names, resolve_target_folder
from earmark.library.transfer import prepare_folder, transfer_file
from earmark.library.verification import Verdict, verify_download
from earmark.rule_codes import ImportRule

__all__ = ["BookInfo", "OrganizeResult", "organize_download"]


@dataclass(frozen=True)
class OrganizeResult:
    target_dir: Path
    files: list[Path]
    file_format: str
    total_size_bytes: int
    hardlinked: bool
    duration_seconds: float
    warnings: list[str] = field(default_factory=list)
    verification_note: str = ""


def organize_download(
    source: Path,
    book: BookInfo,
    library_root: Path,
    *,
    template: str,
    tolerance_percent: float,
    tag_files: bool,
    cover_bytes: bytes | None,
    probe_timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
) -> OrganizeResult:
    """Import `source` (a file or folder) into the library, or raise why it was not imported.

    Raises VerificationFailed (wrong or broken book: blocklist and search again),
    ImportRetryable (nothing there yet, or a passing filesystem problem) or ImportFailed.
    Nothing is written to the library before the download has passed verification.
    """
    audio_files = _discover(source)
    verdict = _verify(audio_files, book, tolerance_percent, probe_timeout_seconds)
    if not library_root.is_dir():
        raise ImportRetryable(
            ImportRule.LIBRARY_UNAVAILABLE,
            f"The library folder {library_root} does not exist or is not mounted; "
            "check the media path setting and the mount.",
        )
    target_dir = resolve_target_folder(template, book, library_root)
    cover = cover_bytes or _cover_from_download(source)
    try:
        placed, warnings = _place(audio_files, target_dir, book, tag_files, cover)
    except OSError as exc:
        raise classify_os_error(exc, "place the download in the library") from exc
    return OrganizeResult(
        target_dir=target_dir,
        files=[path for path, _ in placed],
        file_format=_file_format(audio_files),
        total_size_bytes=sum(path.stat().st_size for path, _ in placed),
        hardlinked=any(linked for _, linked in placed),
        duration_seconds=verdict.duration_seconds,
        warnings=warnings,
        verification_note=verdict.reason,
    )


def _discover(source: Path) -> list[AudioFile]:
    if not source.exists():
        raise ImportRetryable(
            ImportRule.DOWNLOAD_PATH_MISSING,
            f"The download path {source} does not exist (yet); check the path mapping "
            "if this persists.",
        )
    audio_files = find_audio_files(source)
    if not audio_files:
        raise ImportRetryable(
            ImportRule.NO_AUDIO_FILES,
            f"No audio files found in {source} (looked for m4b, m4a, mp4, mp3, flac, ogg, "
            "opus, aac, wma); archives are not unpacked.",
        )
    return audio_files


def _verify(
    audio_files: Sequence[AudioFile], book: BookInfo, tolerance_percent: float, timeout: float
) -> Verdict:
    probes = [(item.path, probe_audio(item.path, timeout_seconds=timeout)) for item in audio_files]
    verdict = verify_download(
        probes, runtime_minutes=book.runtime_minutes, tolerance_percent=tolerance_percent
    )
    if verdict.rule is not None:
        raise VerificationFailed(verdict.rule, verdict.reason)
    return verdict


def _place(
    audio_files: Sequence[AudioFile],
    target_dir: Path,
    book: BookInfo,
    tag_files: bool,
    cover: bytes | None,
) -> tuple[list[tuple[Path, bool]], list[str]]:
    """Transfer, tag and add sidecars; return (target, is-a-hardlink-of-the-source) per file."""
    warnings = prepare_folder(target_dir)
    names = flat_file_names([item.relative for item in audio_files])
    placed: list[tuple[Path, bool]] = []
    for number, (item, name) in enumerate(zip(audio_files, names, strict=True), start=1):
        outcome = transfer_file(item.path, target_dir / name)
        warnings += outcome.warnings
        # A hardlink is the seeding file itself: its bytes must never change.
        linked = outcome.target.samefile(item.path)
        if tag_files and not linked:
            position = TrackPosition(number, len(audio_files))
            warning = tag_audio_file(outcome.target, book, cover=cover, position=position)
            warnings += [warning] if warning else []
        placed.append((outcome.target, linked))
    warnings += _write_extras(target_dir, book, cover)
    return placed, warnings


def _write_extras(target_dir: Path, book: BookInfo, cover: bytes | None) -> list[str]:
    """Sidecars and cover are helpful but optional: a failure is a warning."""
    try:
        write_sidecars(target_dir, book)
        if cover:
            write_cover(target_dir, cover)
    except OSError as exc:
        return [f"Could not write the metadata files or cover: {exc.strerror or exc}"]
    return []


def _cover_from_download(source: Path) -> bytes | None:
    image = find_cover_image(source) if source.is_dir() else None
    if image is None:
        return None
    try:
        return image.read_bytes()
    except OSError:
        return None


def _file_format(audio_files: Sequence[AudioFile]) -> str:
    formats = {item.library_format for item in audio_files}
    return formats.pop() if len(formats) == 1 else "mixed"
