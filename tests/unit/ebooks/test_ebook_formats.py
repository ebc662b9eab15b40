"""File-type verification by content: an extension alone never makes a file an ebook."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from earmark.ebooks.formats import (
    EbookFormat,
    content_format,
    formats_named,
    verified_files,
)


def write_epub(
    path: Path, mimetype: bytes = b"application/epub+zip", first: str = "mimetype"
) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        if first != "mimetype":
            archive.writestr(first, b"<html/>")
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("OEBPS/content.opf", b"<package/>")
    return path


def write_mobi(path: Path) -> Path:
    path.write_bytes(b"Project Hail Mary".ljust(60, b"\0") + b"BOOKMOBI" + b"\0" * 200)
    return path


def test_an_epub_is_a_zip_whose_mimetype_entry_says_so(tmp_path: Path) -> None:
    assert content_format(write_epub(tmp_path / "book.epub")) is EbookFormat.EPUB


def test_a_zip_with_another_mimetype_is_not_an_epub(tmp_path: Path) -> None:
    fake = write_epub(tmp_path / "book.epub", mimetype=b"application/zip")
    assert content_format(fake) is None


def test_a_zip_whose_first_entry_is_not_mimetype_is_not_an_epub(tmp_path: Path) -> None:
    assert content_format(write_epub(tmp_path / "book.epub", first="index.html")) is None


def test_a_pdf_starts_with_its_magic(tmp_path: Path) -> None:
    pdf = tmp_path / "book.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert content_format(pdf) is EbookFormat.PDF


def test_mobi_and_azw3_carry_bookmobi_at_offset_60(tmp_path: Path) -> None:
    assert content_format(write_mobi(tmp_path / "book.mobi")) is EbookFormat.MOBI
    assert content_format(write_mobi(tmp_path / "book.azw3")) is EbookFormat.AZW3


def test_bookmobi_elsewhere_is_not_a_mobi(tmp_path: Path) -> None:
    path = tmp_path / "book.mobi"
    path.write_bytes(b"BOOKMOBI" + b"\0" * 200)
    assert content_format(path) is None


def test_a_renamed_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "book.epub").write_bytes(b"%PDF-1.4 really a pdf")
    (tmp_path / "book.pdf").write_bytes(b"<html>not a pdf</html>")
    assert verified_files(tmp_path) == []


def test_verified_files_finds_real_ebooks_in_a_download_folder(tmp_path: Path) -> None:
    folder = tmp_path / "Andy Weir - Project Hail Mary"
    folder.mkdir()
    epub = write_epub(folder / "Project Hail Mary.epub")
    (folder / "cover.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "readme.txt").write_text("enjoy")
    assert verified_files(folder) == [(epub, EbookFormat.EPUB)]
    assert verified_files(epub) == [(epub, EbookFormat.EPUB)]


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("Andy Weir - Project Hail Mary [EPUB]", (EbookFormat.EPUB,)),
        ("Project Hail Mary (PDF + MOBI)", (EbookFormat.PDF, EbookFormat.MOBI)),
        ("project.hail.mary.azw3", (EbookFormat.AZW3,)),
        ("Project Hail Mary [M4B]", ()),
        ("Epubcheck guide", ()),
    ],
)
def test_formats_named_in_titles(title: str, named: tuple[EbookFormat, ...]) -> None:
    assert formats_named(title) == named
