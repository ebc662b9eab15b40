"""Pytest fixtures serving the fake plex.tv on loopback, shared by the sign-in test folders."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from earmark.demo.fakes.plex_tv import FakePlexTv
from earmark.demo.fakes.server import serve_app


@pytest.fixture
def plex_fake() -> FakePlexTv:
    return FakePlexTv()


@pytest.fixture
def plex_fake_url(plex_fake: FakePlexTv) -> Iterator[str]:
    with serve_app(plex_fake.app) as url:
        yield url
