"""Existing files and hand-found releases for a request (an admin's action).

An admin may point a request at a folder already on the server (an old rip, a download made by
hand) or attach a release found elsewhere (a magnet, a .torrent or .nzb). Either becomes the
request's selected download row and enters the normal chain at the right step: a folder goes to
`organize_files` (the same verification, organizing and tagging as any download), a release to
`download_torrent` (grab → monitor → import). Folders are accepted only inside the allowed roots:
the download folder and the `import.existing_roots` setting, compared after symlinks are resolved.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from earmark.core.errors import InvalidInput
from earmark.core.events import EventLog
from earmark.downloads.models import DownloadHistory, DownloadStatus
from earmark.downloads.service import enqueue_import
from earmark.library.audio_files import find_audio_files
from earmark.requests.guards import require_allowed
from earmark.requests.models import Request
from earmark.requests.states import RequestAction, RequestStatus
from earmark.requests.walk import walk_to

EXISTING_FILES_SOURCE = "Existing files"
"""The indexer name of a download row made from a folder on the server."""


def allowed_roots(downloads: str, extra: str) -> list[Path]:
    """The folders imports may come from: the download folder and the `;`-separated extras."""
    texts = [downloads, *extra.split(";")]
    return [Path(text.strip()) for text in texts if text.strip()]


def checked_folder(path_text: str, roots: Sequence[Path]) -> Path:
    """The folder (or single file) to import, resolved; refused unless it exists inside a root
    and holds audio. Each refusal says what to change."""
    text = (path_text or "").strip()
    if not text or "\x00" in text:
        raise InvalidInput("Give the path of a folder on the server.")
    if not Path(text).is_absolute():
        raise InvalidInput(f"'{text}' is not an absolute path; give the full path from /.")
    resolved = Path(os.path.realpath(text))
    real_roots = [Path(os.path.realpath(root)) for root in roots]
    if not any(resolved == root or resolved.is_relative_to(root) for root in real_roots):
        allowed = ", ".join(str(root) for root in roots) or "none configured"
        raise InvalidInput(
            f"'{text}' is outside the folders existing files may be imported from ({allowed}). "
            "Add its folder to 'import.existing_roots' in the import settings."
        )
    if not resolved.exists():
        raise InvalidInput(f"'{text}' does not exist on the server.")
    if not find_audio_files(resolved):
        raise InvalidInput(f"'{text}' contains no audio files Earmark can import.")
    return resolved


def _drop_selection(session: Session, request: Request) -> None:
    """The download chosen before is no longer the request's; it stays in the history."""
    for row in session.query(DownloadHistory).filter(
        DownloadHistory.request_id == request.id, DownloadHistory.selected.is_(True)
    ):
        row.selected = False


def import_existing(
    session: Session, request: Request, folder: Path, *, now: datetime, log: EventLog | None = None
) -> DownloadHistory:
    """Queue the import of `folder` (checked by `checked_folder`) for the request."""
    require_allowed(request.status, RequestAction.IMPORT_EXISTING)
    _drop_selection(session, request)
    row = DownloadHistory(
        request_id=request.id,
        indexer_name=EXISTING_FILES_SOURCE,
        torrent_name=folder.name,
        download_path=str(folder),
        selected=True,
        accepted=True,
        download_status=DownloadStatus.COMPLETED,
        started_at=now,
        completed_at=now,
        created_at=now,
    )
    session.add(row)
    session.flush()
    walk_to(
        session,
        request,
        RequestStatus.PROCESSING,
        now=now,
        reason=f"Importing existing files from {folder}",
        log=log,
    )
    enqueue_import(session, request, row, now)
    return row
