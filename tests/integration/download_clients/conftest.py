"""The qBittorrent adapter under test and a second view of a download folder; the daemons
themselves are session fixtures in tests/harness/bittorrent_fixtures.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from earmark.demo.parts.daemons import QbittorrentDaemon
from earmark.integrations.download_clients.qbittorrent.client import QbittorrentClient
from tests.integration.download_clients.adapters import qbittorrent_adapter


@pytest.fixture
def qbittorrent(
    qbittorrent_daemon: QbittorrentDaemon, http_client: httpx.Client
) -> QbittorrentClient:
    """Earmark's qBittorrent adapter signed in to the daemon under test."""
    return qbittorrent_adapter(qbittorrent_daemon, http_client)


@pytest.fixture
def earmark_view(bt_workdir: Path) -> Callable[[Path], Path]:
    """A second path to a client's download folder (a symlink), as Earmark's mount would be."""

    def view_of(client_folder: Path) -> Path:
        view = bt_workdir / f"earmark-view-{client_folder.name}"
        if not view.exists():
            view.symlink_to(client_folder, target_is_directory=True)
        return view

    return view_of
