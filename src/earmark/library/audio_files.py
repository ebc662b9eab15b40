"""Find a download's audio files (and cover image) in listening order, skipping extras."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

AUDIO_EXTENSIONS = frozenset(
    {".m4b", ".m4a", ".mp4", ".mp3", ".flac", ".ogg", ".opus", ".aac", ".wma"}
)
# MP4 audio is the M4B container under a video extension; Plex's music scanner skips .mp4
# files, so they are placed as .m4b (a rename only: a hardlinked file keeps its bytes).
_LIBRARY_SUFFIXES = {".mp4": ".m4b"}
COVER_STEMS = frozenset({"cover", "folder", "art"})
COVER_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png"})

_EXTRA_WORDS = re.compile(r"(?<![a-z0-9])(samples?|previews?|trailers?)(?![a-z0-9])", re.IGNORECASE)
_DIGIT_RUNS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class AudioFile:
    path: Path
    relative: PurePosixPath
    size_bytes: int

    @property
    def library_format(self) -> str:
        """The format as placed in the library ("m4b" for an .mp4 download)."""
        return library_suffix(self.relative).lstrip(".")


def library_suffix(path: PurePosixPath) -> str:
    suffix = path.suffix.lower()
    return _LIBRARY_SUFFIXES.get(suffix, suffix)


def find_audio_files(source: Path) -> list[AudioFile]:
    """Audio files of a download (a single file or a folder), in natural listening order.

    Hidden, empty and symlinked files are ignored (a symlink could point anywhere on the host).
    Samples, previews and trailers are dropped, unless that would drop everything: then the word
    belongs to the book's own name.
    """
    candidates = [
        AudioFile(path, relative, size)
        for path, relative, size in _regular_files(source)
        if path.suffix.lower() in AUDIO_EXTENSIONS and size > 0
    ]
    main_files = [f for f in candidates if not _looks_like_extra(f.relative)]
    chosen = main_files or candidates
    return sorted(chosen, key=lambda f: natural_key(f.relative))


def find_cover_image(source: Path) -> Path | None:
    """The download's cover image (cover/folder/art .jpg/.png), the shallowest one if several."""
    covers = [
        path
        for path, relative, size in _regular_files(source)
        if size > 0
        and path.suffix.lower() in COVER_EXTENSIONS
        and path.stem.lower() in COVER_STEMS
        and not _looks_like_extra(relative)
    ]
    if not covers:
        return None
    return min(covers, key=lambda p: (len(p.parts), natural_key(PurePosixPath(p.name))))


def natural_key(relative: PurePosixPath) -> tuple[tuple[tuple[int, int | str], ...], ...]:
    """Sort key ordering "Disc 2" before "Disc 10" and "CD1/Track 9" before "CD1/Track 10"."""
    return tuple(_component_key(part) for part in relative.parts)


def _component_key(text: str) -> tuple[tuple[int, int | str], ...]:
    pieces: list[tuple[int, int | str]] = []
    for piece in _DIGIT_RUNS.split(text.casefold()):
        if not piece:
            continue
        pieces.append((0, int(piece)) if piece.isdigit() else (1, piece))
    return tuple(pieces)


def _looks_like_extra(relative: PurePosixPath) -> bool:
    names = [*relative.parts[:-1], PurePosixPath(relative.parts[-1]).stem]
    return any(_EXTRA_WORDS.search(name) for name in names)


def _regular_files(source: Path) -> list[tuple[Path, PurePosixPath, int]]:
    """(path, path relative to the download, size) of every visible regular file; no symlinks."""
    if source.is_symlink():
        return []
    if source.is_file():
        return _visible_file(source, PurePosixPath(source.name))
    found: list[tuple[Path, PurePosixPath, int]] = []
    # An unreadable folder is treated as empty: the files may still be arriving.
    for folder, subfolders, names in os.walk(source, onerror=None, followlinks=False):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        base = Path(folder)
        for name in names:
            path = base / name
            found += _visible_file(path, PurePosixPath(path.relative_to(source).as_posix()))
    return found


def _visible_file(path: Path, relative: PurePosixPath) -> list[tuple[Path, PurePosixPath, int]]:
    if path.name.startswith(".") or path.is_symlink():
        return []
    try:
        status = path.stat()
    except OSError:
        return []
    if not stat.S_ISREG(status.st_mode):
        return []
    return [(path, relative, status.st_size)]
