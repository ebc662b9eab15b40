"""Admin settings: read by category (secrets only as set/not set), write, and test connections."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from earmark.api.access import CurrentAdmin, ServicesDep
from earmark.api.connection_tests import add_connection_test_routes
from earmark.api.settings_writer import machine_identifier
from earmark.core.errors import InvalidInput, NotFound
from earmark.library.templates import validate_template
from earmark.settings_store.catalogue import SETTINGS

router = APIRouter(prefix="/api/admin/settings", tags=["admin settings"])
add_connection_test_routes(router)
CATEGORIES = [*sorted({setting.category for setting in SETTINGS.values()} - {"system"}), "system"]
WRITABLE_SYSTEM_KEYS = {"system.audible_region"}


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
def write_category(
    category: str, body: dict[str, Any], _: CurrentAdmin, services: ServicesDep
) -> dict[str, Any]:
    if category not in CATEGORIES:
        raise NotFound(f"There is no settings category '{category}'.")
    changes = _accepted_changes(category, body)
    if "paths.template" in changes:
        validate_template(str(changes["paths.template"]))
    if {"plex.server_url", "plex.auth_token"} & changes.keys():
        url = str(changes.get("plex.server_url") or services.config.get_str("plex.server_url"))
        token = str(changes.get("plex.auth_token") or services.config.get_str("plex.auth_token"))
        changes["plex.machine_identifier"] = machine_identifier(services, url, token)
    services.config.set_many(changes)
    return services.config.public_view(category)
