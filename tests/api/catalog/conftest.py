"""Fixtures for catalog API tests: the app is pointed at the fake Audible + Audnexus server."""

from __future__ import annotations

from pathlib import Path

import pytest

from earmark.settings import BootSettings
from tests.fakes.audible_fixtures import RunningFake, _fake_server, audible_fake, audible_source

__all__ = ["_fake_server", "audible_fake", "audible_source"]


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
