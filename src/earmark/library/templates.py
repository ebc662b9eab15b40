"""Turn the folder template and a book into a safe folder inside the library root."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from earmark.core.errors import InvalidInput
from earmark.library.audio_files import library_suffix
from earmark.library.book_info import BookInfo
from earmark.library.errors import ImportFailed
from earmark.rule_codes import ImportRule

DEFAULT_TEMPLATE = "{author}/{title}"
PLACEHOLDERS = ("author", "title", "series", "series_position", "year", "narrator", "asin")
# ext4 and most filesystems allow 255 bytes per name; stay well below to leave room for suffixes.
MAX_COMPONENT_BYTES = 180

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_RESERVED_WINDOWS_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{n}" for n in range(1, 10)}
    | {f"LPT{n}" for n in range(1, 10)}
)
_REPLACEMENTS = str.maketrans(
    {":": " - ", "/": "-", "\\": "-", "<": "", ">": "", '"': "", "|": "", "?": "", "*": ""}
)
_EMPTY_BRACKETS = re.compile(r"[(\[]\s*[)\]]")
_DASHES = "-\u2013\u2014"  # hyphen, en dash, em dash
_SEPARATOR_RUN = re.compile(rf"\s*[{_DASHES},;#](?:\s*[{_DASHES},;#])+")
_WHITESPACE = re.compile(r"\s+")
_MARKER = re.compile("\ue000(\\d+)\ue001")
_EDGE_PUNCTUATION = f" {_DASHES},;#_"


def validate_template(template: str) -> None:
    """Raise InvalidInput when the template names a placeholder we do not know."""
    unknown = sorted(set(_PLACEHOLDER.findall(template)) - set(PLACEHOLDERS))
    if unknown:
        known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        names = ", ".join("{" + name + "}" for name in unknown)
        raise InvalidInput(f"Unknown placeholder(s) {names} in the folder template; use {known}.")
    if not _PLACEHOLDER.search(template):
        raise InvalidInput("The folder template needs at least one placeholder, such as {title}.")


def resolve_target_folder(template: str, book: BookInfo, library_root: Path) -> Path:
    """The book's folder under `library_root`; never the root itself, never outside it."""
    try:
        validate_template(template)
    except InvalidInput as exc:
        raise ImportFailed(ImportRule.BAD_TEMPLATE, exc.message) from exc
    relative = render_relative_folder(template, book)
    root = library_root.resolve()
    target = (root / relative).resolve()
    if target == root or not target.is_relative_to(root):
        raise ImportFailed(
            ImportRule.BAD_TEMPLATE,
            f"The folder template gave {str(relative)!r}, which is not a folder inside the "
            f"library {root}; check the template and any symbolic links in the library.",
        )
    return target


def render_relative_folder(template: str, book: BookInfo) -> PurePosixPath:
    """Substitute the book into each template segment; segments left empty disappear."""
    values = placeholder_values(book)
    segments = re.split(r"[/\\]", template)
    rendered = [_render_segment(segment, values) for segment in segments]
    return PurePosixPath(*[segment for segment in rendered if segment])


def placeholder_values(book: BookInfo) -> dict[str, str]:
    """Sanitized value of each placeholder; author and title are never empty."""
    raw = {
        "author": book.author,
        "title": book.title,
        "series": book.series,
        "series_position": book.series_position,
        "year": str(book.year) if book.year else None,
        "narrator": book.narrator,
        "asin": book.asin,
    }
    values = {name: sanitize_component(value or "") for name, value in raw.items()}
    values["author"] = values["author"] or "Unknown Author"
    values["title"] = values["title"] or "Untitled"
    return values


def sanitize_component(text: str, max_bytes: int = MAX_COMPONENT_BYTES) -> str:
    """One safe path component: no separators, control characters, dot names or reserved names."""
    cleaned = "".join(_safe_character(char) for char in unicodedata.normalize("NFC", text))
    cleaned = _WHITESPACE.sub(" ", cleaned.translate(_REPLACEMENTS)).strip(" .")
    if cleaned.split(".")[0].strip().upper() in _RESERVED_WINDOWS_NAMES:
        cleaned = "_" + cleaned
    return _truncate_utf8(cleaned, max_bytes).strip(" .")


def flat_file_names(relatives: Sequence[PurePosixPath]) -> list[str]:
    """Target file names in one flat folder, keeping disc order and never colliding.

    Files from several folders (CD1/, CD2/) get their folder names as a prefix so that the
    flattened names still sort in listening order; any clash left gets " (2)", " (3)"...
    """
    folders = {relative.parent for relative in relatives}
    shared = _common_parent(list(folders))
    names = []
    for relative in relatives:
        parts = relative.parts[len(shared.parts) :] if len(folders) > 1 else (relative.name,)
        stem = "-".join([*parts[:-1], PurePosixPath(parts[-1]).stem])
        names.append((stem, library_suffix(relative)))
    return _unique_names(names)


def _render_segment(segment: str, values: dict[str, str]) -> str:
    # Values stand in as opaque markers while the template's own text is tidied, so a title
    # such as "#1 Fan - Part -" keeps its punctuation; values cannot contain the marker characters.
    kept: list[str] = []

    def mark(match: re.Match[str]) -> str:
        value = values.get(match.group(1), "")
        if not value:
            return ""
        kept.append(value)
        return f"\ue000{len(kept) - 1}\ue001"

    text = _PLACEHOLDER.sub(mark, segment)
    text = _EMPTY_BRACKETS.sub("", text)
    text = _SEPARATOR_RUN.sub(lambda match: _last_separator(match.group(0)), text)
    text = _WHITESPACE.sub(" ", text).strip(_EDGE_PUNCTUATION)
    text = _MARKER.sub(lambda match: kept[int(match.group(1))], text)
    return sanitize_component(text)


def _last_separator(run: str) -> str:
    separator = run.strip()[-1]
    if separator in _DASHES:
        return f" {separator}"
    if separator == "#":
        return " #"
    return separator


def _safe_character(char: str) -> str:
    category = unicodedata.category(char)
    if category == "Cc":
        return " "
    # Format, private-use and unassigned characters (zero-width spaces, BOMs) vanish.
    return "" if category.startswith("C") else char


def _truncate_utf8(text: str, max_bytes: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", errors="ignore")


def _common_parent(folders: list[PurePosixPath]) -> PurePosixPath:
    if not folders:
        return PurePosixPath()
    shared: list[str] = []
    for parts in zip(*(folder.parts for folder in folders), strict=False):
        if len(set(parts)) != 1:
            break
        shared.append(parts[0])
    return PurePosixPath(*shared)


def _unique_names(names: list[tuple[str, str]]) -> list[str]:
    taken: Counter[str] = Counter()
    result = []
    for stem, suffix in names:
        base = sanitize_component(stem, MAX_COMPONENT_BYTES - len(suffix.encode())) or "track"
        candidate, copy_number = base, 1
        while taken[(candidate + suffix).casefold()]:
            copy_number += 1
            candidate = f"{base} ({copy_number})"
        taken[(candidate + suffix).casefold()] += 1
        result.append(candidate + suffix)
    return result
