"""Admin settings: read by category (secrets only as set/not set), write, and test connections."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from earmark.api.access import CurrentAdmin, ServicesDep
from earmark.api.connection_tests import add_connection_test_routes
from earmark.api.settings_writer import machine_identifier
from earmark.api.thread_pools import PooledRoute, calls_out
from earmark.core.errors import InvalidInput, NotFound
from earmark.integrations.media_servers.plex.settings import PlexConnection
from earmark.library.templates import validate_template
from earmark.settings_store.catalogue import SETTINGS, PathsSettings, PlexSettings, SystemSettings

router = APIRouter(route_class=PooledRoute, prefix="/api/admin/settings", tags=["admin settings"])
add_connection_test_routes(router)
CATEGORIES = [*sorted({setting.category for setting in SETTINGS.values()} - {"system"}), "system"]
WRITABLE_SYSTEM_KEYS = {SystemSettings.key_of("audible_region")}


@router.get("")
def read_all(_: CurrentAdmin, services: ServicesDep) -> dict[str, dict[str, Any]]:
    return {category: services.config.public_view(category) for category in CATEGORIES}


@router.get("/{category}")
def read_category(category: str, _: CurrentAdmin, services: ServicesDep) -> dict[str, Any]:
    if category not in CATEGORIES:
        raise NotFound(f"There is no settings category '{category}'.")
    return services.config.public_view(category)


def _accepted_changes(category: str, body: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for key, value in body.items():
        setting = SETTINGS.get(key)
        if setting is None or setting.category != category:
            raise InvalidInput(f"'{key}' is not a setting of the {category} category.")
        if setting.category == "system" and key not in WRITABLE_SYSTEM_KEYS:
            raise InvalidInput(f"'{key}' is managed by Earmark and cannot be changed here.")
        if setting.secret and value in ("", None):
            continue  # an empty secret field keeps the stored secret
        changes[key] = value
    return changes


@router.put("/{category}")
@calls_out
def write_category(
    category: str,
    body: dict[str, Any],
    _: CurrentAdmin,
    services: ServicesDep,
    keep_secret_for_new_url: bool = False,
) -> dict[str, Any]:
    """Validate and store a category's changes; a value out of bounds refuses the whole write.

    A changed address whose secret is stored needs that secret in the same write, unless the
    admin confirms `keep_secret_for_new_url` (checked before anything is sent to the address).
    """
    if category not in CATEGORIES:
        raise NotFound(f"There is no settings category '{category}'.")
    keep = keep_secret_for_new_url
    changes = services.config.check(_accepted_changes(category, body), keep_secret_for_new_url=keep)
    template_key = PathsSettings.key_of("template")
    if template_key in changes:
        validate_template(str(changes[template_key]))
    url_key, token_key = PlexConnection.key_of("server_url"), PlexConnection.key_of("auth_token")
    if {url_key, token_key} & changes.keys():
        plex = services.config.section(PlexConnection)
        url = changes.get(url_key, plex.server_url)
        token = changes.get(token_key, plex.auth_token)
        if not url or not token:
            raise InvalidInput("Plex needs both its server URL and its token; enter both.")
        changes[PlexSettings.key_of("machine_identifier")] = machine_identifier(
            services, url, token
        )
    services.config.set_many(changes, keep_secret_for_new_url=keep)
    return services.config.public_view(category)
