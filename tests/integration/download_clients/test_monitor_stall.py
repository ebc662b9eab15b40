"""The download monitor against a real qBittorrent: a torrent nobody seeds is given up on, and the
next accepted release is queued, with the stalled one blocklisted."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from earmark.core.events import RecordingEventLog
from earmark.db.engine import transaction
from earmark.demo.parts.daemons import QbittorrentDaemon
from earmark.demo.parts.polling import wait_for_removal
from earmark.demo.parts.torrents import MadeTorrent
from earmark.downloads.models import DownloadHistory
from earmark.downloads.service import Handed, MonitorSettings, check_download, grab_release
from earmark.integrations.download_clients import TorrentFile
from earmark.integrations.download_clients.qbittorrent.client import QbittorrentClient
from earmark.queue.models import Job
from earmark.requests.models import Audiobook, Request
from earmark.rule_codes import MonitorRule
from earmark.users.models import User
from earmark.wiring import Services


def _searching_request(services: Services) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    with transaction(services.sessions) as session:
        user = User(plex_id="plex-stall", plex_username="stall")
        book = Audiobook(title="Quiet Book", author="Nobody Seeds", audible_asin="B0STALL001")
        session.add_all([user, book])
        session.flush()
        request = Request(user_id=user.id, audiobook_id=book.id, status="searching")
        session.add(request)
        session.flush()
        first = DownloadHistory(
            request_id=request.id,
            torrent_name="Quiet Book (unseeded)",
            accepted=True,
            quality_score=90,
            release_guid="g-1",
        )
        second = DownloadHistory(
            request_id=request.id,
            torrent_name="Quiet Book (other)",
            accepted=True,
            quality_score=80,
            release_guid="g-2",
        )
        session.add_all([first, second])
        session.flush()
        return request.id, first.id, second.id


def _grab(
    services: Services,
    client: QbittorrentClient,
    request_id: uuid.UUID,
    candidate_id: uuid.UUID,
    made: MadeTorrent,
    save_path: Path,
    *,
    category: str,
    log: RecordingEventLog | None = None,
    now: datetime | None = None,
) -> str:
    """Grab `made` for the request through the real client, as the download_torrent job would."""
    return grab_release(
        services.sessions,
        request_id,
        candidate_id,
        send=lambda source: Handed(client.name, client.add(source, category, str(save_path))),
        fetch=lambda _row: TorrentFile(made.data),
        now=now or services.clock.now(),
        log=log or RecordingEventLog(),
    )


def test_monitor_unseeded_torrent_stalls_and_next_release_is_queued(
    services: Services,
    qbittorrent: QbittorrentClient,
    new_torrent: Callable[[], MadeTorrent],
    tmp_path: Path,
) -> None:
    made = new_torrent()  # whitelisted on the tracker, but no seeder is given it
    request_id, first_id, second_id = _searching_request(services)
    log = RecordingEventLog()
    now = services.clock.now()
    info_hash = _grab(
        services,
        qbittorrent,
        request_id,
        first_id,
        made,
        tmp_path / "dl",
        category="earmark-stall",
        log=log,
        now=now,
    )
    try:
        assert info_hash == made.info_hash
        with services.sessions() as session:
            monitor = session.scalars(select(Job).where(Job.type == "monitor_download")).one()
        # Polls that cannot reach the client retry: more attempts than the queue's default 3.
        assert monitor.max_attempts == 10
        settings = MonitorSettings(stall_after=timedelta(minutes=30), mapping=None)
        early = check_download(
            services.sessions,
            request_id,
            first_id,
            client=qbittorrent,
            settings=settings,
            now=now + timedelta(minutes=1),
            log=log,
        )
        assert not early.finished
        late = check_download(
            services.sessions,
            request_id,
            first_id,
            client=qbittorrent,
            settings=settings,
            now=now + timedelta(minutes=45),
            log=log,
        )
        assert late.finished and late.detail == "stalled"
    finally:
        qbittorrent.remove(made.info_hash, delete_data=True)
    with services.sessions() as session:
        stalled = session.get_one(DownloadHistory, first_id)
        assert (stalled.blocklisted, stalled.download_status) == (True, "stalled")
        assert (stalled.download_error or "").startswith(f"{MonitorRule.DEAD_TORRENT}: ")
        assert session.get_one(Request, request_id).status == "searching"
        grab = session.scalars(select(Job).where(Job.type == "download_torrent")).one()
        assert grab.payload["download_history_id"] == str(second_id)
    assert [meta["rule"] for _, message, meta in log.events if "blocklisted" in message] == [
        MonitorRule.DEAD_TORRENT
    ]


def test_cancelling_a_downloading_request_removes_its_torrent_from_the_client(
    client: TestClient,
    services: Services,
    qbittorrent_daemon: QbittorrentDaemon,
    qbittorrent: QbittorrentClient,
    new_torrent: Callable[[], MadeTorrent],
    tmp_path: Path,
) -> None:
    services.config.set_many(
        {
            "download_client.type": "qbittorrent",
            "download_client.qbittorrent_url": qbittorrent_daemon.url,
            "download_client.qbittorrent_username": qbittorrent_daemon.username,
            "download_client.qbittorrent_password": qbittorrent_daemon.password,
        }
    )
    made = new_torrent()
    request_id, first_id, _ = _searching_request(services)
    _grab(
        services,
        qbittorrent,
        request_id,
        first_id,
        made,
        tmp_path / "dl",
        category="earmark-cancel",
    )
    assert qbittorrent.info(made.info_hash) is not None
    with services.sessions() as session:
        owner = session.get_one(Request, request_id).user_id
    token = client.app.state.token_issuer.issue(owner, 0, "access", services.clock.now())
    cancelled = client.post(
        f"/api/requests/{request_id}/cancel", headers={"Authorization": f"Bearer {token}"}
    )
    assert cancelled.status_code == 200, cancelled.text
    wait_for_removal(qbittorrent, made.info_hash)
    with services.sessions() as session:
        row = session.get_one(DownloadHistory, first_id)
        assert row.removed_from_client_at is not None
