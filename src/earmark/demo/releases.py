"""Catalog books for a stack and real releases of them: generated audio, a torrent, a seeder.

A published release is a folder of ffmpeg-made audio (optionally of the wrong length), a .torrent
announcing to the loopback tracker, seeded by transmission-daemon, and listed by the fake
Prowlarr (in its search results, its RSS feed, or both) with the .torrent as its download.
"""

from __future__ import annotations

import itertools
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from earmark.demo.fakes.audible_products import FakeProduct
from earmark.demo.fakes.prowlarr import FakeRelease
from earmark.demo.parts.audio import AudioFormat, make_audiobook
from earmark.demo.parts.ebooks import make_epub
from earmark.demo.parts.seeding import seed_with_transmission, transmission_rpc_for
from earmark.demo.parts.torrents import MadeTorrent, make_torrent
from earmark.demo.stack import PROWLARR_INDEXER_ID, EarmarkStack

# Generated books are minutes long (fast to encode and seed) where real ones run for hours.
BOOK_RUNTIME_MINUTES = 2
# Indexers report sizes of hours-long books; the ranking's size floor expects that, so the fake
# advertises a realistic size while the real payload stays small.
ADVERTISED_SIZE_BYTES = 96 * 1024 * 1024
_release_numbers = itertools.count(1)


@dataclass(frozen=True)
class CatalogBook:
    asin: str
    title: str
    author: str
    runtime_minutes: int


@dataclass(frozen=True)
class PublishedRelease:
    name: str
    torrent: MadeTorrent
    listing: FakeRelease
    audio_files: list[Path]

    @property
    def info_hash(self) -> str:
        return self.torrent.info_hash


def _is_plain(product: FakeProduct, title_counts: Counter[str]) -> bool:
    """One English author, no subtitle or series, a title no other product has."""
    data = product.audible
    return (
        product.is_released_book
        and data["language"] == "english"
        and len(data["authors"]) == 1
        and "subtitle" not in data
        and not data["series"]
        and product.audnexus is not None
        and title_counts[data["title"]] == 1
    )


def prepare_catalog_books(stack: EarmarkStack, count: int) -> list[CatalogBook]:
    """The best-selling plain books of the fake catalog, shortened to a few minutes each.

    Call before the catalog refresh: the runtime Earmark caches is what verification checks.
    """
    products: list[FakeProduct] = stack.audible_app.state.products
    title_counts = Counter(p.audible["title"] for p in products)
    plain = [
        p for p in sorted(products, key=lambda p: p.bestseller_rank) if _is_plain(p, title_counts)
    ]
    if len(plain) < count:
        raise RuntimeError(f"the fake catalog has only {len(plain)} plain books; {count} wanted")
    books = []
    for product in plain[:count]:
        product.audible["runtime_length_min"] = BOOK_RUNTIME_MINUTES
        assert product.audnexus is not None
        product.audnexus["runtimeLengthMin"] = BOOK_RUNTIME_MINUTES
        books.append(
            CatalogBook(
                asin=product.asin,
                title=product.audible["title"],
                author=product.audible["authors"][0]["name"],
                runtime_minutes=BOOK_RUNTIME_MINUTES,
            )
        )
    return books


@dataclass(frozen=True)
class ReleaseSpec:
    """How a release differs from a perfect copy of the book."""

    fmt: AudioFormat = "mp3"
    tracks: int = 2
    duration_factor: float = 1.0  # 0.5 = half the book: the wrong length
    seeders: int = 12
    flags: tuple[str, ...] = ()
    padding_bytes: int = 0  # a non-audio extra that makes the download take longer
    upload_limit_kib: int | None = None  # the seeder's rate for this torrent
    in_search: bool = True
    in_rss: bool = False
    # A magnet-only tracker's release: Prowlarr lists no download link, only a magnet proxy link.
    magnet_only: bool = False


