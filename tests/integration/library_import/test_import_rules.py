"""The importer records which import rule refused a download, on the release and in the result."""

from __future__ import annotations

import uuid
from pathlib import Path

from earmark.core.events import RecordingEventLog
from earmark.db.engine import transaction
from earmark.downloads.models import DownloadHistory
from earmark.library.book_info import BookInfo
from earmark.library.errors import ImportRetryable, VerificationFailed
from earmark.library.importer import Organize, import_download
from earmark.library.organizer import OrganizeResult
from earmark.requests.models import Audiobook, Request
from earmark.rule_codes import ImportRule
from earmark.users.models import User
from earmark.wiring import Services


def _downloaded(services: Services) -> tuple[uuid.UUID, uuid.UUID]:
    with transaction(services.sessions) as session:
        user = User(plex_id="plex-import-rules", plex_username="importer")
        book = Audiobook(title="Coded Book", author="Ann Author", audible_asin="B0RULES001")
        session.add_all([user, book])
        session.flush()
        request = Request(user_id=user.id, audiobook_id=book.id, status="processing")
        session.add(request)
        session.flush()
        row = DownloadHistory(
            request_id=request.id,
            torrent_name="Coded Book (wrong length)",
            torrent_hash="c" * 40,
            accepted=True,
            selected=True,
            release_guid="g-coded",
            download_path="/downloads/Coded Book",
            download_status="completed",
        )
        session.add(row)
        session.flush()
        return request.id, row.id


def _refusing(exc: Exception) -> Organize:
    def organize(source: Path, info: BookInfo) -> OrganizeResult:
        raise exc

    return organize


def test_wrong_book_is_blocklisted_with_its_import_code(services: Services) -> None:
    request_id, row_id = _downloaded(services)
    refusal = VerificationFailed(ImportRule.RUNTIME_MISMATCH, "Length mismatch: 3 min vs 9 h")
    log = RecordingEventLog()

    outcome = import_download(
        services.sessions, request_id, row_id, organize=_refusing(refusal),
        scan_after_import=False, max_retries=3, now=services.clock.now(), log=log,
    )  # fmt: skip

    assert outcome.rule is ImportRule.RUNTIME_MISMATCH
    assert outcome.discard_info_hash == "c" * 40
    with services.sessions() as session:
        row = session.get_one(DownloadHistory, row_id)
        assert row.blocklisted
        assert row.download_error == "runtime_mismatch: not imported: Length mismatch: 3 min vs 9 h"
        assert session.get_one(Request, request_id).status == "awaiting_search"
    blocklisted = [meta for _, message, meta in log.events if "blocklisted" in message]
    assert [meta["rule"] for meta in blocklisted] == ["runtime_mismatch"]


def test_retryable_import_reports_its_code(services: Services) -> None:
    request_id, row_id = _downloaded(services)
    refusal = ImportRetryable(ImportRule.LIBRARY_UNAVAILABLE, "The library folder is not mounted")

    outcome = import_download(
        services.sessions, request_id, row_id, organize=_refusing(refusal),
        scan_after_import=False, max_retries=3, now=services.clock.now(), log=RecordingEventLog(),
    )  # fmt: skip

    assert (outcome.status, outcome.rule) == ("awaiting_import", ImportRule.LIBRARY_UNAVAILABLE)
    with services.sessions() as session:
        assert not session.get_one(DownloadHistory, row_id).blocklisted
