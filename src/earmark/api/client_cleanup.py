"""Removing downloads nobody needs any more from the download client (best effort)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from earmark.core.errors import EarmarkError
from earmark.integrations.registry import build_download_client
from earmark.wiring import Services

log = logging.getLogger(__name__)


def remove_from_client(services: Services, info_hashes: Sequence[str]) -> None:
    """A client that is down or misconfigured must not block a cancel: it is logged instead."""
    if not info_hashes:
        return
    try:
        client = build_download_client(services)
        for info_hash in info_hashes:
            client.remove(info_hash, delete_data=True)
    except EarmarkError as exc:
        log.warning("could not remove a cancelled download from the client: %s", exc.message)
