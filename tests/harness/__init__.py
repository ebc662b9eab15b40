"""Reusable harness for real components (daemons, torrents, audio); not pytest-specific."""
