"""Payload folders of random bytes and .torrent files (torf) announcing to the local tracker."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import torf


@dataclass(frozen=True)
class MadeTorrent:
    info_hash: str
    data: bytes
    magnet: str
    payload: Path  # the file or folder the torrent describes

    @property
    def payload_parent(self) -> Path:
        """What a client's save path must be to find (seed) the payload in place."""
        return self.payload.parent


def make_payload(folder: Path, name: str, file_sizes: dict[str, int]) -> Path:
    """A folder `name` inside `folder` holding files of random bytes of the given sizes."""
    root = folder / name
    root.mkdir(parents=True, exist_ok=True)
    for relative, size in file_sizes.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(os.urandom(size))
    return root


def make_torrent(payload: Path, announce_url: str, comment: str = "earmark test") -> MadeTorrent:
    """Public (private=False): Transmission serves no magnet metadata for private torrents."""
    torrent = torf.Torrent(
        path=payload,
        trackers=[announce_url],
        private=False,
        comment=comment,
        created_by="earmark tests",
    )
    torrent.generate()
    return MadeTorrent(
        info_hash=str(torrent.infohash).lower(),
        data=bytes(torrent.dump()),
        magnet=str(torrent.magnet(size=False)),
        payload=payload,
    )


def file_digests(root: Path) -> dict[str, str]:
    """sha256 of every file under `root` (or of `root` itself), keyed by relative path."""
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    return {
        str(path.relative_to(root.parent)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in files
    }
