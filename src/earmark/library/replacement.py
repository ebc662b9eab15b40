"""Replacing a reported copy (docs/problems.md).

`start_replacement` (an admin's action) blocklists the release that was downloaded and sends the
request through the pipeline again (search → grab → monitor → import → scan → match). The old
files stay in the library until the replacement is imported: the import wraps its organizer with
`keeping_old_copy`, which removes the old folder only after the new copy is in place. When the
new copy lands in the old copy's folder, the old files are moved aside first and put back if the
import fails. A replacement that finds no new copy puts the request back to available
(`requests/problems.replacement_stopped`).
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from earmark.core.errors import NotFound
from earmark.core.events import EventLog
from earmark.downloads import repository as downloads_repo
from earmark.downloads.models import DownloadStatus
from earmark.library.book_info import BookInfo
from earmark.library.organizer import OrganizeResult
from earmark.requests.lifecycle import transition
from earmark.requests.models import Audiobook, ProblemReport, Request
from earmark.requests.problems import clean_note, require_open_report
from earmark.requests.service import enqueue_search
from earmark.requests.states import RequestAction, RequestStatus
from earmark.rule_codes import MonitorRule, Rejection

Organize = Callable[[Path, BookInfo], OrganizeResult]
"""The importer's organizer (`library/importer.Organize`, which cannot be imported here: the
importer imports this module)."""
TargetFolder = Callable[[BookInfo], Path]

ASIDE_SUFFIX = ".earmark-replaced"
"""The old copy's folder is renamed to `<folder>.earmark-replaced` while a replacement is
imported into the same folder."""


def start_replacement(
    session: Session,
    request_id: uuid.UUID,
    admin_id: uuid.UUID,
    note: str | None,
    *,
    now: datetime,
    log: EventLog | None = None,
) -> ProblemReport:
    """Blocklist the reported copy's release and search for another (in the caller's
    transaction). The report stays open until the new copy is imported."""
    request = session.get(Request, request_id)
    if request is None:
        raise NotFound("No such request.")
    report = require_open_report(session, request, RequestAction.REPLACE)
    book = session.get_one(Audiobook, request.audiobook_id)
    download = downloads_repo.current_download(session, request.id)
    rejection = Rejection(
        MonitorRule.REPORTED_PROBLEM, f"reported as {report.reason.label.lower()} and replaced"
    )
    if download is not None:
        download.blocklisted = True
        download.download_error = rejection.coded_text()
        if download.download_status != DownloadStatus.COMPLETED:
            download.download_status = DownloadStatus.FAILED
    report.replace_started_at = now
    report.replacing_path = book.file_path
    report.replace_note = None
    report.admin_note = clean_note(note)
    report.resolved_by = admin_id
    reason = f"Replacing the copy ({report.reason.label.lower()}); the old copy stays until then"
    transition(session, request, RequestStatus.SEARCHING, now=now, reason=reason, log=log)
    enqueue_search(session, request, now)
    return report


def keeping_old_copy(
    organize: Organize, old_folder: Path, target_folder: TargetFolder, log: EventLog
) -> Organize:
    """`organize`, for a replacement of the copy in `old_folder`: the old files are removed only
    once the new copy is imported, and are kept (or put back) when the import fails."""

    def run(source: Path, book: BookInfo) -> OrganizeResult:
        target = target_folder(book)
        aside = old_folder.with_name(old_folder.name + ASIDE_SUFFIX)
        # The new copy goes where the old one is: move the old files out of its way first.
        moved = _lands_in(target, old_folder) and _move(old_folder, aside)
        try:
            result = organize(source, book)
        except BaseException:
            if moved:
                _put_back(old_folder, aside)
            raise
        removed = aside if moved else old_folder
        if _removable(removed) and not _lands_in(result.target_dir, removed):
            shutil.rmtree(removed, ignore_errors=True)
            log.info(f"Removed the replaced copy's files from {old_folder}")
        return result

    return run


def _removable(folder: Path) -> bool:
    """An existing book folder, never a filesystem root or a top-level folder (a mistake)."""
    return folder.is_dir() and len(folder.resolve().parts) > 2


def _lands_in(target: Path, folder: Path) -> bool:
    """True when the import's target is `folder` or inside it (it would mix with the old files)."""
    return target == folder or target.is_relative_to(folder)


def _move(folder: Path, aside: Path) -> bool:
    if not folder.is_dir() or aside.exists():
        return False
    folder.rename(aside)
    return True


def _put_back(folder: Path, aside: Path) -> None:
    """The replacement failed: whatever it left in the folder goes, the old files come back."""
    if folder.exists():
        shutil.rmtree(folder, ignore_errors=True)
    aside.rename(folder)
