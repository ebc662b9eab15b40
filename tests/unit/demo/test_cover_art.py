"""The demo's drawn covers are well-formed PNGs that show the book's title."""

from __future__ import annotations

import struct
import zlib

from earmark.demo.fakes.cover_art import SIZE, cover_png


def _chunks(png: bytes) -> dict[bytes, bytes]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    chunks, at = {}, 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", png[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + data), kind
        chunks[kind] = data
        at += 12 + length
    return chunks


def _pixels(png: bytes) -> bytes:
    chunks = _chunks(png)
    width, height, depth, colour_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (width, height, depth, colour_type) == (SIZE, SIZE, 8, 2)
    raw = zlib.decompress(chunks[b"IDAT"])
    assert len(raw) == SIZE * (1 + 3 * SIZE)
    return raw


def test_a_cover_is_a_valid_png_with_light_title_ink_on_its_dark_field() -> None:
    raw = _pixels(cover_png("B0036UC5QY", "Foundation", "Isaac Asimov"))
    rows = [raw[y * (1 + 3 * SIZE) + 1 : (y + 1) * (1 + 3 * SIZE)] for y in range(SIZE)]
    title_area = b"".join(rows[40:220])
    brightness = [sum(title_area[x : x + 3]) for x in range(0, len(title_area), 3)]
    ink = sum(1 for b in brightness if b > 600)
    assert 1000 < ink < len(brightness) // 4  # letters, on a field that stays mostly dark
    assert min(brightness) < 300


def test_the_same_book_gets_the_same_cover_and_other_books_other_ones() -> None:
    first = cover_png("B0036UC5QY", "Foundation", "Isaac Asimov")
    assert cover_png("B0036UC5QY", "Foundation", "Isaac Asimov") == first
    assert cover_png("B0036UC5QY", "Foundation and Empire", "Isaac Asimov") != first


def test_long_titles_and_accents_still_make_a_picture() -> None:
    title = "Die außergewöhnliche Geschichte des Café Zürich: Ein Roman in sieben Nächten"
    _pixels(cover_png("B07XYZ1234", title, "Zoë Müller-Lüdenscheidt"))
