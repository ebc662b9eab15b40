"""Paths as the media server sees them, when it mounts the library folder elsewhere than we do.

In Docker setups Earmark may write to /media/audiobooks while Plex reads the same folder as
/data/audiobooks (or D:\\Audiobooks): a folder we imported into must be re-rooted before it is
compared with Plex's file paths or sent to Plex as the folder to scan.
"""

from __future__ import annotations

import re

_REPEATED_SLASHES = re.compile(r"/{2,}")


def to_server_path(path: str, local_root: str, server_root: str) -> str:
    """`path` below `local_root` moved under `server_root`; any other path comes back unchanged."""
    local = _plain(local_root)
    server = server_root.strip().rstrip("/\\")
    item = _plain(path)
    if not (local and server and item):
        return path
    head, rest = item[: len(local)], item[len(local) :]
    if head.casefold() != local.casefold() or (rest and not rest.startswith("/")):
        return path
    # A Windows server root ("D:\Audiobooks") gets Windows separators below it too.
    separator = "\\" if "\\" in server and "/" not in server else "/"
    return server + rest.replace("/", separator)


def _plain(path: str) -> str:
    return _REPEATED_SLASHES.sub("/", path.strip().replace("\\", "/")).rstrip("/")
