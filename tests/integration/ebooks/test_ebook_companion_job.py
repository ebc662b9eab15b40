"""The ebook_companion job end to end against the fake Prowlarr (book categories, real shapes)
and the in-memory download client: search, grab, follow, verify by content, place beside the
audiobook; and every way it can end without touching the audiobook request."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from earmark.db.engine import transaction
from earmark.demo.fakes.prowlarr import FakeProwlarr, FakeRelease
from earmark.demo.fakes.server import serve_app
from earmark.demo.parts.ebooks import make_epub
from earmark.demo.parts.torrents import make_torrent
from earmark.downloads.service import Handed
from earmark.ebooks.models import EbookCompanion
from earmark.ebooks.states import EbookStatus
from earmark.jobs.registry import job_registry
from earmark.queue.runner import JobRunner
from earmark.requests.models import Audiobook, Request
from earmark.rule_codes import EbookRule
from earmark.wiring import Services
from tests.fakes.memory_download_client import MemoryDownloadClient
from tests.support import SignedIn, add_catalog_book, make_user

ASIN = "B08G9PRS1K"
MIB = 1024 * 1024


class ShiftedClock:
    """Real time plus a shift a test moves forward (rescheduled jobs become due)."""

    def __init__(self) -> None:
        self.shift = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.shift


@dataclass
class World:
    services: Services
    client: TestClient
    prowlarr: FakeProwlarr
    torrents: MemoryDownloadClient
    runner: JobRunner
    clock: ShiftedClock
    alice: SignedIn
    tmp: Path
    payloads: dict[str, dict[str, bytes]] = field(default_factory=dict)

    def finish(self, info_hash: str) -> None:
        """The client completes the download: the published files appear in its folder."""
        self.torrents.complete(info_hash, self.payloads[info_hash])

    def drain(self, after: timedelta = timedelta()) -> None:
        self.clock.shift += after
        for _ in range(50):
            if not self.runner.run_next("test-worker"):
                return

    def companion(self) -> EbookCompanion:
        with self.services.sessions() as session:
            return session.scalars(select(EbookCompanion)).one()

    def request(self) -> Request:
        with self.services.sessions() as session:
            return session.scalars(select(Request)).one()

    def publish_ebook(self, title: str, files: dict[str, bytes], **options: object) -> str:
        folder = self.tmp / "seed" / title
        for name, data in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        torrent = make_torrent(folder, "http://127.0.0.1:1/announce")
        self.prowlarr.add_file(torrent.info_hash, torrent.data)
        self.payloads[torrent.info_hash] = files
        self.prowlarr.add_release(
            FakeRelease(title, 2, size_bytes=3 * MIB, categories=(7020, 100012),
                        file_id=torrent.info_hash, info_hash=torrent.info_hash, **options)  # type: ignore[arg-type]
        )  # fmt: skip
        return torrent.info_hash

    def ask(self) -> dict[str, object]:
        response = self.client.post(
            "/api/requests", json={"asin": ASIN, "ebook": True}, headers=self.alice.headers
        )
        assert response.status_code == 201, response.text
        request_id = response.json()["id"]
        ebook = self.client.get(f"/api/requests/{request_id}/ebook", headers=self.alice.headers)
        assert ebook.status_code == 200, ebook.text
        body: dict[str, object] = ebook.json()
        return body

    def import_audiobook(self) -> Path:
        """What the audiobook import leaves: the book's folder on record."""
        folder = self.tmp / "library" / "Andy Weir" / "Project Hail Mary"
        folder.mkdir(parents=True)
        with transaction(self.services.sessions) as session:
            book = session.scalars(select(Audiobook)).one()
            book.file_path = str(folder)
        return folder


