"""Series API tests: the app reads series and authors from the fake Audible server."""

from __future__ import annotations

from tests.fakes.audible_fixtures import _fake_server, audible_fake, boot_settings

__all__ = ["_fake_server", "audible_fake", "boot_settings"]
