"""Where an NZB comes from (an indexer's link or the document itself) for a usenet client."""

from __future__ import annotations

from dataclasses import dataclass

from earmark.core.errors import InvalidInput

MAX_NZB_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class NzbUrl:
    """A link the usenet client fetches the NZB from itself."""

    url: str


@dataclass(frozen=True)
class NzbFile:
    """An NZB document Earmark already fetched (the usual case: indexer links carry API keys)."""

    data: bytes
    filename: str = "release.nzb"

    def __post_init__(self) -> None:
        if len(self.data) > MAX_NZB_BYTES:
            raise InvalidInput("the NZB is larger than 20 MB; refusing it")
        if b"<nzb" not in self.data[:2048]:
            raise InvalidInput("the release link did not give an NZB document")


NzbSource = NzbUrl | NzbFile


def nzb_filename(title: str) -> str:
    """A file name for the job: the release title without characters paths cannot hold."""
    cleaned = "".join(ch if ch.isalnum() or ch in " ._-()[]" else "_" for ch in title).strip()
    return f"{cleaned[:200] or 'release'}.nzb"

