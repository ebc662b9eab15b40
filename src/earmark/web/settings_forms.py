"""What the setup wizard and the settings page show, derived from the settings and the products.

Dropdowns list the registered products (their names and titles); numeric inputs get the bounds of
their fields. Nothing here is written by hand per product.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from earmark.core.setting_fields import UNIT, SettingsSection
from earmark.integrations.catalog_sources.audible.settings import MARKETPLACES
from earmark.integrations.products import products, titles
from earmark.rule_codes import RankingRule
from earmark.settings_store.catalogue import (
    SETTINGS,
    BookDateSettings,
    DownloadClientOptions,
    IndexerChoice,
    IndexerChoices,
)
from earmark.settings_store.definitions import SettingDef, definitions_of, field_bounds, keys_of


def _default(section: type[SettingsSection], name: str) -> Any:
    return section.model_fields[name].default


@dataclass(frozen=True)
class ConnectionField:
    """One input of a product's connection in the wizard, derived from its settings field."""

    name: str
    key: str
    title: str
    input_type: str  # password for secrets (a user name stays readable), url, or text
    placeholder: str


def connection_fields(section: type[SettingsSection]) -> list[ConnectionField]:
    names = {key: name for name, key in keys_of(section).items()}
    definitions = list(definitions_of(section))
    urls = {key for d in definitions for key in d.bound_to}
    fields = []
    for d in definitions:
        name = names[d.key]
        masked = d.secret and "user" not in name
        input_type = "password" if masked else "url" if d.key in urls else "text"
        placeholder = (
            d.description.removeprefix("e.g. ") if d.description.startswith("e.g. ") else ""
        )
        fields.append(ConnectionField(name, d.key, d.title, input_type, placeholder))
    return fields


def setup_choices() -> dict[str, Any]:
    """The wizard's product dropdowns and the indexer priority bounds."""
    low, high = field_bounds(IndexerChoice.model_fields["priority"])
    llm = products("llm")
    download_clients = products("download_client")
    fields = {p.name: connection_fields(p.connection) for p in download_clients}
    return {
        "download_clients": download_clients,
        "download_client_fields": fields,
        "usenet_clients": products("usenet_client"),
        "llm_providers": llm,
        "base_url_providers": [p.name for p in llm if "base_url" in p.requires],
        "wizard_defaults": {
            "download_client": _default(DownloadClientOptions, "type"),
            "download_client_fields": sorted({f.name for group in fields.values() for f in group}),
            "provider": _default(BookDateSettings, "provider") or llm[0].name,
        },
        "priority_bounds": (int(low or 1), int(high or 1)),
        "media_servers": products("media_server"),
        "media_server_forms": media_server_forms(),
    }


def media_server_forms() -> list[dict[str, Any]]:
    """The wizard's fields of each media server except Plex (whose step is its own), generated
    from the server's settings model: name, title, help and whether each is a secret."""
    forms = []
    for server in products("media_server"):
        if server.name == "plex":
            continue
        connection = server.connection
        fields = [SETTINGS[connection.key_of(name)] for name in connection.model_fields]
        forms.append(
            {
                "name": server.name,
                "title": server.title,
                "fields": [
                    {
                        "name": d.key.removeprefix(connection.key_prefix),
                        "key": d.key,
                        "title": d.title,
                        "description": d.description,
                        "secret": d.secret,
                        "required": d.key.removeprefix(connection.key_prefix) in server.requires,
                    }
                    for d in fields
                ],
            }
        )
    return forms


def settings_fields(values: dict[str, Any]) -> list[tuple[SettingDef, Any]]:
    """Each setting of a tab with its current (public) value, in catalogue order."""
    return [(SETTINGS[key], value) for key, value in values.items()]


WidgetKind = Literal["indexers", "choices", "list", "pairs"]


@dataclass(frozen=True)
class Widget:
    """How a structured setting (a list or a mapping) is edited: a real form, never JSON text.

    `indexers` is the Prowlarr indexer picker; `choices` a checkbox per allowed value; `list`
    one input per item with add/remove; `pairs` a table of name -> number rows. Item bounds and
    lengths come from the setting's own type (its JSON schema), so the form and the store agree.
    """

    kind: WidgetKind
    item_type: str = "text"  # the input type of an item (a pair's value): number or text
    minimum: float | None = None
    maximum: float | None = None
    step: str = "any"
    max_items: int | None = None
    name_max_length: int | None = None
    options: tuple[tuple[str, str], ...] = ()  # (value, label) of a `choices` widget


