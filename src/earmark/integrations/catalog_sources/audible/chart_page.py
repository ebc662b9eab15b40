"""Reads the ranked entries of Audible's best-seller and new-release pages (store HTML).

Each entry is an `li.productListItem`. Its ASIN is the first `data-asin` attribute inside it,
else the ASIN of its first product link (`/pd/<slug>/<ASIN>`, or `/ac/…` on newer pages); its
title is the text of the `h3` link. Entries without an ASIN are skipped, repeats keep their first
rank. Only the ranking is taken from the page: the catalog API supplies the metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_PRODUCT_LINK = re.compile(r"/(?:pd|ac)/[^/?#]+/([A-Z0-9]{10})(?:[/?#]|$)")
_ASIN = re.compile(r"^[A-Z0-9]{10}$")
ITEM_CLASS = "productListItem"


@dataclass(frozen=True)
class ChartEntry:
    asin: str
    title: str


class _ChartPageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.entries: list[ChartEntry] = []
        self._li_depth = 0  # open <li> elements inside the current entry, itself included
        self._asin = ""
        self._linked_asin = ""
        self._in_heading = False
        self._title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if self._li_depth == 0:
            if tag == "li" and ITEM_CLASS in values.get("class", "").split():
                self._li_depth = 1
                self._asin = self._linked_asin = ""
                self._title = []
            return
        if tag == "li":
            self._li_depth += 1
        if not self._asin and _ASIN.match(values.get("data-asin", "")):
            self._asin = values["data-asin"]
        if tag == "a" and not self._linked_asin:
            found = _PRODUCT_LINK.search(values.get("href", ""))
            self._linked_asin = found.group(1) if found else ""
        if tag == "h3":
            self._in_heading = True

    def handle_endtag(self, tag: str) -> None:
        if self._li_depth == 0:
            return
        if tag == "h3":
            self._in_heading = False
        if tag == "li":
            self._li_depth -= 1
            if self._li_depth == 0:
                self._close_entry()

    def handle_data(self, data: str) -> None:
        if self._in_heading:
            self._title.append(data)

    def _close_entry(self) -> None:
        asin = self._asin or self._linked_asin
        if asin and all(entry.asin != asin for entry in self.entries):
            self.entries.append(ChartEntry(asin, " ".join("".join(self._title).split())))


def parse_chart_page(html: str) -> list[ChartEntry]:
    """The page's entries in rank order."""
    parser = _ChartPageParser()
    parser.feed(html)
    parser.close()
    return parser.entries
