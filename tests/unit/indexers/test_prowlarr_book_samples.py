"""Ebook results in Prowlarr's shape: the books sample parses, and the fake answers the same way."""

from __future__ import annotations

from fastapi.testclient import TestClient

from earmark.demo.fakes.prowlarr import FakeProwlarr, FakeRelease, contract_sample
from earmark.ebooks.ranking import EbookProfile, rank_ebooks
from earmark.integrations.indexers.prowlarr.parsing import release_from_json
from earmark.search.profiles import BookProfile


def test_books_sample_keeps_book_categories_and_ranks_the_epub_first() -> None:
    releases = [release_from_json(raw) for raw in contract_sample("search-books.json")]
    parsed = [r for r in releases if r is not None]
    assert [r.categories for r in parsed] == [(7020, 100012), (7000,)]
    book = BookProfile(title="Project Hail Mary", authors=("Andy Weir",))
    ranked = rank_ebooks(book, parsed, EbookProfile())
    assert all(r.accepted for r in ranked)
    assert ranked[0].release.title.endswith("[EPUB]")


def test_fake_lists_ebooks_in_the_samples_shape_and_searches_subcategories() -> None:
    fake = FakeProwlarr()
    fake.add_indexer(2, "BookTracker")
    fake.add_release(FakeRelease("Andy Weir - Project Hail Mary [EPUB]", 2,
                                 categories=(7020, 100012), file_id="epub"))  # fmt: skip
    fake.add_release(FakeRelease("Andy Weir - Project Hail Mary [M4B]", 2, file_id="m4b"))
    with TestClient(fake.app(), base_url="http://prowlarr") as http:
        answer = http.get(
            "/api/v1/search",
            params={"query": "project hail mary", "categories": 7000, "indexerIds": 2},
            headers={"X-Api-Key": fake.api_key},
        )
    found = answer.json()
    assert [item["title"] for item in found] == ["Andy Weir - Project Hail Mary [EPUB]"]
    sample = contract_sample("search-books.json")[0]
    assert list(found[0]) == list(sample)
    assert found[0]["categories"] == [
        {"id": 7020, "name": "Books/EBook", "subCategories": []},
        {"id": 100012, "name": "Custom 100012", "subCategories": []},
    ]
