"""Files written next to the audio: metadata.opf, desc.txt, reader.txt and the cover image."""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET
from pathlib import Path

from earmark.core.images import is_png
from earmark.library.book_info import BookInfo
from earmark.library.tagging import clean_tag_value

_OPF_NAMESPACE = "http://www.idpf.org/2007/opf"
_DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"


def write_sidecars(folder: Path, book: BookInfo) -> list[Path]:
    """metadata.opf always; desc.txt and reader.txt when there is a description / narrator."""
    written = [_write_atomically(folder / "metadata.opf", build_opf(book))]
    description = clean_tag_value(book.description, multiline=True)
    if description:
        written.append(_write_atomically(folder / "desc.txt", (description + "\n").encode()))
    narrator = clean_tag_value(book.narrator)
    if narrator:
        written.append(_write_atomically(folder / "reader.txt", (narrator + "\n").encode()))
    return written


def write_cover(folder: Path, cover: bytes) -> Path:
    """Save the cover as cover.jpg (cover.png when the image is a PNG)."""
    name = "cover.png" if is_png(cover) else "cover.jpg"
    return _write_atomically(folder / name, cover)


def build_opf(book: BookInfo) -> bytes:
    """An OPF 2.0 package document as Audiobookshelf and Calibre read it (escaped by ElementTree)."""
    # Prefixed names are written literally (with their xmlns declarations) so the document has
    # the conventional `package` / `dc:` / `opf:` spelling readers look for.
    package = ET.Element(
        "package",
        {"xmlns": _OPF_NAMESPACE, "version": "2.0", "unique-identifier": "BookId"},
    )
    metadata = ET.SubElement(
        package, "metadata", {"xmlns:dc": _DC_NAMESPACE, "xmlns:opf": _OPF_NAMESPACE}
    )
    _add_dc(metadata, "title", book.title)
    _add_dc(metadata, "creator", book.author, role="aut")
    _add_dc(metadata, "creator", book.narrator, role="nrt")
    _add_dc(metadata, "date", str(book.year) if book.year else None)
    _add_dc(metadata, "description", book.description, multiline=True)
    for genre in book.genres:
        _add_dc(metadata, "subject", genre)
    identifier = _add_dc(metadata, "identifier", book.asin, scheme="ASIN")
    if identifier is not None:
        identifier.set("id", "BookId")
    _add_meta(metadata, "calibre:series", book.series)
    _add_meta(metadata, "calibre:series_index", book.series_position)
    ET.indent(package)
    document: bytes = ET.tostring(package, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _add_dc(
    parent: ET.Element,
    name: str,
    value: str | None,
    *,
    role: str | None = None,
    scheme: str | None = None,
    multiline: bool = False,
) -> ET.Element | None:
    text = clean_tag_value(value, multiline=multiline)
    if not text:
        return None
    element = ET.SubElement(parent, f"dc:{name}")
    element.text = text
    if role:
        element.set("opf:role", role)
    if scheme:
        element.set("opf:scheme", scheme)
    return element


def _add_meta(parent: ET.Element, name: str, value: str | None) -> None:
    text = clean_tag_value(value)
    if text:
        ET.SubElement(parent, "meta", {"name": name, "content": text})


def _write_atomically(target: Path, data: bytes) -> Path:
    partial = target.with_name(f".earmark-{secrets.token_hex(6)}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target
