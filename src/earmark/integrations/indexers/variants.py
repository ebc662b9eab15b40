"""Search a book with several query variants ("title author", then "title"), deduplicated."""

from __future__ import annotations

from earmark.integrations.errors import IntegrationError
from earmark.integrations.indexers.protocol import Indexer, IndexersUnavailable, Release


def query_variants(title: str, author: str | None) -> list[str]:
    """The queries sent, most specific first; the title is sent as-is (ranking cleans it)."""
    title = " ".join(title.split())
    queries = [f"{title} {' '.join(author.split())}"] if author and author.strip() else []
    queries.append(title)
    return [query for index, query in enumerate(queries) if query not in queries[:index]]


def search_book(
    indexer: Indexer,
    title: str,
    author: str | None,
    categories: tuple[int, ...],
    indexer_ids: tuple[int, ...],
) -> list[Release]:
    """Results of every variant in order, first occurrence of each guid kept.

    One failing variant is tolerated (the other may still find the book); when every variant
    fails the first error is raised, so an outage is retried rather than read as "no results".
    IndexersUnavailable is raised at once: no other query can be served either.
    """
    releases: dict[str, Release] = {}
    errors: list[IntegrationError] = []
    for query in query_variants(title, author):
        try:
            found = indexer.search(query, categories, indexer_ids)
        except IndexersUnavailable:
            raise
        except IntegrationError as exc:
            errors.append(exc)
            continue
        for release in found:
            releases.setdefault(release.guid, release)
    if errors and len(errors) == len(query_variants(title, author)):
        raise errors[0]
    return list(releases.values())
