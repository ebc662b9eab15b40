"""Releases an admin found by hand (a magnet, a .torrent or an .nzb) attached to a request.

The release becomes an accepted download row of the request, marked by its indexer name, and the
normal chain takes it from the grab step: download_torrent sends it (its source read from the row
or from the stored file, never fetched through the indexer), monitor_download follows it and
organize_files verifies and imports it. Files are stored under the data folder by row id.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal
from urllib.parse import unquote_plus

from sqlalchemy.orm import Session

from earmark.core.errors import InvalidInput
from earmark.core.events import EventLog
from earmark.downloads.models import DownloadHistory, DownloadStatus
from earmark.downloads.service import enqueue_grab
from earmark.integrations.download_clients.nzb import NzbFile, NzbSource, nzb_filename
from earmark.integrations.download_clients.sources import (
    MagnetLink,
    TorrentFile,
    TorrentSource,
    info_hash_from_magnet,
    info_hash_from_torrent,
)
from earmark.requests.guards import require_allowed
from earmark.requests.models import Request
from earmark.requests.states import RequestAction, RequestStatus
from earmark.requests.walk import walk_to

ATTACHED_SOURCE = "Added by hand"
"""The indexer name of a download row an admin attached."""
MAX_FILE_BYTES = 768 * 1024  # base64 in a JSON body stays under the API's 1 MiB limit
_NZB_MARK = re.compile(rb"<nzb[\s>]", re.IGNORECASE)
Kind = Literal["magnet", "torrent", "nzb"]


@dataclass(frozen=True)
class HandFound:
    kind: Kind
    name: str
    magnet: str | None = None
    data: bytes | None = None
    info_hash: str | None = None


def _display_name(magnet: str) -> str:
    found = re.search(r"[?&]dn=([^&]+)", magnet)
    if not found:
        return "Magnet link"
    return unquote_plus(found.group(1))[:300] or "Magnet link"


def from_magnet(link: str) -> HandFound:
    """A magnet link with a BitTorrent info-hash."""
    text = link.strip()
    if not text.lower().startswith("magnet:"):
        raise InvalidInput("Give a magnet link (magnet:?xt=urn:btih:…) or an http(s) link.")
    try:
        info_hash = info_hash_from_magnet(text)
    except InvalidInput as exc:
        raise InvalidInput(f"That magnet link cannot be used: {exc.message}.") from exc
    return HandFound("magnet", _display_name(text), magnet=text, info_hash=info_hash)


def from_file(name: str, data: bytes) -> HandFound:
    """An uploaded or downloaded .torrent or .nzb, recognised by its content."""
    if not data:
        raise InvalidInput("The file is empty.")
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(f"The file is larger than {MAX_FILE_BYTES // 1024} KiB.")
    stem = Path(name or "release").stem[:300] or "release"
    if _NZB_MARK.search(data[:4096]):
        return HandFound("nzb", stem, data=data)
    if data[:1] == b"d":
        try:
            return HandFound("torrent", stem, data=data, info_hash=info_hash_from_torrent(data))
        except InvalidInput as exc:
            raise InvalidInput(f"That .torrent cannot be read: {exc.message}.") from exc
    raise InvalidInput("That is neither a .torrent nor an .nzb file.")


def attached_store(data_dir: Path) -> Path:
    """Where attached .torrent and .nzb files are kept, under Earmark's data folder."""
    return data_dir / "attached-releases"


def _stored(store: Path, row_id: uuid.UUID, kind: Kind) -> Path:
    return store / f"{row_id}.{kind}"


def attach_release(
    session: Session,
    request: Request,
    found: HandFound,
    store: Path,
    *,
    now: datetime,
    log: EventLog | None = None,
) -> DownloadHistory:
    """Make `found` the request's next download and queue its grab."""
    require_allowed(request.status, RequestAction.ATTACH_RELEASE)
    row = DownloadHistory(
        id=uuid.uuid4(),
        request_id=request.id,
        indexer_name=ATTACHED_SOURCE,
        torrent_name=found.name,
        torrent_hash=found.info_hash,
        magnet_link=found.magnet,
        protocol="usenet" if found.kind == "nzb" else "torrent",
        release_guid=f"attached:{uuid.uuid4()}",
        accepted=True,
        download_status=DownloadStatus.QUEUED,
        created_at=now,
    )
    if found.data is not None:
        store.mkdir(mode=0o700, parents=True, exist_ok=True)
        _stored(store, row.id, found.kind).write_bytes(found.data)
    session.add(row)
    session.flush()
    if request.status != RequestStatus.SEARCHING:
        walk_to(
            session,
            request,
            RequestStatus.SEARCHING,
            now=now,
            reason="release added by hand",
            log=log,
        )
    enqueue_grab(session, request, row, now)
    return row


def attached_source(store: Path, row: DownloadHistory) -> TorrentSource | NzbSource | None:
    """The source of an attached row (None for rows an indexer found)."""
    if row.indexer_name != ATTACHED_SOURCE:
        return None
    if row.magnet_link:
        return MagnetLink(row.magnet_link)
    kind: Kind = "nzb" if row.protocol == "usenet" else "torrent"
    path = _stored(store, row.id, kind)
    if not path.is_file():
        raise InvalidInput("The attached file is gone from the data folder; attach it again.")
    if kind == "nzb":
        return NzbFile(path.read_bytes(), nzb_filename(row.torrent_name or "release"))
    return TorrentFile(path.read_bytes())
