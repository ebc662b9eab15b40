"""Ebook formats: which one a release title names, and which one a file really is (by content).

A file's extension is never trusted alone: EPUB is a zip whose first entry `mimetype` says
`application/epub+zip`, PDF starts with `%PDF`, MOBI and AZW3 (KF8) carry `BOOKMOBI` at byte 60
(the extension then tells the two apart, as both readers accept either).
"""

from __future__ import annotations

import re
import zipfile
from enum import StrEnum
from pathlib import Path


class EbookFormat(StrEnum):
    EPUB = "epub"
    AZW3 = "azw3"
    MOBI = "mobi"
    PDF = "pdf"


DEFAULT_ORDER: tuple[EbookFormat, ...] = (
    EbookFormat.EPUB,
    EbookFormat.AZW3,
    EbookFormat.MOBI,
    EbookFormat.PDF,
)
EPUB_MIMETYPE = b"application/epub+zip"
MOBI_MAGIC = b"BOOKMOBI"
MOBI_MAGIC_OFFSET = 60
_WORD = re.compile(r"[a-z0-9]+")
_NAMES = frozenset(fmt.value for fmt in EbookFormat)


def formats_named(title: str) -> tuple[EbookFormat, ...]:
    """Formats a release title names ("[EPUB]", "book.epub", "PDF + MOBI"), in title order."""
    found: list[EbookFormat] = []
    for word in _WORD.findall(title.lower()):
        if word in _NAMES and EbookFormat(word) not in found:
            found.append(EbookFormat(word))
    return tuple(found)


def content_format(path: Path) -> EbookFormat | None:
    """The format the file's bytes prove, or None (not an ebook, or damaged)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(MOBI_MAGIC_OFFSET + len(MOBI_MAGIC))
    except OSError:
        return None
    if head.startswith(b"%PDF"):
        return EbookFormat.PDF
    if head[MOBI_MAGIC_OFFSET:] == MOBI_MAGIC:
        return EbookFormat.AZW3 if path.suffix.lower() == ".azw3" else EbookFormat.MOBI
    if head.startswith(b"PK") and _is_epub(path):
        return EbookFormat.EPUB
    return None


def _is_epub(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if not names or names[0] != "mimetype":
                return False
            return archive.read("mimetype").strip() == EPUB_MIMETYPE
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def extension_format(path: Path) -> EbookFormat | None:
    suffix = path.suffix.lower().lstrip(".")
    return EbookFormat(suffix) if suffix in _NAMES else None


def verified_files(root: Path) -> list[tuple[Path, EbookFormat]]:
    """Files under `root` (a file or a folder) whose content is the ebook format they claim."""
    candidates = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    found: list[tuple[Path, EbookFormat]] = []
    for path in candidates:
        claimed = extension_format(path)
        if claimed is None:
            continue
        proven = content_format(path)
        same_family = {claimed, proven} <= {EbookFormat.MOBI, EbookFormat.AZW3}
        if proven is not None and (proven == claimed or same_family):
            found.append((path, claimed))
    return found
