"""Setup wizard routes: connection tests and completion (open only until setup is complete)."""

from __future__ import annotations

from fastapi import APIRouter

from earmark.api.access import CurrentAdmin, ServicesDep
from earmark.api.connection_tests import (
    ReportOut,
    check_bookdate,
    check_download_client,
    check_paths,
    check_plex,
    check_prowlarr,
)
from earmark.api.settings_writer import complete_setup
from earmark.api.setup_status import setup_open
from earmark.settings_store.sections import (
    BookDateSection,
    DownloadClientSection,
    PathsSection,
    PlexSection,
    ProwlarrSection,
    SetupBody,
)

router = APIRouter(prefix="/api/setup", tags=["setup"], dependencies=[setup_open])


@router.post("/test/plex")
def test_plex(body: PlexSection, _: CurrentAdmin, services: ServicesDep) -> ReportOut:
    return check_plex(services, body)


@router.post("/test/prowlarr")
def test_prowlarr(body: ProwlarrSection, _: CurrentAdmin, services: ServicesDep) -> ReportOut:
    return check_prowlarr(services, body)


@router.post("/test/download-client")
def test_download_client(
    body: DownloadClientSection, _: CurrentAdmin, services: ServicesDep
) -> ReportOut:
    return check_download_client(services, body)


@router.post("/test/paths")
def test_paths(body: PathsSection, _: CurrentAdmin) -> ReportOut:
    return check_paths(body)


@router.post("/test/bookdate")
def test_bookdate(body: BookDateSection, _: CurrentAdmin, services: ServicesDep) -> ReportOut:
    return check_bookdate(services, body)


@router.post("/complete")
def complete(body: SetupBody, _: CurrentAdmin, services: ServicesDep) -> ReportOut:
    return complete_setup(services, body)
