"""The qBittorrent adapter against answers in qBittorrent 5.2's shape (tests/fakes/qbittorrent.py).

No qBittorrent 5 build can be installed here (Debian bookworm ships 4.5.2, PyPI packages none),
so the 5.x contract is played by the fake, driven through qbittorrent-api as in production;
test_qbittorrent_real.py covers the installed 4.5.2.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from earmark.demo.fakes.server import serve_app
from earmark.demo.parts.torrents import MadeTorrent, make_payload, make_torrent
from earmark.integrations.download_clients import MagnetLink, TorrentFile
from earmark.integrations.download_clients.qbittorrent.client import (
    AWAITING_METADATA_TAG,
    EARMARK_TAG,
    QbittorrentClient,
)
from earmark.integrations.download_clients.qbittorrent.settings import QbittorrentSettings
from earmark.integrations.errors import ApiChanged, AuthFailed
from tests.fakes.qbittorrent import (
    APP_VERSION,
    FakeTorrent,
    QbittorrentControls,
    build_qbittorrent_app,
)

CATEGORY = "earmark-tests"


@pytest.fixture
def fake() -> Iterator[tuple[str, QbittorrentControls]]:
    controls = QbittorrentControls()
    with serve_app(build_qbittorrent_app(controls)) as url:
        yield url, controls


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as client:
        yield client


def _adapter(url: str, http: httpx.Client, password: str) -> QbittorrentClient:
    settings = QbittorrentSettings(url=url, username="admin", password=SecretStr(password))
    return QbittorrentClient(settings, http)


@pytest.fixture
def adapter(fake: tuple[str, QbittorrentControls], http: httpx.Client) -> QbittorrentClient:
    url, controls = fake
    return _adapter(url, http, controls.password)


@pytest.fixture
def made(tmp_path: Path) -> MadeTorrent:
    payload = make_payload(tmp_path, "Author - Book", {"01.mp3": 40_000})
    return make_torrent(payload, "http://127.0.0.1:6969/announce")


def test_connection_test_names_the_5x_version(adapter: QbittorrentClient) -> None:
    report = adapter.test()
    assert report.ok, report.message
    assert report.details["version"] == APP_VERSION
    assert "Web API 2.15.1" in report.message


def test_wrong_password_answered_401_is_auth_failed(
    fake: tuple[str, QbittorrentControls], http: httpx.Client
) -> None:
    with pytest.raises(AuthFailed, match="wrong user name or password"):
        _adapter(fake[0], http, "not-the-password").info("0" * 40)


def test_torrent_file_added_with_json_answer_is_listed_with_category_and_tag(
    adapter: QbittorrentClient, fake: tuple[str, QbittorrentControls], made: MadeTorrent
) -> None:
    _, controls = fake
    controls.listing_delay_seconds = 0.3  # accepted before listed, as qBittorrent does

    assert adapter.add(TorrentFile(made.data), CATEGORY, "/downloads/books") == made.info_hash

    item = adapter.info(made.info_hash)
    assert item is not None and item.category == CATEGORY
    assert item.save_path == "/downloads/books"
    assert controls.torrents[made.info_hash].tags == [EARMARK_TAG]


def test_duplicate_answered_409_while_not_yet_listed_is_not_an_error(
    adapter: QbittorrentClient, fake: tuple[str, QbittorrentControls], made: MadeTorrent
) -> None:
    _, controls = fake
    # Another worker's add of the same torrent, accepted a moment ago and not listed yet.
    other = FakeTorrent(
        made.info_hash, "Author - Book", 40_000, "/downloads", CATEGORY, [], "stalledDL", 0
    )
    controls.add_unlisted(other, seconds=0.5)

    assert adapter.add(TorrentFile(made.data), CATEGORY, None) == made.info_hash
    assert controls.calls.count("torrents/add") == 1


def test_add_every_torrent_failed_is_reported_with_the_counts(
    adapter: QbittorrentClient, fake: tuple[str, QbittorrentControls], made: MadeTorrent
) -> None:
    _, controls = fake
    failed = {"added_torrent_ids": [], "failure_count": 1, "pending_count": 0, "success_count": 0}
    controls.add_answers.append((409, failed))

    with pytest.raises(
        ApiChanged, match=r"qBittorrent: the torrent was refused \(0 added, 0 pending, 1 failed\)"
    ):
        adapter.add(TorrentFile(made.data), CATEGORY, None)


def test_magnet_waits_for_metadata_then_is_started_with_the_5x_endpoint(
    adapter: QbittorrentClient, fake: tuple[str, QbittorrentControls], made: MadeTorrent
) -> None:
    _, controls = fake
    assert adapter.add(MagnetLink(made.magnet), CATEGORY, None) == made.info_hash
    torrent = controls.torrents[made.info_hash]
    assert torrent.state == "metaDL"
    assert AWAITING_METADATA_TAG in torrent.tags

    # Metadata received: qBittorrent 5 stops it in "stoppedDL" (4.x said "pausedDL").
    torrent.state, torrent.size = "stoppedDL", 40_000
    item = adapter.info(made.info_hash)

    assert item is not None and item.state == "downloading"
    assert "torrents/start" in controls.calls and "torrents/resume" not in controls.calls
    assert AWAITING_METADATA_TAG not in torrent.tags


def test_remove_and_categories_work_against_5x(
    adapter: QbittorrentClient, fake: tuple[str, QbittorrentControls], made: MadeTorrent
) -> None:
    _, controls = fake
    adapter.ensure_category(CATEGORY, "/downloads/books")
    adapter.ensure_category(CATEGORY, "/downloads/other")
    assert controls.categories == {CATEGORY: "/downloads/other"}
    adapter.add(TorrentFile(made.data), CATEGORY, None)

    adapter.remove(made.info_hash, delete_data=True)

    assert adapter.info(made.info_hash) is None
