"""Retrying an import by hand (an admin, after fixing what the reason said).

It lives with downloads (it needs the finished download), not with requests: requests must not
import downloads, which imports requests.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from earmark.core.errors import Conflict
from earmark.downloads import repository as downloads_repo
from earmark.downloads.models import DownloadStatus
from earmark.downloads.service import enqueue_import
from earmark.requests.guards import require_allowed
from earmark.requests.lifecycle import transition
from earmark.requests.models import Request
from earmark.requests.states import RequestAction, RequestStatus


def retry_import(session: Session, request: Request, *, now: datetime) -> None:
    require_allowed(request.status, RequestAction.RETRY_IMPORT)
    download = downloads_repo.current_download(session, request.id)
    if (
        download is None
        or download.download_status != DownloadStatus.COMPLETED
        or not download.download_path
    ):
        raise Conflict(
            "There is no finished download to import for this request; retry the search."
        )
    request.import_attempts = 0
    if request.status == RequestStatus.FAILED:
        transition(session, request, RequestStatus.SEARCHING, now=now)
        transition(session, request, RequestStatus.DOWNLOADING, now=now)
    transition(
        session, request, RequestStatus.PROCESSING, now=now, reason="import retried by an admin"
    )
    enqueue_import(session, request, download, now)
