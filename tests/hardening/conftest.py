"""Fixtures for hardening tests: the app talks to the fake Audible and fake plex.tv servers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from earmark.demo.fakes.plex_tv import FakePlexTv
from earmark.demo.fakes.server import serve_app
from earmark.settings import BootSettings
from earmark.wiring import Services
from tests.fakes.audible_fixtures import RunningFake, _fake_server, audible_fake
from tests.support import SignedIn, add_catalog_book, make_user

__all__ = ["_fake_server", "audible_fake"]


@pytest.fixture(scope="module")
def plex_tv_fake() -> Iterator[tuple[str, FakePlexTv]]:
    fake = FakePlexTv()
    with serve_app(fake.app) as url:
        yield url, fake


@pytest.fixture
def boot_settings(
    tmp_path: Path,
    database_url: str,
    audible_fake: RunningFake,
    plex_tv_fake: tuple[str, FakePlexTv],
) -> BootSettings:
    return BootSettings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        run_worker=False,
        audible_api_url=audible_fake.url,
        audnexus_url=audible_fake.url,
        plex_tv_url=plex_tv_fake[0],
    )


def app_of(client: TestClient) -> FastAPI:
    app: FastAPI = client.app  # type: ignore[assignment]
    return app


@pytest.fixture
def user(client: TestClient, services: Services) -> SignedIn:
    return make_user(services, app_of(client), "reader")


@pytest.fixture
def admin(client: TestClient, services: Services) -> SignedIn:
    return make_user(services, app_of(client), "keeper", role="admin")


@pytest.fixture
def catalog_book(services: Services) -> str:
    """An ASIN present in the local catalog cache."""
    add_catalog_book(services, "B000HARDEN", "The Hardened Book", "Sam Sturdy")
    return "B000HARDEN"
