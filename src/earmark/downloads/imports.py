"""Retrying an import by hand (an admin, after fixing what the reason said).

It lives with downloads (it needs the finished download), not with requests: requests must not
import downloads, which imports requests.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from earmark.core.errors import Conflict
from earmark.downloads import repository as downloads_repo
from earmark.downloads.service import enqueue_import
from earmark.requests.lifecycle import transition
from earmark.requests.models import Request

RETRYABLE = frozenset({"warn", "awaiting_import", "failed", "downloaded"})


def retry_import(session: Session, request: Request, *, now: datetime) -> None:
    if request.status not in RETRYABLE:
        raise Conflict(
            f"A request that is {request.status.replace('_', ' ')} has no import to retry."
        )
    download = downloads_repo.current_download(session, request.id)
    if download is None or download.download_status != "completed" or not download.download_path:
        raise Conflict(
            "There is no finished download to import for this request; retry the search."
        )
    request.import_attempts = 0
    if request.status == "failed":
        transition(session, request, "searching", now=now)
        transition(session, request, "downloading", now=now)
    transition(session, request, "processing", now=now, reason="import retried by an admin")
    enqueue_import(session, request, download, now)
