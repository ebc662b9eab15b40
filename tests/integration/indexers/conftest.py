"""A running fake Prowlarr and a real ProwlarrClient pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from pydantic import SecretStr

from earmark.demo.fakes.prowlarr import FakeProwlarr
from earmark.demo.fakes.server import serve_app
from earmark.integrations.indexers.prowlarr.client import ProwlarrClient
from earmark.integrations.indexers.prowlarr.settings import ProwlarrSettings


@pytest.fixture
def prowlarr() -> Iterator[tuple[FakeProwlarr, str]]:
    fake = FakeProwlarr()
    fake.add_indexer(1, "AudioBookBay")
    fake.add_indexer(2, "MyAnonamouse", priority=10)
    fake.add_indexer(3, "Disabled", enable=False)
    with serve_app(fake.app()) as base_url:
        yield fake, base_url


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(follow_redirects=False) as client:
        yield client


def make_client(
    http: httpx.Client, base_url: str, api_key: str = "prowlarr-test-key"
) -> ProwlarrClient:
    settings = ProwlarrSettings(url=base_url, api_key=SecretStr(api_key), timeout_seconds=5)
    return ProwlarrClient.from_settings(http, settings)


@pytest.fixture
def client(prowlarr: tuple[FakeProwlarr, str], http: httpx.Client) -> ProwlarrClient:
    return make_client(http, prowlarr[1] + "/")
