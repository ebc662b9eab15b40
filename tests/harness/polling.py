"""Poll a DownloadClient until a torrent reaches a wanted condition, with a hard deadline."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from earmark.integrations.download_clients import DownloadClient, DownloadItem


def wait_for_item(
    client: DownloadClient,
    info_hash: str,
    accept: Callable[[DownloadItem], bool],
    timeout_seconds: float,
    on_poll: Callable[[DownloadItem], None] | None = None,
    interval_seconds: float = 0.5,
) -> DownloadItem:
    """The first polled item `accept` takes; TimeoutError names the last state seen."""
    deadline = time.monotonic() + timeout_seconds
    last: DownloadItem | None = None
    while time.monotonic() < deadline:
        item = client.info(info_hash)
        if item is not None:
            last = item
            if accept(item):
                return item
            if on_poll is not None:
                on_poll(item)
        time.sleep(interval_seconds)
    seen = f"{last.state} at {last.progress:.0%}" if last else "never listed"
    raise TimeoutError(f"{client.name}: {info_hash} not ready after {timeout_seconds} s ({seen})")


def wait_for_removal(
    client: DownloadClient,
    info_hash: str,
    deleted_path: Path | None = None,
    timeout_seconds: float = 10.0,
) -> None:
    """Removal and file deletion happen asynchronously inside the daemons."""
    deadline = time.monotonic() + timeout_seconds
    while client.info(info_hash) is not None or (
        deleted_path is not None and deleted_path.exists()
    ):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{client.name}: {info_hash} or its files remain after removal")
        time.sleep(0.2)
