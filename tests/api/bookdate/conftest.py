"""BookDate API fixtures: the app talks to the fake Audible catalog and a fake OpenAI server."""

from __future__ import annotations

from tests.fakes.audible_fixtures import _fake_server, audible_fake, boot_settings
from tests.fakes.llm_fixtures import _openai_server, openai_fake

__all__ = [
    "_fake_server",
    "_openai_server",
    "audible_fake",
    "boot_settings",
    "openai_fake",
]
