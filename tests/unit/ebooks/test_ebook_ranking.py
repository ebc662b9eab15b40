"""Ebook ranking: the same book judgement as audiobooks, the admin's format order, ebook rules."""

from __future__ import annotations

from earmark.ebooks.formats import EbookFormat, formats_named
from earmark.ebooks.ranking import EbookProfile, rank_ebooks
from earmark.integrations.indexers import Release
from earmark.rule_codes import EbookRule, RankingRule
from earmark.search.profiles import MIB, BookProfile

BOOK = BookProfile(title="Project Hail Mary", authors=("Andy Weir",))


def ebook(
    title: str, size_mb: float = 3, seeders: int | None = 20, categories: tuple[int, ...] = (7020,)
) -> Release:
    return Release(
        guid=title, title=title, size_bytes=int(size_mb * MIB), seeders=seeders, leechers=0,
        indexer="Books", indexer_id=1, protocol="torrent",
        download_url="http://prowlarr.local/1/download", magnet_url=None, info_hash=None,
        publish_date=None, categories=categories,
    )  # fmt: skip


def test_epub_is_preferred_over_pdf_of_the_same_book() -> None:
    pdf = ebook("Andy Weir - Project Hail Mary (2021) [PDF]", seeders=90)
    epub = ebook("Andy Weir - Project Hail Mary (2021) [EPUB]", seeders=5)
    ranked = rank_ebooks(BOOK, [pdf, epub], EbookProfile())
    assert [r.release for r in ranked] == [epub, pdf]
    assert all(r.accepted for r in ranked)
    assert ranked[0].breakdown["format"]["detail"].startswith("EPUB (preference 1")


def test_the_admins_format_order_decides() -> None:
    pdf = ebook("Andy Weir - Project Hail Mary [PDF]")
    epub = ebook("Andy Weir - Project Hail Mary [EPUB]")
    profile = EbookProfile(formats=(EbookFormat.PDF, EbookFormat.EPUB))
    assert rank_ebooks(BOOK, [epub, pdf], profile)[0].release == pdf


def test_azw3_and_mobi_rank_between_epub_and_pdf() -> None:
    titles = ["Project Hail Mary - Andy Weir.pdf", "Project Hail Mary - Andy Weir.mobi",
              "Project Hail Mary - Andy Weir.epub", "Project Hail Mary - Andy Weir.azw3"]  # fmt: skip
    ranked = rank_ebooks(BOOK, [ebook(t) for t in titles], EbookProfile())
    assert [formats_named(r.release.title)[0] for r in ranked] == [
        EbookFormat.EPUB, EbookFormat.AZW3, EbookFormat.MOBI, EbookFormat.PDF,
    ]  # fmt: skip


def test_wrong_author_is_refused() -> None:
    ranked = rank_ebooks(BOOK, [ebook("Jane Doe - Project Hail Mary [EPUB]")], EbookProfile())
    assert not ranked[0].accepted
    assert RankingRule.AUTHOR_NOT_FOUND in ranked[0].codes


def test_another_title_is_refused() -> None:
    ranked = rank_ebooks(BOOK, [ebook("Andy Weir - The Martian [EPUB]")], EbookProfile())
    assert RankingRule.TITLE_NOT_FOUND in ranked[0].codes


def test_a_release_outside_the_book_categories_is_refused() -> None:
    audio = ebook("Andy Weir - Project Hail Mary [EPUB]", categories=(3030,))
    ranked = rank_ebooks(BOOK, [audio], EbookProfile())
    assert EbookRule.NOT_BOOK_CATEGORY in ranked[0].codes


def test_a_title_without_an_ebook_format_is_refused() -> None:
    ranked = rank_ebooks(BOOK, [ebook("Andy Weir - Project Hail Mary [M4B]")], EbookProfile())
    assert EbookRule.FORMAT_UNKNOWN in ranked[0].codes


def test_a_format_the_admin_left_out_is_refused() -> None:
    profile = EbookProfile(formats=(EbookFormat.EPUB,))
    ranked = rank_ebooks(BOOK, [ebook("Andy Weir - Project Hail Mary [PDF]")], profile)
    assert EbookRule.FORMAT_NOT_WANTED in ranked[0].codes


def test_an_audiobook_sized_release_is_too_large() -> None:
    ranked = rank_ebooks(
        BOOK, [ebook("Andy Weir - Project Hail Mary [EPUB]", size_mb=700)], EbookProfile()
    )
    assert EbookRule.TOO_LARGE in ranked[0].codes


def test_no_runtime_rule_applies_to_ebooks() -> None:
    book = BookProfile(title="Project Hail Mary", authors=("Andy Weir",), runtime_minutes=970)
    ranked = rank_ebooks(book, [ebook("Andy Weir - Project Hail Mary [EPUB]", 1)], EbookProfile())
    assert ranked[0].accepted, ranked[0].reasons
    assert "size" not in ranked[0].breakdown


def test_a_torrent_without_seeders_is_refused() -> None:
    ranked = rank_ebooks(
        BOOK, [ebook("Andy Weir - Project Hail Mary [EPUB]", seeders=0)], EbookProfile()
    )
    assert RankingRule.TOO_FEW_SEEDERS in ranked[0].codes
