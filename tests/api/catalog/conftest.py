"""Fixtures for catalog API tests: the app is pointed at the fake Audible + Audnexus server."""

from __future__ import annotations

from tests.fakes.audible_fixtures import _fake_server, audible_fake, audible_source, boot_settings

__all__ = ["_fake_server", "audible_fake", "audible_source", "boot_settings"]
