"""BookDate API fixtures: the app talks to the fake Audible catalog and a fake OpenAI server."""

from __future__ import annotations

from pathlib import Path

import pytest

from earmark.settings import BootSettings
from tests.fakes.audible_fixtures import RunningFake, _fake_server, audible_fake
from tests.fakes.llm_fixtures import (
    _anthropic_server,
    _openai_server,
    anthropic_fake,
    openai_fake,
)

__all__ = [
    "_anthropic_server",
    "_fake_server",
    "_openai_server",
    "anthropic_fake",
    "audible_fake",
    "openai_fake",
]


@pytest.fixture
def boot_settings(tmp_path: Path, database_url: str, audible_fake: RunningFake) -> BootSettings:
    return BootSettings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        run_worker=False,
        audible_api_url=audible_fake.url,
        audnexus_url=audible_fake.url,
    )
