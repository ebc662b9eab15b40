"""Small real ebook files for the demo and tests: an EPUB (zip, `mimetype` first and stored)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

_CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
"""


def make_epub(path: Path, *, title: str, author: str) -> Path:
    """Write a minimal EPUB 3 of one chapter at `path` (its folder is created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    t, a = escape(title), escape(author)
    opf = f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">earmark-demo</dc:identifier><dc:title>{t}</dc:title>
    <dc:creator>{a}</dc:creator><dc:language>en</dc:language>
  </metadata>
  <manifest><item id="c1" href="chapter1.xhtml" media-type="application/xhtml+xml"/></manifest>
  <spine><itemref idref="c1"/></spine>
</package>
"""
    chapter = f"<html xmlns='http://www.w3.org/1999/xhtml'><body><h1>{t}</h1><p>{a}</p></body></html>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", _CONTAINER)
        archive.writestr("OEBPS/content.opf", opf)
        archive.writestr("OEBPS/chapter1.xhtml", chapter)
    return path