def publish_release(stack: EarmarkStack, book: CatalogBook, spec: ReleaseSpec) -> PublishedRelease:
    """Make, seed and list one release of `book` (the seeder announces before anyone asks)."""
    assert stack.tracker is not None and stack.seeder is not None, "BitTorrent is not running"
    number = next(_release_numbers)
    name = f"{book.author} - {book.title} [{spec.fmt.upper()}] EM{number:03d}"
    folder = stack.seed_dir / name
    audio = make_audiobook(
        folder,
        title=book.title,
        author=book.author,
        duration_seconds=book.runtime_minutes * 60 * spec.duration_factor,
        fmt=spec.fmt,
        tracks=spec.tracks,
    )
    if spec.padding_bytes:
        (folder / "Extras").mkdir()
        (folder / "Extras" / "booklet.pdf").write_bytes(os.urandom(spec.padding_bytes))
    torrent = make_torrent(folder, stack.tracker.announce_url, comment=name)
    stack.tracker.allow([torrent.info_hash])
    rpc = transmission_rpc_for(stack.seeder)
    seed_with_transmission(rpc, torrent)
    if spec.upload_limit_kib is not None:
        rpc.change_torrent(
            torrent.info_hash, upload_limit=spec.upload_limit_kib, upload_limited=True
        )
    listing = _list_on_prowlarr(stack, name, torrent, spec)
    return PublishedRelease(name=name, torrent=torrent, listing=listing, audio_files=audio)


def _list_on_prowlarr(
    stack: EarmarkStack, name: str, torrent: MadeTorrent, spec: ReleaseSpec
) -> FakeRelease:
    file_id = torrent.info_hash
    if not spec.magnet_only:
        stack.prowlarr.add_file(file_id, torrent.data)
    listing = FakeRelease(
        title=name,
        indexer_id=PROWLARR_INDEXER_ID,
        size_bytes=max(ADVERTISED_SIZE_BYTES, spec.padding_bytes),
        seeders=spec.seeders,
        leechers=0,
        flags=spec.flags,
        file_id=None if spec.magnet_only else file_id,
        magnet_url=torrent.magnet if spec.magnet_only else None,
        info_hash=torrent.info_hash,
        guid=f"e2e-{file_id}",
    )
    if spec.in_search:
        stack.prowlarr.add_release(listing)
    if spec.in_rss:
        stack.prowlarr.add_rss_item(listing)
    return listing


EBOOK_SIZE_BYTES = 3 * 1024 * 1024


def publish_ebook(stack: EarmarkStack, book: CatalogBook, fmt: str = "EPUB") -> PublishedRelease:
    """Make, seed and list an EPUB of `book` in Prowlarr's ebook category (7020 Books/EBook)."""
    assert stack.tracker is not None and stack.seeder is not None, "BitTorrent is not running"
    number = next(_release_numbers)
    name = f"{book.author} - {book.title} [{fmt}] EB{number:03d}"
    folder = stack.seed_dir / name
    epub = make_epub(folder / f"{book.title}.epub", title=book.title, author=book.author)
    torrent = make_torrent(folder, stack.tracker.announce_url, comment=name)
    stack.tracker.allow([torrent.info_hash])
    seed_with_transmission(transmission_rpc_for(stack.seeder), torrent)
    stack.prowlarr.add_file(torrent.info_hash, torrent.data)
    listing = FakeRelease(
        title=name, indexer_id=PROWLARR_INDEXER_ID, size_bytes=EBOOK_SIZE_BYTES, seeders=8,
        leechers=0, categories=(7020,), file_id=torrent.info_hash, info_hash=torrent.info_hash,
        guid=f"e2e-{torrent.info_hash}",
    )  # fmt: skip
    stack.prowlarr.add_release(listing)
    return PublishedRelease(name=name, torrent=torrent, listing=listing, audio_files=[epub])


def remove_upload_limit(stack: EarmarkStack, releases: Sequence[PublishedRelease]) -> None:
    assert stack.seeder is not None
    rpc = transmission_rpc_for(stack.seeder)
    rpc.change_torrent([r.info_hash for r in releases], upload_limited=False)
