"""Writes wizard and settings-page sections into the configuration, checking what must be true."""

from __future__ import annotations

from earmark.api.connection_tests import ReportOut, check_media_server, check_paths
from earmark.core.errors import InvalidInput, UpstreamFailed
from earmark.db.engine import transaction
from earmark.integrations.registry import plex_server_from
from earmark.jobs.schedules import queue_first_run_jobs
from earmark.settings_store.sections import (
    MediaServerSection,
    PlexSection,
    SetupBody,
    bookdate_values,
    download_client_values,
    media_server_values,
    paths_values,
    plex_values,
    prowlarr_values,
    usenet_client_values,
)
from earmark.settings_store.setup import save_setup
from earmark.wiring import Services


def machine_identifier(services: Services, url: str, token: str) -> str:
    """Plex's machine id, needed to check users' server access at sign-in; setup fails without it."""
    server = plex_server_from(services.http, url, token)
    try:
        return server.identity()
    except UpstreamFailed as exc:
        raise InvalidInput(f"Could not read the Plex server identity: {exc.message}") from exc


def _plex_setup(services: Services, plex: PlexSection) -> dict[str, object]:
    if not plex.auth_token:
        raise InvalidInput("The Plex token is required.")
    if not plex.library_id:
        raise InvalidInput("Choose the Plex library that holds audiobooks.")
    return plex_values(plex, machine_identifier(services, plex.server_url, plex.auth_token))


def _media_server_setup(services: Services, server: MediaServerSection) -> dict[str, object]:
    values = media_server_values(server)  # checks the values against the server's settings
    if not server.values.get("library_id"):
        raise InvalidInput("Choose the library that holds audiobooks.")
    report = check_media_server(services, server.kind, server.values)
    if not report.ok:
        raise InvalidInput(report.message)
    return values


def complete_setup(services: Services, body: SetupBody) -> ReportOut:
    if not body.prowlarr.api_key:
        raise InvalidInput("The Prowlarr API key is required.")
    if (body.plex is None) == (body.media_server is None):
        raise InvalidInput("Set up one media server: Plex or another one.")
    paths = check_paths(body.paths)
    if not paths.ok:
        raise InvalidInput(paths.message)
    if body.media_server is not None:
        server_values = _media_server_setup(services, body.media_server)
    elif body.plex is not None:
        server_values = _plex_setup(services, body.plex)
    values = {
        **server_values,
        **prowlarr_values(body.prowlarr),
        **download_client_values(body.download_client),
        **paths_values(body.paths),
        **(bookdate_values(body.bookdate) if body.bookdate else {}),
        **(usenet_client_values(body.usenet_client) if body.usenet_client else {}),
    }
    with transaction(services.sessions) as session:
        save_setup(services.config, values, session)
        queue_first_run_jobs(session, now=services.clock.now())
    return ReportOut(
        ok=True,
        message="Setup complete. The first catalog refresh and library scan are running.",
        details={},
    )
