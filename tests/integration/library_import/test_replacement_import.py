"""A replacement import on real files (docs/problems.md): the reported copy's files stay in the
library until the new copy is imported, then go; when the new copy lands in the same folder the
old files are moved aside and come back if the import fails."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from earmark.core.events import NullEventLog
from earmark.db.engine import transaction
from earmark.downloads.models import DownloadHistory, DownloadStatus
from earmark.library.book_info import BookInfo
from earmark.library.errors import ImportFailed
from earmark.library.importer import import_download
from earmark.library.organizer import OrganizeResult, organize_download
from earmark.library.replacement import ASIDE_SUFFIX, start_replacement
from earmark.library.templates import resolve_target_folder
from earmark.requests.lifecycle import transition
from earmark.requests.models import Audiobook, ProblemReport, Request
from earmark.requests.problem_states import ProblemReason, ProblemStatus
from earmark.requests.problems import report_problem
from earmark.requests.schemas import Requester
from earmark.requests.states import RequestStatus
from earmark.rule_codes import ImportRule
from earmark.users.models import User
from earmark.wiring import Services

S = RequestStatus
TEMPLATE = "{author}/{title}"


@dataclass
class Replacing:
    request_id: uuid.UUID
    download_id: uuid.UUID
    old_folder: Path


def _old_copy(folder: Path) -> Path:
    """The reported copy: a folder with a file the new import does not write."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "old copy.mp3").write_bytes(b"the wrong narrator" * 100)
    return folder


def _replacement_downloaded(services: Services, old_folder: Path, download: Path) -> Replacing:
    """Report the available copy, have an admin replace it, and bring the new download to the
    import step (what search, grab and monitor would do)."""
    now = services.clock.now()
    with transaction(services.sessions) as session:
        user = User(plex_id=f"plex-{uuid.uuid4()}", plex_username="reader")
        book = Audiobook(title="Hail Mary", author="Andy Weir", file_path=str(old_folder))
        session.add_all([user, book])
        session.flush()
        request = Request(user_id=user.id, audiobook_id=book.id, status=S.AVAILABLE)
        session.add(request)
        session.flush()
        session.add(
            DownloadHistory(
                request_id=request.id,
                torrent_name="Hail.Mary.Wrong.Narrator",
                release_guid="old-release",
                selected=True,
                download_status=DownloadStatus.COMPLETED,
            )
        )
        requester = Requester(user_id=user.id, is_admin=False)
        report_problem(session, request, requester, ProblemReason.WRONG_NARRATOR, None, now=now)
        session.flush()
        start_replacement(session, request.id, user.id, None, now=now)
        for status in (S.DOWNLOADING, S.PROCESSING):
            transition(session, request, status, now=now)
        new = DownloadHistory(
            request_id=request.id,
            torrent_name="Hail.Mary.Right.Narrator",
            release_guid="new-release",
            selected=True,
            download_status=DownloadStatus.COMPLETED,
            download_path=str(download),
        )
        session.add(new)
        session.flush()
        return Replacing(request.id, new.id, old_folder)


def _import(
    services: Services,
    replacing: Replacing,
    organize: Callable[[Path, BookInfo], OrganizeResult],
    library: Path,
) -> str:
    outcome = import_download(
        services.sessions,
        replacing.request_id,
        replacing.download_id,
        organize=organize,
        scan_after_import=True,
        max_retries=3,
        now=services.clock.now(),
        log=NullEventLog(),
        target_folder=lambda book: resolve_target_folder(TEMPLATE, book, library),
    )
    return outcome.status


def _real_organizer(
    library: Path, seen: list[set[str]], watched: Path
) -> Callable[..., OrganizeResult]:
    """The real organizer; records the files in `watched` at the moment the import starts."""

    def organize(source: Path, book: BookInfo) -> OrganizeResult:
        seen.append({p.name for p in watched.iterdir()} if watched.is_dir() else set())
        return organize_download(
            source,
            book,
            library,
            template=TEMPLATE,
            tolerance_percent=15,
            tag_files=False,
            cover_bytes=None,
        )

    return organize


def _report(services: Services, request_id: uuid.UUID) -> ProblemReport:
    with services.sessions() as session:
        return session.scalars(
            select(ProblemReport).where(ProblemReport.request_id == request_id)
        ).one()


def test_old_files_in_another_folder_stay_until_the_replacement_is_imported(
    services: Services, tmp_path: Path, books: dict[str, Path]
) -> None:
    library = tmp_path / "library"
    old_folder = _old_copy(library / "Andy Weir" / "Hail Mary (wrong narrator)")
    replacing = _replacement_downloaded(services, old_folder, books["single"])
    seen: list[set[str]] = []

    status = _import(services, replacing, _real_organizer(library, seen, old_folder), library)

    assert status == S.DOWNLOADED
    assert seen == [{"old copy.mp3"}]  # the old copy was untouched while the new one came in
    new_folder = library / "Andy Weir" / "Hail Mary"
    assert (new_folder / "Hail Mary.m4b").is_file()
    assert not old_folder.exists()
    assert _report(services, replacing.request_id).status == ProblemStatus.RESOLVED
    with services.sessions() as session:
        request = session.get_one(Request, replacing.request_id)
        assert session.get_one(Audiobook, request.audiobook_id).file_path == str(new_folder)


def test_old_files_in_the_same_folder_are_moved_aside_then_removed(
    services: Services, tmp_path: Path, books: dict[str, Path]
) -> None:
    library = tmp_path / "library"
    old_folder = _old_copy(library / "Andy Weir" / "Hail Mary")
    aside = old_folder.with_name(old_folder.name + ASIDE_SUFFIX)
    replacing = _replacement_downloaded(services, old_folder, books["single"])
    seen: list[set[str]] = []

    status = _import(services, replacing, _real_organizer(library, seen, aside), library)

    assert status == S.DOWNLOADED
    assert seen == [{"old copy.mp3"}]  # kept aside, not deleted, while the import ran
    assert sorted(p.name for p in old_folder.iterdir() if p.suffix in {".m4b", ".mp3"}) == [
        "Hail Mary.m4b"
    ]
    assert not aside.exists()
    assert _report(services, replacing.request_id).status == ProblemStatus.RESOLVED


def test_a_failed_replacement_in_the_same_folder_puts_the_old_files_back(
    services: Services, tmp_path: Path, books: dict[str, Path]
) -> None:
    library = tmp_path / "library"
    old_folder = _old_copy(library / "Andy Weir" / "Hail Mary")
    replacing = _replacement_downloaded(services, old_folder, books["single"])

    def half_placed_then_failed(source: Path, book: BookInfo) -> OrganizeResult:
        target = resolve_target_folder(TEMPLATE, book, library)
        target.mkdir(parents=True)
        (target / "Hail Mary.m4b").write_bytes(source.read_bytes()[:1000])
        raise ImportFailed(ImportRule.FILESYSTEM_FAILED, "the disk filled up")

    status = _import(services, replacing, half_placed_then_failed, library)

    assert status == S.WARN  # what the import step reported; the request went back to available
    assert sorted(p.name for p in old_folder.iterdir()) == ["old copy.mp3"]
    assert not old_folder.with_name(old_folder.name + ASIDE_SUFFIX).exists()
    report = _report(services, replacing.request_id)
    assert (report.status, report.replace_started_at) == (ProblemStatus.OPEN, None)
    assert report.replace_note == "No replacement was found: the disk filled up"
    with services.sessions() as session:
        assert session.get_one(Request, replacing.request_id).status == S.AVAILABLE
