"""The Indexer protocol and the frozen records every indexer adapter returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from earmark.integrations.errors import IntegrationError
from earmark.integrations.reports import ConnectionReport

ReleaseProtocol = Literal["torrent", "usenet"]
AUDIOBOOK_CATEGORY = 3030


class IndexersUnavailable(IntegrationError):
    """The aggregator can search none of the selected indexers now (all disabled or blocked
    after failures): wait and search again later, showing the aggregator's own words."""

    code = "IndexersUnavailable"
    transient = True


@dataclass(frozen=True)
class Release:
    """One search or RSS result; `flags` are indexer flags such as 'freeleech' (lower-case).

    `download_url` and `magnet_url` are as the aggregator gave them minus any API key: with
    Prowlarr both are usually proxy links to Prowlarr (`magnet_url` too), resolved by `fetch`.
    """

    guid: str
    title: str
    size_bytes: int
    seeders: int | None
    leechers: int | None
    indexer: str
    indexer_id: int | None
    protocol: ReleaseProtocol
    download_url: str | None
    magnet_url: str | None
    info_hash: str | None
    publish_date: datetime | None
    categories: tuple[int, ...] = ()
    flags: tuple[str, ...] = ()
    info_url: str | None = None
    # How often the release was downloaded from the indexer (usenet indexers report it).
    grabs: int | None = None


@dataclass(frozen=True)
class IndexerInfo:
    """An indexer as configured in the aggregator (shown on the settings page)."""

    id: int
    name: str
    protocol: ReleaseProtocol
    enabled: bool
    priority: int
    supports_rss: bool
    privacy: str = "unknown"


@dataclass(frozen=True)
class ReleaseFile:
    """What a release's download link gave: .torrent bytes, an NZB document, or a magnet link."""

    kind: Literal["torrent", "nzb", "magnet"]
    content: bytes = b""
    magnet_url: str | None = None


class Indexer(Protocol):
    """A search aggregator (Prowlarr); every call has a timeout and raises IntegrationError."""

    name: str

    def search(
        self, query: str, categories: tuple[int, ...], indexer_ids: tuple[int, ...]
    ) -> list[Release]:
        """Search only the given indexers (never 'all'), in the given categories.

        Raises IndexersUnavailable when none of them can be searched now.
        """
        ...

    def rss(self, indexer_ids: tuple[int, ...]) -> list[Release]:
        """Latest items of each indexer's feed; a failing feed is skipped, not fatal."""
        ...

    def list_indexers(self) -> list[IndexerInfo]: ...

    def fetch(self, release: Release) -> ReleaseFile:
        """Download the release's .torrent/.nzb (or the magnet it redirects to)."""
        ...

    def test(self) -> ConnectionReport:
        """Check URL and key; never raises for integration failures."""
        ...
