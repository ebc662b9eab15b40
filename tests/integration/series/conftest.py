"""Follow and pre-order tests: the fake Audible series, real webhook receiver, frozen clock."""

from __future__ import annotations

from tests.fakes.audible_fixtures import _fake_server, audible_fake, boot_settings
from tests.harness.receivers import webhook_receiver

__all__ = ["_fake_server", "audible_fake", "boot_settings", "webhook_receiver"]
