"""Removing downloads nobody needs any more from the download client (best effort)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from earmark.core.errors import EarmarkError
from earmark.downloads.service import HeldDownload
from earmark.integrations.registry import client_for
from earmark.wiring import Services

log = logging.getLogger(__name__)


def remove_from_client(services: Services, held: Sequence[HeldDownload]) -> None:
    """A client that is down or misconfigured must not block a cancel: it is logged instead."""
    for download in held:
        try:
            client_for(services, download.protocol).remove(download.download_id, delete_data=True)
        except EarmarkError as exc:
            log.warning("could not remove a cancelled download from the client: %s", exc.message)
