"""Indexers: the protocol, the release records, and query variants shared by every adapter."""

from earmark.integrations.indexers.protocol import (
    AUDIOBOOK_CATEGORY,
    Indexer,
    IndexerInfo,
    IndexersUnavailable,
    Release,
    ReleaseFile,
    ReleaseProtocol,
)

__all__ = [
    "AUDIOBOOK_CATEGORY",
    "Indexer",
    "IndexerInfo",
    "IndexersUnavailable",
    "Release",
    "ReleaseFile",
    "ReleaseProtocol",
]
