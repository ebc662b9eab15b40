"""After a full sign-in and request flow, no configured secret or user token is stored or logged."""

from __future__ import annotations

import logging
import secrets
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from earmark.demo.fakes.plex_tv import FakePlexTv
from earmark.demo.fakes.prowlarr import FakeProwlarr, FakeRelease
from earmark.demo.fakes.server import serve_app
from earmark.integrations.download_clients import TorrentSource
from earmark.jobs.handlers import download_torrent
from earmark.jobs.registry import job_registry
from earmark.queue.runner import JobRunner
from earmark.settings_store.catalogue import SETTINGS
from earmark.wiring import Services
from tests.support import SignedIn, first_admin

MACHINE_ID = "machine-hardening"
ADMIN_PASSWORD = "hardening-admin-" + secrets.token_hex(8)


def _configure_every_secret(services: Services) -> list[str]:
    values = {
        key: f"secret-{key.replace('.', '-')}-{secrets.token_hex(12)}"
        for key, definition in SETTINGS.items()
        if definition.secret
    }
    services.config.set_many({**values, "plex.machine_identifier": MACHINE_ID})
    return list(values.values())


def _plex_sign_in(client: TestClient, fake: FakePlexTv) -> list[str]:
    """Signs in a Plex user through the fake plex.tv; returns the Plex token and our tokens."""
    started = client.post("/api/auth/plex/pin").json()
    account = fake.add_account(f"listener{secrets.token_hex(3)}", servers=[MACHINE_ID])
    fake.authorize_pin(int(started["pin_id"]), account)
    body = client.get(f"/api/auth/plex/pin/{started['pin_id']}").json()
    assert body["authorized"] is True, body
    return [account.token, body["access_token"], body["refresh_token"], started["login_secret"]]


def _local_admin_flow(client: TestClient) -> list[str]:
    created = client.post("/api/setup/admin", json=first_admin(client, "root", ADMIN_PASSWORD))
    assert created.status_code == 200, created.text
    client.cookies.clear()
    login = client.post(
        "/api/auth/local/login", json={"username": "root", "password": ADMIN_PASSWORD}
    ).json()
    return [ADMIN_PASSWORD, login["access_token"], login["refresh_token"]]


def _database_dump(services: Services, database_url: str) -> bytes:
    if database_url.startswith("sqlite"):
        services.engine.dispose()
        database_file = Path(make_url(database_url).database or "")
        siblings = [database_file, Path(f"{database_file}-wal"), Path(f"{database_file}-shm")]
        return b"".join(path.read_bytes() for path in siblings if path.exists())
    libpq_url = make_url(database_url).set(drivername="postgresql")
    completed = subprocess.run(
        ["pg_dump", "--no-owner", libpq_url.render_as_string(hide_password=False)],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return completed.stdout


def test_secrets_full_flow_dump_and_logs_hold_no_plaintext(
    client: TestClient,
    services: Services,
    database_url: str,
    plex_tv_fake: tuple[str, FakePlexTv],
    user: SignedIn,
    catalog_book: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    sensitive = _configure_every_secret(services)
    sensitive += _plex_sign_in(client, plex_tv_fake[1])
    client.cookies.clear()
    sensitive += _local_admin_flow(client)
    created = client.post("/api/requests", json={"asin": catalog_book}, headers=user.headers)
    assert created.status_code == 201, created.text
    sensitive.append(user.headers["Authorization"].removeprefix("Bearer "))

    dump = _database_dump(services, database_url)
    assert b"audible_cache" in dump or b"B000HARDEN" in dump  # the dump really holds our data
    leaked_in_dump = [value[:24] for value in sensitive if value.encode() in dump]
    leaked_in_logs = [value[:24] for value in sensitive if value in caplog.text]
    assert not leaked_in_dump, f"plaintext in the database: {leaked_in_dump}"
    assert not leaked_in_logs, f"plaintext in the logs: {leaked_in_logs}"


class _RecordingTorrentClient:
    name = "recording"

    def __init__(self) -> None:
        self.added: list[TorrentSource] = []

    def add(self, source: TorrentSource, category: str, save_path: str | None) -> str:
        self.added.append(source)
        return "0123456789abcdef0123456789abcdef01234567"


def test_prowlarr_key_in_release_links_reaches_no_row_event_or_log_line(
    client: TestClient,
    services: Services,
    database_url: str,
    user: SignedIn,
    catalog_book: str,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = FakeProwlarr(api_key="prowlarr-" + secrets.token_hex(16))
    fake.add_indexer(1, "AudioBookBay")
    # Every link Prowlarr hands out carries its key: a dead .torrent link, then a magnet-only one.
    fake.add_release(FakeRelease("Sam Sturdy - The Hardened Book [M4B]", 1, file_id="gone"))
    magnet = "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=Hardened"
    fake.add_release(FakeRelease("The Hardened Book - Sam Sturdy MP3", 1, magnet_url=magnet))
    torrent_client = _RecordingTorrentClient()
    monkeypatch.setattr(download_torrent, "build_download_client", lambda _s: torrent_client)
    with serve_app(fake.app()) as prowlarr_url:
        services.config.set_many(
            {
                "indexer.prowlarr_url": prowlarr_url,
                "indexer.prowlarr_api_key": fake.api_key,
                "indexer.prowlarr_indexers": [{"id": 1, "name": "AudioBookBay"}],
            }
        )
        created = client.post("/api/requests", json={"asin": catalog_book}, headers=user.headers)
        assert created.status_code == 201, created.text
        runner = JobRunner(
            services.sessions, job_registry(), resources=services, clock=services.clock
        )
        while runner.run_next("hardening"):
            pass

    assert len(torrent_client.added) == 1  # the grab really went through both links
    assert not any(f"apikey={fake.api_key}" in url for url, _ in fake.download_requests)
    dump = _database_dump(services, database_url)
    assert b"The Hardened Book" in dump  # the candidates and events are in the dump
    assert fake.api_key.encode() not in dump, "Prowlarr's API key is stored in clear"
    assert fake.api_key not in caplog.text, "Prowlarr's API key reached a log line"