@pytest.fixture
def world(
    services: Services, client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[World]:
    prowlarr = FakeProwlarr()
    prowlarr.add_indexer(1, "AudioBookBay")
    prowlarr.add_indexer(2, "BookTracker")
    torrents = MemoryDownloadClient(str(tmp_path / "downloads"))
    handler = "earmark.jobs.handlers.ebook_companion"

    def send(_services: Services, source: object) -> Handed:
        return Handed(torrents.name, torrents.add(source, "earmark", None))  # type: ignore[arg-type]

    monkeypatch.setattr(f"{handler}.send_to_client", send)
    monkeypatch.setattr(f"{handler}.client_for", lambda _services, _protocol: torrents)
    add_catalog_book(services, ASIN, "Project Hail Mary", "Andy Weir", "Ray Porter")
    with serve_app(prowlarr.app()) as url:
        services.config.set_many(
            {
                "indexer.prowlarr_url": url,
                "indexer.prowlarr_api_key": prowlarr.api_key,
                "indexer.prowlarr_indexers": [
                    {"id": 1, "name": "AudioBookBay", "priority": 10},
                    {"id": 2, "name": "BookTracker", "priority": 10},
                ],
                "ebooks.enabled": True,
            }
        )
        clock = ShiftedClock()
        runner = JobRunner(services.sessions, job_registry(), resources=services, clock=clock)
        alice = make_user(services, client.app, "alice")
        yield World(services, client, prowlarr, torrents, runner, clock, alice, tmp_path)


def test_the_epub_is_fetched_verified_and_placed_beside_the_audiobook(world: World) -> None:
    epub = make_epub(world.tmp / "src.epub", title="Project Hail Mary", author="Andy Weir")
    pdf_hash = world.publish_ebook(
        "Project Hail Mary - Andy Weir [PDF]", {"Project Hail Mary.pdf": b"%PDF-1.7\n"}
    )
    epub_hash = world.publish_ebook(
        "Andy Weir - Project Hail Mary (2021) [EPUB]",
        {"Project Hail Mary.epub": epub.read_bytes(), "cover.jpg": b"\xff\xd8\xff"},
        seeders=3,
    )
    assert world.ask()["label"] == "searching"

    world.drain()
    row = world.companion()
    assert row.status is EbookStatus.DOWNLOADING
    assert row.release_title == "Andy Weir - Project Hail Mary (2021) [EPUB]"
    assert row.download_client_id == epub_hash != pdf_hash
    # The search asked Prowlarr's book categories only.
    ebook_search = [c for c in world.prowlarr.search_calls if ("categories", "7020") in c]
    assert ebook_search and all(("categories", "3030") not in c for c in ebook_search)

    world.torrents.progress(epub_hash, 0.4)
    world.drain(timedelta(seconds=20))
    assert world.companion().progress == 40
    answer = world.client.get(
        f"/api/requests/{world.request().id}/ebook", headers=world.alice.headers
    ).json()
    assert answer["label"] == "downloading 40%"

    world.finish(epub_hash)
    world.drain(timedelta(seconds=20))
    assert world.companion().status is EbookStatus.WAITING  # the audiobook is not imported yet

    folder = world.import_audiobook()
    world.drain(timedelta(minutes=1))
    row = world.companion()
    assert row.status is EbookStatus.READY, row.error_message
    placed = folder / "Project Hail Mary.epub"
    assert row.file_path == str(placed) and row.file_format == "epub"
    assert placed.read_bytes() == epub.read_bytes()
    assert not (folder / "cover.jpg").exists()


def test_an_ebook_folder_setting_places_it_under_author_and_title(world: World) -> None:
    epub = make_epub(world.tmp / "src.epub", title="Project Hail Mary", author="Andy Weir")
    shelf = world.tmp / "ebooks"
    world.services.config.set_many(
        {"ebooks.placement": "ebook_folder", "ebooks.folder": str(shelf)}
    )
    info_hash = world.publish_ebook(
        "Andy Weir - Project Hail Mary [EPUB]", {"Project Hail Mary.epub": epub.read_bytes()}
    )
    world.ask()
    world.drain()
    world.finish(info_hash)
    world.drain(timedelta(seconds=20))
    row = world.companion()
    assert row.status is EbookStatus.READY, row.error_message
    assert row.file_path == str(
        shelf / "Andy Weir" / "Project Hail Mary" / "Project Hail Mary.epub"
    )


def test_a_file_that_is_not_what_it_claims_fails_only_the_ebook(world: World) -> None:
    info_hash = world.publish_ebook(
        "Andy Weir - Project Hail Mary [EPUB]", {"Project Hail Mary.epub": b"MZ\x90\x00 not a zip"}
    )
    world.ask()
    world.drain()
    world.import_audiobook()
    world.finish(info_hash)
    world.drain(timedelta(seconds=20))
    row = world.companion()
    assert row.status is EbookStatus.FAILED
    assert row.error_message is not None and str(EbookRule.NO_EBOOK_FILE) in row.error_message
    assert row.file_path is None
    assert world.request().status not in ("failed",)


def test_no_acceptable_ebook_is_not_found_and_the_request_goes_on(world: World) -> None:
    world.publish_ebook("Jane Doe - Project Hail Mary [EPUB]", {"x.epub": b"PK"})
    world.publish_ebook("Andy Weir - The Martian [EPUB]", {"y.epub": b"PK"})
    world.ask()
    world.drain()
    row = world.companion()
    assert row.status is EbookStatus.NOT_FOUND
    assert row.error_message is not None and "author not found" in row.error_message
    request_status = world.request().status
    assert request_status not in ("failed", "cancelled")
    # Not found can be asked for again once a release appears.
    request_id = world.request().id
    again = world.client.post(f"/api/requests/{request_id}/ebook", headers=world.alice.headers)
    assert again.status_code == 202 and again.json()["status"] == "searching"


def test_a_download_that_vanishes_fails_the_ebook_not_the_request(world: World) -> None:
    info_hash = world.publish_ebook("Andy Weir - Project Hail Mary [EPUB]", {"a.epub": b"PK"})
    world.ask()
    world.drain()
    before = world.request().status
    world.torrents.vanish(info_hash)
    world.drain(timedelta(seconds=20))
    row = world.companion()
    assert row.status is EbookStatus.FAILED and "vanished" in (row.error_message or "")
    assert world.request().status == before
    assert uuid.UUID(str(row.request_id)) == world.request().id


def test_a_request_that_ends_without_a_folder_fails_the_waiting_ebook(world: World) -> None:
    epub = make_epub(world.tmp / "src.epub", title="Project Hail Mary", author="Andy Weir")
    info_hash = world.publish_ebook(
        "Andy Weir - Project Hail Mary [EPUB]", {"Project Hail Mary.epub": epub.read_bytes()}
    )
    world.ask()
    world.drain()
    world.finish(info_hash)
    world.drain(timedelta(seconds=20))
    assert world.companion().status is EbookStatus.WAITING
    cancel = world.client.post(
        f"/api/requests/{world.request().id}/cancel", headers=world.alice.headers
    )
    assert cancel.status_code == 200, cancel.text
    world.drain(timedelta(seconds=40))
    row = world.companion()
    assert row.status is EbookStatus.FAILED
    assert "cancelled" in (row.error_message or "") and "ebook folder" in (row.error_message or "")
