"""The configured indexers as the search domain's `Searcher`, for the search job and the
interactive search alike (one place decides how a book is searched)."""

from __future__ import annotations

from earmark.integrations.indexers.variants import search_book
from earmark.integrations.registry import build_indexer, indexer_selection
from earmark.search.service import Searcher
from earmark.wiring import Services


def configured_searcher(services: Services) -> Searcher:
    """Searches the configured Prowlarr indexers and categories ("title author", then "title")."""
    indexer = build_indexer(services)
    categories, indexer_ids = indexer_selection(services)
    return lambda title, author: search_book(indexer, title, author, categories, indexer_ids)
