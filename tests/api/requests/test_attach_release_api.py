"""Attaching a hand-found release to a request: what is accepted, the grab it queues, and the
clear refusals (never a 500)."""

from __future__ import annotations

import base64
import socket
import uuid
from pathlib import Path

import torf
from fastapi.testclient import TestClient
from sqlalchemy import select

from earmark.downloads.attached import ATTACHED_SOURCE
from earmark.downloads.models import DownloadHistory
from earmark.queue.models import Job
from earmark.wiring import Services
from tests.support import make_user

HASH = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a"
MAGNET = f"magnet:?xt=urn:btih:{HASH}&dn=Orchard+Almanac+MP3"


def _request(client: TestClient, services: Services) -> tuple[str, dict[str, str]]:
    admin = make_user(services, client.app, "boss", role="admin")
    answer = client.post(
        "/api/requests/manual",
        json={"title": "The Orchard Almanac", "author": "Wren Halloway"},
        headers=admin.headers,
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"]), admin.headers


def _rows(services: Services) -> list[DownloadHistory]:
    with services.sessions() as session:
        return list(session.scalars(select(DownloadHistory)))


def _grabs(services: Services) -> list[Job]:
    with services.sessions() as session:
        return list(session.scalars(select(Job).where(Job.type == "download_torrent")))


def _torrent_bytes(tmp_path: Path) -> bytes:
    folder = tmp_path / "Orchard Almanac"
    folder.mkdir()
    (folder / "01.mp3").write_bytes(b"\xff\xfb" * 2048)
    torrent = torf.Torrent(path=folder, trackers=["http://127.0.0.1:1/announce"], private=False)
    torrent.generate()
    data: bytes = torrent.dump()
    return data


def test_a_magnet_becomes_an_accepted_row_and_a_grab(
    client: TestClient, services: Services
) -> None:
    request_id, headers = _request(client, services)
    answer = client.post(
        f"/api/requests/{request_id}/attach-release", json={"link": MAGNET}, headers=headers
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "searching"
    [row] = _rows(services)
    assert (
        row.indexer_name,
        row.torrent_name,
        row.torrent_hash,
        row.magnet_link,
        row.accepted,
    ) == (
        ATTACHED_SOURCE,
        "Orchard Almanac MP3",
        HASH,
        MAGNET,
        True,
    )
    grabs = _grabs(services)
    assert [job.payload["download_history_id"] for job in grabs] == [str(row.id)]


def test_an_uploaded_torrent_is_stored_for_the_grab(
    client: TestClient, services: Services, tmp_path: Path
) -> None:
    request_id, headers = _request(client, services)
    data = _torrent_bytes(tmp_path)
    body = {"file_name": "Orchard.torrent", "file_base64": base64.b64encode(data).decode()}
    answer = client.post(f"/api/requests/{request_id}/attach-release", json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    [row] = _rows(services)
    assert row.protocol == "torrent" and row.torrent_name == "Orchard" and row.torrent_hash
    stored = services.settings.data_dir / "attached-releases" / f"{row.id}.torrent"
    assert stored.read_bytes() == data


def test_an_uploaded_nzb_is_a_usenet_release(client: TestClient, services: Services) -> None:
    request_id, headers = _request(client, services)
    nzb = b'<?xml version="1.0"?>\n<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb"></nzb>\n'
    body = {"file_name": "Orchard.nzb", "file_base64": base64.b64encode(nzb).decode()}
    answer = client.post(f"/api/requests/{request_id}/attach-release", json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    [row] = _rows(services)
    assert row.protocol == "usenet"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_refusals_are_sentences_and_attach_nothing(client: TestClient, services: Services) -> None:
    request_id, headers = _request(client, services)
    url = f"/api/requests/{request_id}/attach-release"
    cases = [
        ({}, 400, "Give a magnet link"),
        ({"link": "   "}, 400, "Give a magnet link"),
        ({"link": "ftp://example.invalid/x.torrent"}, 400, "magnet link"),
        ({"link": "magnet:?dn=no-hash"}, 400, "magnet link cannot be used"),
        ({"file_name": "x.torrent", "file_base64": "%%%"}, 400, "not base64"),
        (
            {"file_name": "x.torrent", "file_base64": base64.b64encode(b"hello").decode()},
            400,
            "neither a .torrent nor an .nzb",
        ),
        (
            {"file_name": "x.torrent", "file_base64": base64.b64encode(b"d4:spam").decode()},
            400,
            "cannot be read",
        ),
        ({"link": f"http://127.0.0.1:{_closed_port()}/x.torrent"}, 502, "upload the file instead"),
    ]
    for body, status, words in cases:
        answer = client.post(url, json=body, headers=headers)
        assert answer.status_code == status, (body, answer.text)
        assert words in answer.json()["message"], (body, answer.text)
    assert _rows(services) == [] and _grabs(services) == []
    reader = make_user(services, client.app, "reader")
    assert client.post(url, json={"link": MAGNET}, headers=reader.headers).status_code == 403
    missing = f"/api/requests/{uuid.uuid4()}/attach-release"
    assert client.post(missing, json={"link": MAGNET}, headers=headers).status_code == 404
    client.post(f"/api/requests/{request_id}/cancel", headers=headers)
    answer = client.post(url, json={"link": MAGNET}, headers=headers)
    assert answer.status_code == 409 and "cannot take a release" in answer.json()["message"]
