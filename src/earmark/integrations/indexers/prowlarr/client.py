"""`Indexer` for Prowlarr: search, per-indexer feeds, indexer list, release files, test."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from urllib.parse import urljoin

import httpx

from earmark.integrations.errors import ApiChanged, IntegrationError
from earmark.integrations.indexers.protocol import (
    AUDIOBOOK_CATEGORY,
    IndexerInfo,
    Release,
    ReleaseFile,
)
from earmark.integrations.indexers.prowlarr.api import ProwlarrApi
from earmark.integrations.indexers.prowlarr.parsing import (
    indexer_from_json,
    release_from_json,
    releases_from_torznab,
)
from earmark.integrations.indexers.prowlarr.settings import SERVICE, ProwlarrSettings
from earmark.integrations.reports import ConnectionReport

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5
MAX_RELEASE_FILE_BYTES = 10 * 1024 * 1024


class ProwlarrClient:
    name = SERVICE

    def __init__(self, api: ProwlarrApi, rss_categories: tuple[int, ...] = (AUDIOBOOK_CATEGORY,)):
        self._api = api
        self._rss_categories = rss_categories

    @classmethod
    def from_settings(cls, http: httpx.Client, settings: ProwlarrSettings) -> ProwlarrClient:
        return cls(ProwlarrApi(http, settings))

    def search(
        self, query: str, categories: tuple[int, ...], indexer_ids: tuple[int, ...]
    ) -> list[Release]:
        if not indexer_ids:
            # Without ids Prowlarr searches every indexer, including ones the admin left out.
            return []
        found = (release_from_json(raw) for raw in self._api.search(query, categories, indexer_ids))
        return _unique_by_guid(release for release in found if release is not None)

    def rss(self, indexer_ids: tuple[int, ...]) -> list[Release]:
        releases: list[Release] = []
        failures: list[IntegrationError] = []
        for indexer_id in indexer_ids:
            try:
                body = self._api.torznab_feed(indexer_id, self._rss_categories)
                releases.extend(releases_from_torznab(body, indexer_id))
            except IntegrationError as exc:
                logger.warning("feed of indexer %s skipped: %s", indexer_id, exc.message)
                failures.append(exc)
        if failures and len(failures) == len(indexer_ids):
            raise failures[0]
        return _unique_by_guid(releases)

    def list_indexers(self) -> list[IndexerInfo]:
        return [indexer_from_json(raw) for raw in self._api.indexers()]

    def fetch(self, release: Release) -> ReleaseFile:
        """The .torrent/.nzb behind the release link, following redirects (to a magnet too).

        HTTP 429 and 5xx surface as RateLimited/Unreachable so the caller tries the next release.
        """
        if release.download_url is None:
            if release.magnet_url is None:
                raise ApiChanged(SERVICE, f"release '{release.title}' has no download link")
            return ReleaseFile(kind="magnet", magnet_url=release.magnet_url)
        url = release.download_url
        for _ in range(MAX_REDIRECTS + 1):
            if url.startswith("magnet:"):
                return ReleaseFile(kind="magnet", magnet_url=url)
            response = self._api.get_link(url)
            if not response.is_redirect:
                return _release_file(response, release.title)
            url = urljoin(url, response.headers.get("location", ""))
        raise ApiChanged(SERVICE, f"more than {MAX_REDIRECTS} redirects for '{release.title}'")

    def test(self) -> ConnectionReport:
        try:
            status = self._api.system_status()
            if status.get("appName", SERVICE) != SERVICE:
                raise ApiChanged(
                    SERVICE, f"the URL answers as {status.get('appName')!r}, not Prowlarr"
                )
            indexers = self.list_indexers()
        except IntegrationError as exc:
            return ConnectionReport(ok=False, message=exc.message, details={"error": exc.code})
        enabled = [indexer for indexer in indexers if indexer.enabled]
        return ConnectionReport(
            ok=True,
            message=f"Connected to Prowlarr {status.get('version', '')}".strip()
            + f" ({len(enabled)} of {len(indexers)} indexers enabled)",
            details={
                "version": status.get("version"),
                "indexers": [
                    {
                        "id": item.id,
                        "name": item.name,
                        "protocol": item.protocol,
                        "enabled": item.enabled,
                    }
                    for item in indexers
                ],
            },
        )


def _unique_by_guid(releases: Iterable[Release]) -> list[Release]:
    unique: dict[str, Release] = {}
    for release in releases:
        unique.setdefault(release.guid, release)
    return list(unique.values())


def _release_file(response: httpx.Response, title: str) -> ReleaseFile:
    body = response.content
    stripped = body.strip()
    if stripped.startswith(b"magnet:"):
        return ReleaseFile(kind="magnet", magnet_url=stripped.decode("utf-8", "replace"))
    if len(body) > MAX_RELEASE_FILE_BYTES:
        raise ApiChanged(SERVICE, f"the file for '{title}' is larger than 10 MB; refusing it")
    if body.startswith(b"d") and b"4:info" in body:
        return ReleaseFile(kind="torrent", content=body)
    if b"<nzb" in stripped[:512]:
        return ReleaseFile(kind="nzb", content=body)
    raise ApiChanged(
        SERVICE, f"the link of '{title}' gave neither a .torrent, an NZB nor a magnet link"
    )
