"""Usenet scenarios: requests through SABnzbd and NZBGet to `available`, a release with missing
articles failed over to the next, and qBittorrent and SABnzbd side by side, each release going
to the client of its protocol. INN serves the articles on 127.0.0.1 (tests/harness/usenet.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from earmark.demo.client import EarmarkApi, statuses_of
from earmark.demo.releases import ReleaseSpec, publish_release
from earmark.demo.stack import StackOptions
from earmark.downloads.models import DownloadHistory
from tests.e2e.checks import assert_in_order, audio_in, library_folder
from tests.e2e.conftest import World, _world
from tests.e2e.usenet_releases import (
    add_usenet_indexer,
    publish_usenet_release,
    use_usenet_client,
)
from tests.harness.usenet import NewsServer, SabnzbdDaemon

pytestmark = [pytest.mark.e2e, pytest.mark.realparts]
HAPPY_PATH = ["searching", "downloading", "processing", "downloaded", "available"]
# Each scenario its own book of this module's stack.
SAB_BOOK, NZBGET_BOOK, FAILOVER_BOOK, SIDE_TORRENT_BOOK, SIDE_USENET_BOOK = 0, 1, 2, 3, 4


@pytest.fixture(scope="module")
def usenet_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """A stack of its own (SQLite): qBittorrent plus a usenet indexer and client beside it."""
    workdir = tmp_path_factory.mktemp("e2e-usenet")
    for world in _world(StackOptions(workdir=workdir)):
        add_usenet_indexer(world.stack)
        yield world


def _user(world: World) -> EarmarkApi:
    user = EarmarkApi(world.stack.base_url, world.stack.earmark_logs)
    user.sign_in(world.stack.options.admin_username, world.stack.options.admin_password)
    return user


def _downloads(world: World, request_id: str) -> list[DownloadHistory]:
    with world.stack.db.sessions() as session:
        rows = session.scalars(
            select(DownloadHistory).where(DownloadHistory.request_id == uuid.UUID(request_id))
        ).all()
        session.expunge_all()
        return list(rows)


@pytest.mark.parametrize("client_name", ["sabnzbd", "nzbget"])
def test_usenet_request_reaches_available_through_each_client(
    usenet_world: World, news_server: NewsServer, request: pytest.FixtureRequest, client_name: str
) -> None:
    world, stack = usenet_world, usenet_world.stack
    daemon = request.getfixturevalue(f"{client_name}_daemon")
    use_usenet_client(stack, daemon)
    book = world.book(SAB_BOOK if client_name == "sabnzbd" else NZBGET_BOOK)
    release = publish_usenet_release(stack, news_server, book)
    user = _user(world)

    created = user.request_book(book.asin)
    done = user.wait_for_status(created["id"], {"available"}, timeout_seconds=150)

    assert_in_order(statuses_of(done), HAPPY_PATH)
    assert len(audio_in(library_folder(world, book))) == len(release.audio_files)
    (held,) = [row for row in _downloads(world, created["id"]) if row.selected]
    assert (held.protocol, held.download_client) == ("usenet", client_name)
    user.close()


def test_release_with_missing_articles_fails_over_to_the_next(
    usenet_world: World, news_server: NewsServer, sabnzbd_daemon: SabnzbdDaemon
) -> None:
    world, stack = usenet_world, usenet_world.stack
    use_usenet_client(stack, sabnzbd_daemon)
    book = world.book(FAILOVER_BOOK)
    # The newer release ranks first; its articles are gone from the server.
    broken = publish_usenet_release(stack, news_server, book, missing_articles=100, age_days=2)
    good = publish_usenet_release(stack, news_server, book, age_days=40)
    user = _user(world)

    created = user.request_book(book.asin)
    done = user.wait_for_status(created["id"], {"available"}, timeout_seconds=180)

    rows = {row.torrent_name: row for row in _downloads(world, created["id"])}
    assert rows[broken.name].blocklisted
    assert "Not on your server" in (rows[broken.name].download_error or "")
    assert rows[good.name].selected and not rows[good.name].blocklisted
    assert "available" in statuses_of(done)
    user.close()


def test_torrent_and_usenet_releases_go_to_their_own_clients(
    usenet_world: World,
    news_server: NewsServer,
    sabnzbd_daemon: SabnzbdDaemon,
) -> None:
    world, stack = usenet_world, usenet_world.stack
    use_usenet_client(stack, sabnzbd_daemon)
    torrent_book, usenet_book = world.book(SIDE_TORRENT_BOOK), world.book(SIDE_USENET_BOOK)
    publish_release(stack, torrent_book, ReleaseSpec(fmt="mp3", tracks=2))
    publish_usenet_release(stack, news_server, usenet_book)
    user = _user(world)

    by_torrent = user.request_book(torrent_book.asin)
    by_usenet = user.request_book(usenet_book.asin)
    for created in (by_torrent, by_usenet):
        user.wait_for_status(created["id"], {"available"}, timeout_seconds=180)

    (torrent_row,) = [r for r in _downloads(world, by_torrent["id"]) if r.selected]
    (usenet_row,) = [r for r in _downloads(world, by_usenet["id"]) if r.selected]
    assert (torrent_row.protocol, torrent_row.download_client) == ("torrent", "qbittorrent")
    assert (usenet_row.protocol, usenet_row.download_client) == ("usenet", "sabnzbd")
    user.close()
