"""Poll until a condition holds (a torrent's state, a port, a tracker), with a hard deadline."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from earmark.integrations.download_clients import DownloadClient, DownloadItem

T = TypeVar("T")


def wait_until(
    check: Callable[[], T | None],
    timeout_seconds: float,
    what: str | Callable[[], str],
    interval: float = 0.2,
) -> T:
    """Call `check` every `interval` s until it returns something truthy, and return that.

    After `timeout_seconds` raise TimeoutError(`what`); pass a callable for a message that
    describes the last state seen. Exceptions from `check` propagate at once.
    """
    deadline = time.monotonic() + timeout_seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(what() if callable(what) else what)
        time.sleep(interval)


def wait_for_item(
    client: DownloadClient,
    info_hash: str,
    accept: Callable[[DownloadItem], bool],
    timeout_seconds: float,
    on_poll: Callable[[DownloadItem], None] | None = None,
    interval_seconds: float = 0.5,
) -> DownloadItem:
    """The first polled item `accept` takes; TimeoutError names the last state seen."""
    seen: list[DownloadItem] = []

    def accepted() -> DownloadItem | None:
        item = client.info(info_hash)
        if item is None:
            return None
        seen[:] = [item]
        if accept(item):
            return item
        if on_poll is not None:
            on_poll(item)
        return None

    def not_ready() -> str:
        last = f"{seen[0].state} at {seen[0].progress:.0%}" if seen else "never listed"
        return f"{client.name}: {info_hash} not ready after {timeout_seconds} s ({last})"

    return wait_until(accepted, timeout_seconds, not_ready, interval=interval_seconds)


def wait_for_removal(
    client: DownloadClient,
    info_hash: str,
    deleted_path: Path | None = None,
    timeout_seconds: float = 10.0,
) -> None:
    """Removal and file deletion happen asynchronously inside the daemons."""

    def gone() -> bool:
        files_gone = deleted_path is None or not deleted_path.exists()
        return client.info(info_hash) is None and files_gone

    wait_until(
        gone, timeout_seconds, f"{client.name}: {info_hash} or its files remain after removal"
    )
