"""The monitor_download job: follow a download's progress until it completes, stalls or dies."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from earmark.downloads.service import MonitorSettings, check_download, protocol_of
from earmark.integrations.errors import IntegrationError
from earmark.integrations.registry import client_for, path_mapping
from earmark.jobs.payloads import MonitorDownload
from earmark.jobs.support import needs_a_person, services_of
from earmark.queue.context import JobContext
from earmark.queue.errors import Reschedule
from earmark.settings_store.catalogue import MonitorSettings as StoredMonitorSettings

CLIENT_DOWN_RETRY_SECONDS = 30.0


def handle(ctx: JobContext, payload: MonitorDownload) -> dict[str, Any] | None:
    services = services_of(ctx)
    # The row's protocol says which client holds the download (torrent or usenet).
    protocol = protocol_of(services.sessions, payload.download_history_id)
    settings = MonitorSettings(
        stall_after=timedelta(minutes=services.config.section(StoredMonitorSettings).stall_minutes),
        mapping=path_mapping(services, protocol),
    )
    try:
        with needs_a_person():
            outcome = check_download(
                services.sessions,
                payload.request_id,
                payload.download_history_id,
                client=client_for(services, protocol),
                settings=settings,
                now=ctx.clock.now(),
                log=ctx.log,
            )
    except IntegrationError as exc:
        if not exc.transient:
            raise
        # A client outage never fails the request: keep checking until it is back.
        ctx.log.warn(f"Download client unreachable; checking again shortly: {exc.message}")
        raise Reschedule(CLIENT_DOWN_RETRY_SECONDS, "download client unreachable") from exc
    if not outcome.finished:
        raise Reschedule(outcome.delay_seconds, outcome.detail)
    return {"outcome": outcome.detail}
