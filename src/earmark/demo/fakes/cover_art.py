"""Cover pictures for the demo's made-up books: a PNG per book that looks like an audiobook cover
(a colour field from the book's ASIN, its title large, its author small), drawn with a 5x7 bitmap
font and written with zlib alone, so the demo needs no imaging library."""

from __future__ import annotations

import hashlib
import struct
import unicodedata
import zlib
from functools import lru_cache

SIZE = 300
"""Pixels per side (Audible's list covers are 500; 300 keeps a catalog page's covers quick)."""

# Columns of 7 bits, bit 0 the top row (the classic 5x7 LCD font).
_GLYPHS: dict[str, tuple[int, int, int, int, int]] = {
    "A": (0x7E, 0x11, 0x11, 0x11, 0x7E), "B": (0x7F, 0x49, 0x49, 0x49, 0x36),
    "C": (0x3E, 0x41, 0x41, 0x41, 0x22), "D": (0x7F, 0x41, 0x41, 0x22, 0x1C),
    "E": (0x7F, 0x49, 0x49, 0x49, 0x41), "F": (0x7F, 0x09, 0x09, 0x09, 0x01),
    "G": (0x3E, 0x41, 0x49, 0x49, 0x7A), "H": (0x7F, 0x08, 0x08, 0x08, 0x7F),
    "I": (0x00, 0x41, 0x7F, 0x41, 0x00), "J": (0x20, 0x40, 0x41, 0x3F, 0x01),
    "K": (0x7F, 0x08, 0x14, 0x22, 0x41), "L": (0x7F, 0x40, 0x40, 0x40, 0x40),
    "M": (0x7F, 0x02, 0x0C, 0x02, 0x7F), "N": (0x7F, 0x04, 0x08, 0x10, 0x7F),
    "O": (0x3E, 0x41, 0x41, 0x41, 0x3E), "P": (0x7F, 0x09, 0x09, 0x09, 0x06),
    "Q": (0x3E, 0x41, 0x51, 0x21, 0x5E), "R": (0x7F, 0x09, 0x19, 0x29, 0x46),
    "S": (0x46, 0x49, 0x49, 0x49, 0x31), "T": (0x01, 0x01, 0x7F, 0x01, 0x01),
    "U": (0x3F, 0x40, 0x40, 0x40, 0x3F), "V": (0x1F, 0x20, 0x40, 0x20, 0x1F),
    "W": (0x3F, 0x40, 0x38, 0x40, 0x3F), "X": (0x63, 0x14, 0x08, 0x14, 0x63),
    "Y": (0x07, 0x08, 0x70, 0x08, 0x07), "Z": (0x61, 0x51, 0x49, 0x45, 0x43),
    "0": (0x3E, 0x51, 0x49, 0x45, 0x3E), "1": (0x00, 0x42, 0x7F, 0x40, 0x00),
    "2": (0x42, 0x61, 0x51, 0x49, 0x46), "3": (0x21, 0x41, 0x45, 0x4B, 0x31),
    "4": (0x18, 0x14, 0x12, 0x7F, 0x10), "5": (0x27, 0x45, 0x45, 0x45, 0x39),
    "6": (0x3C, 0x4A, 0x49, 0x49, 0x30), "7": (0x01, 0x71, 0x09, 0x05, 0x03),
    "8": (0x36, 0x49, 0x49, 0x49, 0x36), "9": (0x06, 0x49, 0x49, 0x29, 0x1E),
    " ": (0x00, 0x00, 0x00, 0x00, 0x00), ".": (0x00, 0x60, 0x60, 0x00, 0x00),
    ",": (0x00, 0x50, 0x30, 0x00, 0x00), ":": (0x00, 0x36, 0x36, 0x00, 0x00),
    "-": (0x08, 0x08, 0x08, 0x08, 0x08), "'": (0x00, 0x05, 0x03, 0x00, 0x00),
    "!": (0x00, 0x00, 0x5F, 0x00, 0x00), "?": (0x02, 0x01, 0x51, 0x09, 0x06),
    "&": (0x36, 0x49, 0x55, 0x22, 0x50),
}  # fmt: skip

