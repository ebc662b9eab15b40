"""Bounds of every page number and offset a caller may ask for.

Unbounded numbers reach the database as LIMIT/OFFSET and overflow SQLite's 64-bit integers (a
500); no list Earmark shows is anywhere near these sizes.
"""

from __future__ import annotations

from typing import Final

MAX_PAGE: Final = 10_000
MAX_OFFSET: Final = 1_000_000
