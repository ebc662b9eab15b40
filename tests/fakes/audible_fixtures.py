"""Pytest fixtures for the fake Audible server, shared by the catalog test folders."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from earmark.demo.fakes.audible import FakeControls, build_app
from earmark.demo.fakes.server import serve_app
from earmark.integrations.catalog_sources.audible.api import AudibleApi
from earmark.integrations.catalog_sources.audible.client import AudibleCatalog
from earmark.integrations.catalog_sources.audible.settings import AudibleSettings
from earmark.integrations.catalog_sources.audnexus.api import AudnexusApi
from earmark.integrations.catalog_sources.audnexus.client import AudnexusClient
from earmark.integrations.catalog_sources.audnexus.settings import AudnexusSettings
from earmark.integrations.catalog_sources.retrying import RetryPolicy
from earmark.settings import BootSettings


@dataclass
class RunningFake:
    url: str
    app: FastAPI
    controls: FakeControls
    sleeps: list[float]


@pytest.fixture(scope="module")
def _fake_server() -> Iterator[tuple[str, FastAPI]]:
    app = build_app()
    with serve_app(app) as url:
        yield url, app


@pytest.fixture
def audible_fake(_fake_server: tuple[str, FastAPI]) -> RunningFake:
    url, app = _fake_server
    controls: FakeControls = app.state.controls
    controls.reset()
    return RunningFake(url, app, controls, [])


@pytest.fixture
def boot_settings(tmp_path: Path, database_url: str, audible_fake: RunningFake) -> BootSettings:
    """The app under test talks to the fake for both Audible and Audnexus."""
    return BootSettings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        run_worker=False,
        audible_api_url=audible_fake.url,
        audnexus_url=audible_fake.url,
    )


def quick_retry(sleeps: list[float], attempts: int = 3) -> RetryPolicy:
    return RetryPolicy(attempts=attempts, base_delay_seconds=0.01, sleep=sleeps.append)


@pytest.fixture
def audible_source(audible_fake: RunningFake) -> Iterator[AudibleCatalog]:
    retry = quick_retry(audible_fake.sleeps)
    with httpx.Client(timeout=5.0) as http:
        api = AudibleApi(http, AudibleSettings(region="us", api_url=audible_fake.url), retry)
        enricher = AudnexusClient(
            AudnexusApi(http, AudnexusSettings(base_url=audible_fake.url, region="us"), retry)
        )
        yield AudibleCatalog(api, enricher)
