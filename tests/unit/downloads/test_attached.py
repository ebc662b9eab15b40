"""Hand-found releases: recognised by content, and read back for the grab step."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from earmark.core.errors import InvalidInput
from earmark.downloads.attached import (
    ATTACHED_SOURCE,
    MAX_FILE_BYTES,
    attached_source,
    from_file,
    from_magnet,
)
from earmark.downloads.models import DownloadHistory
from earmark.integrations.download_clients import MagnetLink, TorrentFile
from earmark.integrations.download_clients.nzb import NzbFile

HASH = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a"
# A minimal single-file .torrent: its info dictionary is all the hash needs.
TORRENT = b"d4:infod6:lengthi3e4:name5:a.mp312:piece lengthi16384e6:pieces20:" + b"x" * 20 + b"ee"
NZB = b'<?xml version="1.0"?><nzb xmlns="http://www.newzbin.com/DTD/2003/nzb"></nzb>'


def test_a_magnet_is_named_by_its_display_name() -> None:
    found = from_magnet(f"  magnet:?xt=urn:btih:{HASH}&dn=The+Orchard%20Almanac  ")
    assert (found.kind, found.name, found.info_hash) == ("magnet", "The Orchard Almanac", HASH)
    assert from_magnet(f"magnet:?xt=urn:btih:{HASH}").name == "Magnet link"


def test_files_are_recognised_by_content_not_by_name() -> None:
    assert from_file("book.nzb", TORRENT).kind == "torrent"
    assert from_file("book.torrent", NZB).kind == "nzb"
    assert from_file("My Book.torrent", TORRENT).name == "My Book"


@pytest.mark.parametrize(
    ("data", "words"),
    [(b"", "empty"), (b"x" * (MAX_FILE_BYTES + 1), "larger than"), (b"<html>", "neither")],
)
def test_unusable_files_are_refused(data: bytes, words: str) -> None:
    with pytest.raises(InvalidInput, match=words):
        from_file("x", data)


def _row(**fields: object) -> DownloadHistory:
    return DownloadHistory(id=uuid.uuid4(), request_id=uuid.uuid4(), **fields)


def test_the_grab_reads_back_what_was_attached(tmp_path: Path) -> None:
    magnet = f"magnet:?xt=urn:btih:{HASH}"
    assert attached_source(tmp_path, _row(indexer_name=ATTACHED_SOURCE, magnet_link=magnet)) == (
        MagnetLink(magnet)
    )
    torrent = _row(indexer_name=ATTACHED_SOURCE, protocol="torrent")
    (tmp_path / f"{torrent.id}.torrent").write_bytes(TORRENT)
    assert attached_source(tmp_path, torrent) == TorrentFile(TORRENT)
    nzb = _row(indexer_name=ATTACHED_SOURCE, protocol="usenet", torrent_name="Orchard")
    (tmp_path / f"{nzb.id}.nzb").write_bytes(NZB)
    assert attached_source(tmp_path, nzb) == NzbFile(NZB, "Orchard.nzb")


def test_rows_from_indexers_are_left_to_the_indexer_and_lost_files_are_explained(
    tmp_path: Path,
) -> None:
    assert attached_source(tmp_path, _row(indexer_name="AudioBookBay", magnet_link="m")) is None
    with pytest.raises(InvalidInput, match="attach it again"):
        attached_source(tmp_path, _row(indexer_name=ATTACHED_SOURCE, protocol="torrent"))
