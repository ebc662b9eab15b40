"""Usenet releases for the e2e stack: generated audio posted to INN as yEnc articles, the NZB
served by the fake Prowlarr from a usenet indexer, and SABnzbd or NZBGet chosen as the client.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from earmark.demo.fakes.prowlarr import FakeRelease
from earmark.demo.parts.audio import make_audiobook
from earmark.demo.releases import ADVERTISED_SIZE_BYTES, CatalogBook
from earmark.demo.stack import PROWLARR_INDEXER_ID, PROWLARR_INDEXER_NAME, EarmarkStack
from tests.harness.usenet import NewsServer, NzbgetDaemon, SabnzbdDaemon

USENET_INDEXER_ID = 8
USENET_INDEXER_NAME = "LoopbackUsenet"
CONFIG_CACHE_SECONDS = 5.5  # Earmark's processes re-read settings after 5 s
_numbers = itertools.count(1)


@dataclass(frozen=True)
class UsenetRelease:
    name: str
    listing: FakeRelease
    audio_files: list[Path]


def add_usenet_indexer(stack: EarmarkStack) -> None:
    """A usenet indexer beside the torrent one, both selected for searches."""
    if USENET_INDEXER_ID in stack.prowlarr.indexers:
        return
    stack.prowlarr.add_indexer(USENET_INDEXER_ID, USENET_INDEXER_NAME, protocol="usenet")
    stack.db.config.set_many(
        {
            "indexer.prowlarr_indexers": [
                {"id": PROWLARR_INDEXER_ID, "name": PROWLARR_INDEXER_NAME, "priority": 25},
                {"id": USENET_INDEXER_ID, "name": USENET_INDEXER_NAME, "priority": 25},
            ]
        }
    )


def use_usenet_client(stack: EarmarkStack, client: SabnzbdDaemon | NzbgetDaemon) -> None:
    """Configure `client` as the usenet client beside qBittorrent; wait for Earmark to see it."""
    if isinstance(client, SabnzbdDaemon):
        values: dict[str, object] = {
            "usenet_client.type": "sabnzbd",
            "usenet_client.sabnzbd_url": client.url,
            "usenet_client.sabnzbd_api_key": client.api_key,
        }
    else:
        values = {
            "usenet_client.type": "nzbget",
            "usenet_client.nzbget_url": client.url,
            "usenet_client.nzbget_username": client.username,
            "usenet_client.nzbget_password": client.password,
        }
    stack.db.config.set_many(values)
    time.sleep(CONFIG_CACHE_SECONDS)


def publish_usenet_release(
    stack: EarmarkStack,
    news: NewsServer,
    book: CatalogBook,
    *,
    missing_articles: int = 0,
    age_days: int = 30,
) -> UsenetRelease:
    """Post a generated copy of `book` to the news server and list its NZB on the fake Prowlarr."""
    number = next(_numbers)
    name = f"{book.author} - {book.title} [MP3] NZB{number:03d}"
    folder = stack.workdir / "usenet-posts" / name
    audio = make_audiobook(
        folder,
        title=book.title,
        author=book.author,
        duration_seconds=book.runtime_minutes * 60,
        tracks=2,
    )
    nzb = news.post_release(audio, name, missing=missing_articles)
    file_id = f"nzb-{number:03d}-{book.asin}"
    stack.prowlarr.add_file(file_id, nzb)
    listing = FakeRelease(
        title=name,
        indexer_id=USENET_INDEXER_ID,
        size_bytes=ADVERTISED_SIZE_BYTES,
        seeders=None,
        leechers=None,
        protocol="usenet",
        file_id=file_id,
        publish_date=datetime.now(UTC) - timedelta(days=age_days),
        guid=f"e2e-{file_id}",
    )
    stack.prowlarr.add_release(listing)
    return UsenetRelease(name=name, listing=listing, audio_files=audio)
