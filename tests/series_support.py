"""Helpers for series and follow tests: a user row, the series source on the fake Audible."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from earmark.db.engine import transaction
from earmark.integrations.catalog_sources.audible.api import AudibleApi
from earmark.integrations.catalog_sources.audible.series import AudibleSeriesCatalog
from earmark.integrations.catalog_sources.audible.settings import AudibleSettings
from earmark.users.models import User
from earmark.wiring import Services
from tests.fakes.audible_fixtures import RunningFake


def user(services: Services, name: str) -> uuid.UUID:
    with transaction(services.sessions) as session:
        row = User(plex_id=f"plex-{name}", plex_username=name, role="user")
        session.add(row)
        session.flush()
        return row.id


@contextmanager
def series_source(fake: RunningFake) -> Iterator[AudibleSeriesCatalog]:
    with httpx.Client(timeout=5.0) as http:
        yield AudibleSeriesCatalog(AudibleApi(http, AudibleSettings(api_url=fake.url)))
