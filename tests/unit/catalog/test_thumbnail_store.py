"""The thumbnail cache answers whether a cover is cached for exactly the ASINs it holds."""

from __future__ import annotations

from pathlib import Path

from earmark.catalog.covers import ThumbnailStore


def test_has_sees_saved_covers_only_and_never_leaves_its_directory(tmp_path: Path) -> None:
    store = ThumbnailStore(tmp_path / "thumbnails")
    assert not store.has("B000000001")  # no directory yet
    store.save("b000000001", b"\xff\xd8 a picture")
    (tmp_path / "thumbnails" / "B000000002.jpg").mkdir()  # a folder is not a cover
    (tmp_path / "B000000003.jpg").write_bytes(b"\xff\xd8 outside the cache")

    assert store.has("B000000001")
    assert not store.has("B000000002")
    assert not store.has("../B000000003")  # not an ASIN: never looked up
    assert not store.has("b000000001")  # ASINs are stored upper-cased, as the catalog keeps them
