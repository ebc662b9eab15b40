"""Sidecars: a well-formed, escaped OPF 2.0 document, description and narrator files, the cover."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from earmark.library.book_info import BookInfo
from earmark.library.sidecars import build_opf, write_cover, write_sidecars

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"

BOOK = BookInfo(
    title='Fish & Chips <"Special">',
    author="Zoë Author",
    narrator="N. Reader",
    series="Fry Saga",
    series_position="2.5",
    year=2019,
    asin="B0FRY00001",
    description="First line.\nSecond\x00 line.",
    genres=("Food", "Humour"),
)


def test_build_opf_values_escaped_and_parseable() -> None:
    package = ET.fromstring(build_opf(BOOK))
    assert package.tag == f"{OPF}package"
    assert package.get("version") == "2.0"
    metadata = package.find(f"{OPF}metadata")
    assert metadata is not None
    assert metadata.findtext(f"{DC}title") == 'Fish & Chips <"Special">'
    creators = {c.get(f"{OPF}role"): c.text for c in metadata.findall(f"{DC}creator")}
    assert creators == {"aut": "Zoë Author", "nrt": "N. Reader"}
    assert metadata.findtext(f"{DC}description") == "First line.\nSecond line."
    assert [s.text for s in metadata.findall(f"{DC}subject")] == ["Food", "Humour"]
    identifier = metadata.find(f"{DC}identifier")
    assert identifier is not None
    assert (identifier.text, identifier.get(f"{OPF}scheme")) == ("B0FRY00001", "ASIN")
    metas = {m.get("name"): m.get("content") for m in metadata.findall(f"{OPF}meta")}
    assert metas == {"calibre:series": "Fry Saga", "calibre:series_index": "2.5"}


def test_build_opf_missing_values_omitted() -> None:
    metadata = ET.fromstring(build_opf(BookInfo(title="T", author="A"))).find(f"{OPF}metadata")
    assert metadata is not None
    assert [child.tag for child in metadata] == [f"{DC}title", f"{DC}creator"]


def test_write_sidecars_writes_opf_description_and_reader(tmp_path: Path) -> None:
    written = write_sidecars(tmp_path, BOOK)
    assert sorted(p.name for p in written) == ["desc.txt", "metadata.opf", "reader.txt"]
    assert (tmp_path / "reader.txt").read_text() == "N. Reader\n"
    assert (tmp_path / "desc.txt").read_text() == "First line.\nSecond line.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desc.txt", "metadata.opf", "reader.txt"]


def test_write_cover_png_and_jpeg_named_by_content(tmp_path: Path) -> None:
    assert write_cover(tmp_path, b"\xff\xd8\xff\xe0jpeg").name == "cover.jpg"
    assert write_cover(tmp_path, b"\x89PNG\r\n\x1a\nrest").name == "cover.png"
