"""Builds the series-and-author source from settings (wiring level, like `registry.py`).

Kept out of `registry.py` so the catalog's region handling there can change independently; it
reads the same settings `build_catalog_source` does.
"""

from __future__ import annotations

from earmark.integrations.catalog_sources.audible.api import AudibleApi
from earmark.integrations.catalog_sources.audible.series import AudibleSeriesCatalog
from earmark.integrations.catalog_sources.audible.settings import AudibleSettings
from earmark.integrations.catalog_sources.retrying import RetryPolicy
from earmark.integrations.catalog_sources.series import SeriesSource
from earmark.integrations.registry import INTERACTIVE_RETRY
from earmark.settings_store.catalogue import SystemSettings
from earmark.wiring import Services


def build_series_source(services: Services, retry: RetryPolicy | None = None) -> SeriesSource:
    """Audible's series and author listings for the configured region."""
    region = services.config.section(SystemSettings).audible_region
    audible = AudibleSettings(region=region, api_url=services.settings.audible_api_url)
    return AudibleSeriesCatalog(AudibleApi(services.http, audible, retry or INTERACTIVE_RETRY))
