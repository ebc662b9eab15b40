"""Maps paths between the download client's view (/downloads) and Earmark's (/data/downloads)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from earmark.core.errors import InvalidInput

_FORBIDDEN_CHARACTERS = frozenset('<>"|?*')


def normalise(path: str) -> str:
    """Forward slashes, no `.`/`..`/duplicate separators, no trailing slash (except the root)."""
    forward = path.replace("\\", "/")
    drive = ""
    if _has_drive(forward):
        drive, forward = forward[:2].upper(), forward[2:] or "/"
    cleaned = posixpath.normpath(forward) if forward else ""
    if cleaned.startswith("//"):
        cleaned = "/" + cleaned.lstrip("/")
    return drive + cleaned


def is_within(path: str, folder: str) -> bool:
    """`path` is `folder` or inside it, comparing whole segments ("/downloads2" is not inside)."""
    child, parent = normalise(path), normalise(folder)
    if _has_drive(parent):
        # Windows paths are case-insensitive.
        child, parent = child.lower(), parent.lower()
    if child == parent:
        return True
    prefix = parent if parent.endswith("/") else parent + "/"
    return child.startswith(prefix)


def _has_drive(path: str) -> bool:
    return len(path) >= 2 and path[1] == ":"


def _remainder(path: str, folder: str) -> str:
    return normalise(path)[len(normalise(folder)) :].lstrip("/")


@dataclass(frozen=True)
class PathMapping:
    """One prefix pair: `remote` as the client sees it, `local` as Earmark sees the same folder."""

    remote: str
    local: str

    def __post_init__(self) -> None:
        for label, value in (("client path", self.remote), ("Earmark path", self.local)):
            if not value.strip():
                raise InvalidInput(f"the {label} of a path mapping must not be empty")
            if _FORBIDDEN_CHARACTERS.intersection(value):
                raise InvalidInput(f'the {label} must not contain any of < > " | ? *')

    def to_local(self, client_path: str) -> str:
        """The client's path as Earmark sees it; paths outside `remote` are returned normalised."""
        if not is_within(client_path, self.remote):
            return normalise(client_path)
        remainder = _remainder(client_path, self.remote)
        local = normalise(self.local)
        return posixpath.join(local, remainder) if remainder else local

    def to_remote(self, local_path: str) -> str:
        """Earmark's path as the client sees it, in the client's separator style."""
        if not is_within(local_path, self.local):
            return local_path
        separator = "\\" if "\\" in self.remote else "/"
        remote = self.remote.rstrip("/\\") or separator
        remainder = _remainder(local_path, self.local)
        if not remainder:
            return remote
        joined = remainder.replace("/", separator)
        return remote + joined if remote.endswith(separator) else remote + separator + joined


def map_to_local(mapping: PathMapping | None, client_path: str) -> str:
    """Apply an optional mapping (no mapping: the client and Earmark share paths)."""
    return mapping.to_local(client_path) if mapping else client_path
