"""Writes wizard and settings-page sections into the configuration, checking what must be true."""

from __future__ import annotations

from earmark.api.connection_tests import ReportOut, check_paths
from earmark.core.errors import InvalidInput, UpstreamFailed
from earmark.db.engine import transaction
from earmark.integrations.registry import plex_server_from
from earmark.jobs.schedules import queue_first_run_jobs
from earmark.settings_store.sections import (
    SetupBody,
    bookdate_values,
    download_client_values,
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


def complete_setup(services: Services, body: SetupBody) -> ReportOut:
    if not body.plex.auth_token or not body.prowlarr.api_key:
        raise InvalidInput("The Plex token and the Prowlarr API key are required.")
    if not body.plex.library_id:
        raise InvalidInput("Choose the Plex library that holds audiobooks.")
    paths = check_paths(body.paths)
    if not paths.ok:
        raise InvalidInput(paths.message)
    machine_id = machine_identifier(services, body.plex.server_url, body.plex.auth_token)
    values = {
        **plex_values(body.plex, machine_id),
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
