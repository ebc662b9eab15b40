"""Prowlarr adapter: search, RSS feeds, indexer list, release downloads, connection test."""
