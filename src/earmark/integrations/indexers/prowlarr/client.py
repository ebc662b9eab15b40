"""`Indexer` for Prowlarr: search, per-indexer feeds, indexer list, release files, test."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from urllib.parse import urljoin

import httpx

from earmark.integrations.errors import ApiChanged, AuthFailed, IntegrationError
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
        """The .torrent/.nzb or magnet behind the release's links, download link first.

        Both links are usually Prowlarr proxy links (`/{indexerId}/download?...`): the torrent
        link serves the file, the magnet link answers 301 to the magnet. Redirects are followed
        a bounded number of times, each hop with the adapter's timeout, and only to Prowlarr's
        own host (a magnet is never fetched). When one link fails the other is tried; HTTP 429
        and 5xx surface as RateLimited/Unreachable so the caller tries the next release.
        """
        links = [link for link in (release.download_url, release.magnet_url) if link]
        if not links:
            raise ApiChanged(SERVICE, f"release '{release.title}' has no download link")
        failures: list[IntegrationError] = []
        for link in links:
            try:
                return self._follow(link, release.title)
            except AuthFailed:
                raise  # the key is wrong for every link: a person must fix it
            except IntegrationError as exc:
                failures.append(exc)
        raise failures[0]

    def _follow(self, link: str, title: str) -> ReleaseFile:
        url = link
        for _ in range(MAX_REDIRECTS + 1):
            if url.lower().startswith("magnet:"):
                return ReleaseFile(kind="magnet", magnet_url=url)
            if not url.lower().startswith(("http://", "https://")):
                raise ApiChanged(SERVICE, f"the link of '{title}' is neither http(s) nor magnet")
            if not self._api.settings.is_prowlarr_url(url):
                raise ApiChanged(
                    SERVICE,
                    f"the link of '{title}' leads away from Prowlarr ({_host_of(url)}); Earmark "
                    "only follows links to Prowlarr itself. Turn off 'Redirect' for this "
                    "indexer in Prowlarr, or make Earmark's Prowlarr URL the address Prowlarr "
                    "is reached by",
                )
            response = self._api.get_link(url)
            if not response.is_redirect:
                return _release_file(response, title)
            url = urljoin(url, response.headers.get("location", ""))
        raise ApiChanged(SERVICE, f"more than {MAX_REDIRECTS} redirects for '{title}'")

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


def _host_of(url: str) -> str:
    try:
        return httpx.URL(url).host or "another host"
    except httpx.InvalidURL:
        return "another host"


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
