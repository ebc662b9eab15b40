"""Import retries are counted against the `import.max_retries` setting (the seed's limit)."""

from __future__ import annotations

import uuid
from pathlib import Path

from earmark.core.clock import FrozenClock
from earmark.core.events import NullEventLog
from earmark.db.engine import transaction
from earmark.downloads.models import DownloadHistory
from earmark.library.book_info import BookInfo
from earmark.library.errors import ImportRetryable
from earmark.library.importer import import_download
from earmark.library.organizer import OrganizeResult
from earmark.requests.models import Audiobook, Request
from earmark.rule_codes import ImportRule
from earmark.users.models import User
from earmark.wiring import Services


def _waiting_import(services: Services, download: Path) -> tuple[uuid.UUID, uuid.UUID]:
    with transaction(services.sessions) as session:
        user = User(plex_id="plex-retry", plex_username="reader")
        book = Audiobook(title="Hail Mary", author="Andy Weir")
        session.add_all([user, book])
        session.flush()
        request = Request(user_id=user.id, audiobook_id=book.id, status="downloaded")
        session.add(request)
        session.flush()
        candidate = DownloadHistory(request_id=request.id, download_path=str(download))
        session.add(candidate)
        session.flush()
        return request.id, candidate.id


def _nothing_there_yet(source: Path, book: BookInfo) -> OrganizeResult:
    raise ImportRetryable(ImportRule.NO_AUDIO_FILES, "no audio files in the download yet")


def test_import_needs_a_person_after_the_configured_number_of_attempts(
    services: Services, tmp_path: Path
) -> None:
    services.config.set("import.max_retries", 2)
    max_retries = int(services.config.get("import.max_retries"))
    request_id, candidate_id = _waiting_import(services, tmp_path)
    clock = FrozenClock()

    def attempt() -> str:
        outcome = import_download(
            services.sessions,
            request_id,
            candidate_id,
            organize=_nothing_there_yet,
            scan_after_import=False,
            max_retries=max_retries,
            now=clock.now(),
            log=NullEventLog(),
        )
        return outcome.status

    assert attempt() == "awaiting_import"
    assert attempt() == "warn"
    with services.sessions() as session:
        request = session.get_one(Request, request_id)
        assert (request.import_attempts, request.max_import_retries) == (2, 2)
        assert request.error_message is not None
        assert request.error_message.startswith("Import failed 2 times")
