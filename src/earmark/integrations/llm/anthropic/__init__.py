"""Anthropic Messages API (Claude models)."""
