"""A fake plex.tv served on loopback for the client and sign-in tests."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.fakes.plex_tv_fixtures import plex_fake, plex_fake_url

__all__ = ["plex_fake", "plex_fake_url"]


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client() as client:
        yield client
