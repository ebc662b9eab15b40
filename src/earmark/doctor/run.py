"""Runs every doctor check against the stored configuration (read through ConfigService keys)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from sqlalchemy import select

from earmark.core.errors import EarmarkError
from earmark.doctor.filesystem import check_download_folder, check_free_space, check_hardlinks
from earmark.doctor.findings import Finding, Outcome
from earmark.downloads.paths import is_within, map_to_local
from earmark.integrations import registry
from earmark.integrations.product import Category
from earmark.integrations.products import product
from earmark.integrations.reports import ConnectionReport
from earmark.settings_store.catalogue import (
    DownloadClientOptions,
    MediaServerOptions,
    PathsSettings,
    UsenetClientOptions,
)
from earmark.settings_store.models import Configuration
from earmark.wiring import Services


class _Testable(Protocol):
    def test(self) -> ConnectionReport: ...


def run_doctor(services: Services) -> list[Finding]:
    """Every check, in the order a person would fix things; one failing never stops the rest."""
    key = check_encryption_key(services)
    findings = [key]
    if key.failed:  # every other check reads the stored settings, which cannot be decrypted
        return findings
    checks: list[tuple[str, Callable[[Services], list[Finding]]]] = [
        ("services", check_services),
        ("download folder", lambda s: [_download_folder(s)]),
        ("hardlinks", lambda s: [_hardlinks(s)]),
        ("media server library", lambda s: [check_media_server_library(s)]),
        ("disk space", lambda s: [_free_space(s)]),
    ]
    for name, check in checks:
        try:
            findings.extend(check(services))
        except EarmarkError as exc:
            findings.append(Finding(name, Outcome.FAIL, f"Could not check: {exc.message}"))
    return findings


def check_encryption_key(services: Services) -> Finding:
    """Every stored secret opens with the current key."""
    with services.sessions() as session:
        rows = session.scalars(select(Configuration).where(Configuration.encrypted)).all()
    unreadable = []
    for row in rows:
        if not row.value:
            continue
        try:
            services.cipher.decrypt(row.value)
        except EarmarkError:
            unreadable.append(row.key)
    if unreadable:
        return Finding(
            "encryption key",
            Outcome.FAIL,
            f"{len(unreadable)} stored secret(s) ({', '.join(sorted(unreadable))}) were encrypted "
            "with another key than the one Earmark has now.",
            "Restore the original EARMARK_ENCRYPTION_KEY (or encryption.key in the data folder); "
            "if it is lost, enter those secrets again in Admin → Settings.",
        )
    return Finding("encryption key", Outcome.OK, f"All {len(rows)} stored secret(s) open.")


def check_services(services: Services) -> list[Finding]:
    """Each configured service answers with the stored credentials (its own connection test)."""
    kind = services.config.section(DownloadClientOptions).type
    media_server = product("media_server", services.config.section(MediaServerOptions).kind)
    candidates: list[tuple[str, bool, Callable[[Services], _Testable]]] = [
        ("Prowlarr", _has_url(services, "indexer", "prowlarr"), registry.build_indexer),
        (
            product("download_client", kind).title,
            _has_url(services, "download_client", kind),
            registry.build_download_client,
        ),
    ]
    usenet_kind = services.config.section(UsenetClientOptions).type
    if usenet_kind:  # optional: not listed at all when the household uses no usenet
        candidates.append(
            (
                product("usenet_client", usenet_kind).title,
                _has_url(services, "usenet_client", usenet_kind),
                registry.build_usenet_client,
            )
        )
    candidates.append(
        (
            media_server.title,
            registry.media_server_configured(services),
            registry.build_media_server,
        )
    )
    findings = []
    for name, configured, build in candidates:
        if not configured:
            findings.append(Finding(name, Outcome.SKIPPED, f"{name} is not configured."))
            continue
        try:
            report = build(services).test()
        except EarmarkError as exc:
            report_ok, message = False, exc.message
        else:
            report_ok, message = report.ok, report.message
        findings.append(
            Finding(
                name,
                Outcome.OK if report_ok else Outcome.FAIL,
                message,
                "" if report_ok else f"Check {name}'s URL and credentials in Admin → Settings.",
            )
        )
    return findings


def _has_url(services: Services, category: Category, name: str) -> bool:
    """The product's stored connection has its address (the others it needs are checked later)."""
    connection = services.config.section(product(category, name).connection)
    return bool(getattr(connection, "url", ""))


def _download_folder(services: Services) -> Finding:
    return check_download_folder(
        services.config.section(PathsSettings).downloads, registry.path_mapping(services)
    )


def _local_downloads(services: Services) -> Path:
    save_path = services.config.section(PathsSettings).downloads
    return Path(map_to_local(registry.path_mapping(services), save_path))


def _hardlinks(services: Services) -> Finding:
    library = Path(services.config.section(PathsSettings).media)
    return check_hardlinks(_local_downloads(services), library)


def _free_space(services: Services) -> Finding:
    return check_free_space(
        {
            "data folder": services.settings.data_dir,
            "downloads": _local_downloads(services),
            "library": Path(services.config.section(PathsSettings).media),
        }
    )


def check_media_server_library(services: Services) -> Finding:
    """The chosen Plex library has a folder covering Earmark's library (as Plex sees it)."""
    name = "media server library"
    if not registry.media_server_configured(services):
        return Finding(name, Outcome.SKIPPED, "No media server is configured.")
    library = registry.media_library(services)
    library_id = library.library_id
    server_root = library.server_root or services.config.section(PathsSettings).media
    sections = registry.build_media_server(services).list_libraries()
    section = next((s for s in sections if s.key == library_id), None)
    if section is None:
        titles = ", ".join(f"{s.title} ({s.key})" for s in sections) or "none"
        return Finding(
            name,
            Outcome.FAIL,
            f"The media server has no library with the id '{library_id}' (it has: {titles}).",
            "Pick the audiobook library in Admin → Settings → Plex.",
        )
    if not any(is_within(server_root, location) for location in section.locations):
        return Finding(
            name,
            Outcome.FAIL,
            f"The library '{section.title}' reads {', '.join(section.locations) or 'no folder'}, "
            f"which does not contain Earmark's library as the server sees it ({server_root}).",
            "Add that folder to the library in the media server, or set Admin → Settings → Plex "
            "→ library path to the library folder as the server sees it.",
        )
    return Finding(
        name,
        Outcome.OK,
        f"The library '{section.title}' reads {server_root} (from {section.locations}).",
    )