# (background top, background bottom, band, ink): dark fields with light ink, like most covers.
_PALETTES = (
    ((22, 38, 74), (9, 14, 33), (201, 162, 39), (245, 240, 225)),
    ((92, 18, 28), (38, 6, 12), (232, 196, 120), (250, 243, 230)),
    ((16, 70, 62), (5, 28, 26), (236, 208, 150), (240, 248, 244)),
    ((58, 32, 86), (20, 10, 36), (246, 160, 90), (250, 240, 250)),
    ((30, 30, 30), (8, 8, 8), (220, 60, 50), (245, 245, 245)),
    ((120, 70, 20), (50, 26, 6), (250, 226, 170), (255, 250, 240)),
    ((20, 60, 110), (60, 110, 160), (255, 255, 255), (255, 255, 255)),
)

Rgb = tuple[int, int, int]


@lru_cache(maxsize=512)
def cover_png(asin: str, title: str, author: str) -> bytes:
    """The cover of one book; the same book always gets the same picture."""
    top, bottom, band, ink = _PALETTES[hashlib.sha1(asin.encode()).digest()[0] % len(_PALETTES)]
    canvas = _Canvas(top, bottom)
    canvas.fill(0, 24, SIZE, 6, band)
    canvas.fill(0, SIZE - 30, SIZE, 6, band)
    words = _printable(title)
    scale = next((s for s in (5, 4) if _fits(words, s, lines=s - 2)), 3)
    lines = _wrap(words, scale, limit=scale - 2 if scale > 3 else 5) or ["UNTITLED"]
    step = 7 * scale + 2 * scale
    y = 30 + (200 - len(lines) * step) // 2  # centred between the top band and the author
    for line in lines:
        canvas.text(line, y, scale, ink)
        y += step
    name = _printable(author)
    name_scale = 3 if _fits(name, 3, lines=1) else 2
    canvas.text(
        " ".join(_wrap(name, name_scale, limit=1)), 236 + (3 - name_scale) * 3, name_scale, band
    )
    return canvas.png()


# Letters Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "ß": "ss", "Ł": "L", "ł": "l",
                          "Đ": "D", "đ": "d", "Œ": "OE", "œ": "oe", "Þ": "TH", "þ": "th"})  # fmt: skip


def _printable(text: str) -> str:
    """Upper case without accents, and only the characters the font has."""
    plain = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    plain = plain.encode("ascii", "ignore").decode().upper()
    return "".join(c if c in _GLYPHS else " " for c in plain)


def _fits(text: str, scale: int, lines: int) -> bool:
    """Every word whole and no more than `lines` lines at this size."""
    longest = max((len(word) for word in text.split()), default=0)
    return longest <= _per_line(scale) and len(_wrap(text, scale, limit=lines + 1)) <= lines


def _per_line(scale: int) -> int:
    return (SIZE - 24) // (6 * scale)


def _wrap(text: str, scale: int, limit: int) -> list[str]:
    """Words in lines that fit the cover's width (a word too long for a line is cut)."""
    per_line = _per_line(scale)
    lines: list[str] = []
    for whole_word in text.split():
        word = whole_word[:per_line]
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines[:limit]


class _Canvas:
    def __init__(self, top: Rgb, bottom: Rgb) -> None:
        self.rows = [
            bytearray(bytes(_mix(top, bottom, y / (SIZE - 1))) * SIZE) for y in range(SIZE)
        ]

    def fill(self, x: int, y: int, width: int, height: int, colour: Rgb) -> None:
        for row in self.rows[y : y + height]:
            row[3 * x : 3 * (x + width)] = bytes(colour) * width

    def text(self, line: str, y: int, scale: int, colour: Rgb) -> None:
        x = (SIZE - (len(line) * 6 - 1) * scale) // 2
        for char in line:
            for column, bits in enumerate(_GLYPHS[char]):
                for bit in range(7):
                    if bits >> bit & 1:
                        self.fill(x + column * scale, y + bit * scale, scale, scale, colour)
            x += 6 * scale

    def png(self) -> bytes:
        raw = b"".join(b"\0" + bytes(row) for row in self.rows)
        header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0)
        return b"\x89PNG\r\n\x1a\n" + b"".join(
            _chunk(kind, data)
            for kind, data in ((b"IHDR", header), (b"IDAT", zlib.compress(raw, 6)), (b"IEND", b""))
        )


def _mix(a: Rgb, b: Rgb, t: float) -> Rgb:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
