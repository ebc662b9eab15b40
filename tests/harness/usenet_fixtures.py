"""Fixtures for the usenet tests: INN on loopback, NZBGet and SABnzbd signed in to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harness.programs import require_programs
from tests.harness.usenet import (
    SABNZBD_SOURCE,
    SABNZBD_VENV,
    NewsServer,
    NzbgetDaemon,
    SabnzbdDaemon,
)


@pytest.fixture(scope="session")
def usenet_workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_programs(["setpriv", "ctlinnd", "nzbget", "par2", "unrar"], "the usenet tests")
    return tmp_path_factory.mktemp("usenet")


@pytest.fixture(scope="session")
def news_server(usenet_workdir: Path) -> Iterator[NewsServer]:
    server = NewsServer(usenet_workdir).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def nzbget_daemon(usenet_workdir: Path, news_server: NewsServer) -> Iterator[NzbgetDaemon]:
    daemon = NzbgetDaemon(usenet_workdir).start()
    yield daemon
    daemon.stop()


@pytest.fixture(scope="session")
def sabnzbd_daemon(usenet_workdir: Path, news_server: NewsServer) -> Iterator[SabnzbdDaemon]:
    if not (SABNZBD_VENV / "bin" / "python").exists() or not SABNZBD_SOURCE.exists():
        pytest.skip("SABnzbd venv or source missing: run scripts/sabnzbd-venv.sh")
    daemon = SabnzbdDaemon(usenet_workdir).start()
    yield daemon
    daemon.stop()
