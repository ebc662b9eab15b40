"""Earmark: a self-hosted audiobook request-and-acquisition server."""

__version__ = "0.1.0"
