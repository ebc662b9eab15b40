"""Connection tests shared by the setup wizard and the admin settings pages."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import cast

from fastapi import APIRouter
from pydantic import BaseModel

from earmark.api.access import CurrentAdmin, ServicesDep
from earmark.api.thread_pools import calls_out
from earmark.core.errors import EarmarkError, InvalidInput
from earmark.integrations.download_clients import DownloadClient
from earmark.integrations.download_clients.protocol import HeldDownloads
from earmark.integrations.indexers.prowlarr.settings import ProwlarrConnection
from earmark.integrations.llm import LlmConnection
from earmark.integrations.media_servers.plex.settings import PlexConnection
from earmark.integrations.products import product
from earmark.integrations.registry import (
    adapter_for,
    build_llm_client,
    plex_server_from,
    prowlarr_from,
)
from earmark.integrations.reports import ConnectionReport
from earmark.library.book_info import BookInfo
from earmark.library.templates import render_relative_folder, validate_template
from earmark.settings_store.catalogue import SETTINGS
from earmark.settings_store.definitions import definitions_of
from earmark.settings_store.sections import (
    BookDateSection,
    DownloadClientSection,
    PathsSection,
    PlexSection,
    ProwlarrSection,
    UsenetClientSection,
    secret_fields,
    usenet_connection_values,
)
from earmark.wiring import Services

SAMPLE_BOOK = BookInfo(
    title="Project Hail Mary",
    author="Andy Weir",
    narrator="Ray Porter",
    series=None,
    year=2021,
    asin="B08G9PRS1K",
)


class ReportOut(BaseModel):
    ok: bool
    message: str
    details: dict[str, object]

    @classmethod
    def of(cls, report: ConnectionReport) -> ReportOut:
        return cls(ok=report.ok, message=report.message, details=dict(report.details))


def _guarded(run: object) -> ReportOut:
    try:
        report = run() if callable(run) else run
    except EarmarkError as exc:
        return ReportOut(ok=False, message=exc.message, details={})
    assert isinstance(report, ConnectionReport)
    return ReportOut.of(report)


def _secret(services: Services, secret_key: str, given: str, addresses: dict[str, str]) -> str:
    """An empty secret field means "the stored one", but only for the address it was entered for.

    Pairing the stored secret with a new URL would let anyone with an admin session send it to
    any host by "testing" that host.
    """
    if given:
        return given
    stored = services.config.stored_secret_for(secret_key, addresses)
    if stored is None:
        raise InvalidInput(
            "Enter the secret to test this address "
            "(the stored one is only used for the address it was entered for)."
        )
    return stored


def check_plex(services: Services, section: PlexSection) -> ReportOut:
    def run() -> ConnectionReport:
        token = _secret(
            services,
            PlexConnection.key_of("auth_token"),
            section.auth_token,
            {PlexConnection.key_of("server_url"): section.server_url},
        )
        return plex_server_from(services.http, section.server_url, token).test()

    return _guarded(run)


def check_media_server(services: Services, name: str, values: Mapping[str, object]) -> ReportOut:
    """Any media server product's test, from its settings section's fields (field name -> value).

    Each empty secret is the stored one, for the addresses it was entered for.
    """

    def run() -> ConnectionReport:
        connection = product("media_server", name).connection
        given = {key: value for key, value in values.items() if key in connection.model_fields}
        for field_name in connection.model_fields:
            definition = SETTINGS[connection.key_of(field_name)]
            if definition.secret:
                addresses = {
                    key: str(given.get(key.removeprefix(connection.key_prefix)) or "")
                    for key in definition.bound_to
                }
                given[field_name] = _secret(
                    services, definition.key, str(given.get(field_name) or ""), addresses
                )
        report: ConnectionReport = adapter_for(services.http, "media_server", name, given).test()
        return report

    return _guarded(run)


def check_prowlarr(services: Services, section: ProwlarrSection) -> ReportOut:
    def run() -> ConnectionReport:
        key = _secret(
            services,
            ProwlarrConnection.key_of("api_key"),
            section.api_key,
            {ProwlarrConnection.key_of("url"): section.url},
        )
        return prowlarr_from(services.http, section.url, key).test()

    return _guarded(run)


def check_download_client(services: Services, section: DownloadClientSection) -> ReportOut:
    def run() -> ConnectionReport:
        connection = section.connection()
        stored = type(connection)
        values = connection.model_dump()
        saved = services.config.section(stored)
        addresses = {stored.key_of("url"): values.get("url", "")}
        for name in secret_fields(stored):
            # An empty secret means the stored one, if any, and only for its own address.
            if not values[name] and getattr(saved, name):
                values[name] = _secret(services, stored.key_of(name), "", addresses)
        client = adapter_for(services.http, "download_client", section.type, values)
        return cast(DownloadClient, client).test()

    return _guarded(run)


def check_usenet_client(services: Services, section: UsenetClientSection) -> ReportOut:
    def run() -> ConnectionReport:
        if not section.type:
            raise InvalidInput("Choose SABnzbd or NZBGet first.")
        stored = product("usenet_client", section.type).connection
        values = usenet_connection_values(section)
        address = {stored.key_of("url"): section.url}
        for definition in definitions_of(stored):
            name = definition.key.removeprefix(stored.key_prefix)
            if definition.secret and not values.get(name) and services.config.section(stored).url:
                values[name] = _secret(services, definition.key, "", address)
        return cast(
            HeldDownloads, adapter_for(services.http, "usenet_client", section.type, values)
        ).test()

    return _guarded(run)


def _writable(folder: str) -> str | None:
    """None when Earmark can create and write into `folder`, else why not."""
    path = Path(folder)
    if not path.is_absolute():
        return f"{folder} is not an absolute path"
    try:
        path.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".earmark-test-", dir=path)
        os.close(handle)
        Path(probe).unlink()
    except OSError as exc:
        return f"{folder} is not writable: {exc.strerror or exc}"
    return None


def check_paths(section: PathsSection) -> ReportOut:
    problems = [p for p in (_writable(section.downloads), _writable(section.media)) if p]
    if Path(section.downloads).resolve() == Path(section.media).resolve():
        problems.append("the download folder and the library folder must be different")
    try:
        validate_template(section.template)
        preview = str(render_relative_folder(section.template, SAMPLE_BOOK))
    except EarmarkError as exc:
        problems.append(exc.message)
        preview = ""
    if problems:
        return ReportOut(ok=False, message="; ".join(problems), details={})
    return ReportOut(
        ok=True,
        message="Both folders are writable and the template is valid.",
        details={"preview": f"{section.media.rstrip('/')}/{preview}"},
    )


def check_bookdate(services: Services, section: BookDateSection) -> ReportOut:
    def run() -> ConnectionReport:
        connection = LlmConnection(
            provider=section.provider,
            model=section.model,
            base_url=section.base_url,
            api_key=section.api_key,
        )
        return build_llm_client(services.http, connection).test()

    return _guarded(run)


def add_connection_test_routes(router: APIRouter, *, bookdate: bool = False) -> None:
    """The same "Test connection" routes serve the setup wizard and the admin settings pages.

    Only the wizard tests BookDate here; afterwards `/api/admin/bookdate/test` does, with its
    rule for when the stored key may be sent.
    """

    @router.post("/test/plex")
    @calls_out
    def test_plex(body: PlexSection, _: CurrentAdmin, services: ServicesDep) -> ReportOut:
        return check_plex(services, body)

    @router.post("/test/media-server/{name}")
    @calls_out
    def test_media_server(
        name: str, body: dict[str, str], _: CurrentAdmin, services: ServicesDep
    ) -> ReportOut:
        return check_media_server(services, name, body)

    @router.post("/test/prowlarr")
    @calls_out
    def test_prowlarr(body: ProwlarrSection, _: CurrentAdmin, services: ServicesDep) -> ReportOut:
        return check_prowlarr(services, body)

    @router.post("/test/download-client")
    @calls_out
    def test_download_client(
        body: DownloadClientSection, _: CurrentAdmin, services: ServicesDep
    ) -> ReportOut:
        return check_download_client(services, body)

    @router.post("/test/usenet-client")
    @calls_out
    def test_usenet_client(
        body: UsenetClientSection, _: CurrentAdmin, services: ServicesDep
    ) -> ReportOut:
        return check_usenet_client(services, body)

    @router.post("/test/paths")
    @calls_out
    def test_paths(body: PathsSection, _: CurrentAdmin) -> ReportOut:
        return check_paths(body)

    if not bookdate:
        return

    @router.post("/test/bookdate")
    @calls_out
    def test_bookdate(body: BookDateSection, _: CurrentAdmin, services: ServicesDep) -> ReportOut:
        return check_bookdate(services, body)