def _item_input(schema: dict[str, Any]) -> dict[str, Any]:
    number = schema.get("type") in {"integer", "number"}
    return {
        "item_type": "number" if number else "text",
        "minimum": schema.get("minimum"),
        "maximum": schema.get("maximum"),
        "step": "1" if schema.get("type") == "integer" else "any",
    }


def widget_of(setting: SettingDef) -> Widget | None:
    """The form of a structured setting; None for a plain one (text, number, switch, dropdown)."""
    if setting.kind != "json":
        return None
    if setting.key == IndexerChoices.key_of("prowlarr_indexers"):
        return Widget("indexers", max_items=_max_items(setting))
    if setting.choices:
        labels = choice_labels()
        return Widget("choices", options=tuple((c, labels.get(c, c)) for c in setting.choices))
    schema = setting.adapter.json_schema()
    if schema.get("type") == "object":
        names = schema.get("propertyNames", {})
        return Widget(
            "pairs",
            **_item_input(schema.get("additionalProperties", {})),
            max_items=schema.get("maxProperties"),
            name_max_length=names.get("maxLength"),
        )
    return Widget("list", **_item_input(schema.get("items", {})), max_items=_max_items(setting))


def _max_items(setting: SettingDef) -> int | None:
    limit = setting.adapter.json_schema().get("maxItems")
    return int(limit) if limit is not None else None


PICKER_FIELDS = ("priority", "seeding_time_minutes", "ratio_limit")


def indexer_picker() -> dict[str, Any]:
    """The picker's per-indexer inputs (bounds, units, titles) and defaults, from `IndexerChoice`."""
    fields = IndexerChoice.model_fields
    inputs = {}
    for name in PICKER_FIELDS:
        extra = fields[name].json_schema_extra
        unit = extra.get(UNIT) if isinstance(extra, dict) else None
        low, high = field_bounds(fields[name])
        inputs[name] = {"title": fields[name].title, "unit": unit, "min": low, "max": high}
    defaults = {name: fields[name].default for name in (*PICKER_FIELDS, "rss")}
    return {"inputs": inputs, "defaults": defaults}


def key_prefixes() -> dict[str, str]:
    """Download (torrent or usenet) client name -> the key prefix of its stored connection (for
    the test button)."""
    clients = (*products("download_client"), *products("usenet_client"))
    return {p.name: p.connection.key_prefix for p in clients}


REGION_LABELS = {code: f"{m.name} ({m.web_host})" for code, m in MARKETPLACES.items()}
OIDC_RULE_LABELS = {
    "groups": "Members of the allowed groups",
    "allow_list": "The listed usernames or e-mails",
    "approval": "Anyone, after an admin approves the account",
    "anyone": "Every account of the provider",
}


EBOOK_PLACEMENT_LABELS = {
    "audiobook_folder": "In the audiobook's folder",
    "ebook_folder": "In the ebook library folder",
}


def choice_labels() -> dict[str, str]:
    """Labels of dropdown values and checkboxes: product titles, OpenID access rules, ebook
    placements, Audible regions and ranking rules ('' reads 'not set')."""
    rules = {rule.value: rule.label for rule in RankingRule}
    return {
        "": "not set",
        **titles(),
        **OIDC_RULE_LABELS,
        **EBOOK_PLACEMENT_LABELS,
        **REGION_LABELS,
        **rules,
    }


def media_server_tabs() -> dict[str, str]:
    """Settings tab (its settings group) -> title, one per media server product."""
    return {p.connection.group: p.title for p in products("media_server")}


def media_server_test(tab: str) -> dict[str, str] | None:
    """The media server product a settings tab belongs to: its name and stored key prefix."""
    for candidate in products("media_server"):
        if candidate.connection.group == tab:
            return {"name": candidate.name, "prefix": candidate.connection.key_prefix}
    return None
