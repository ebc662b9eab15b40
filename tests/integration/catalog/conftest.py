"""Fixtures for catalog tests: the fake Audible + Audnexus server and a source bound to it."""

from tests.fakes.audible_fixtures import _fake_server, audible_fake, audible_source

__all__ = ["_fake_server", "audible_fake", "audible_source"]
