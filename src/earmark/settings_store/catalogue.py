"""Every runtime setting Earmark knows: key, type, default, whether it is a secret."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from earmark.rule_codes import DISABLEABLE_RANKING_RULES

Kind = Literal["str", "int", "float", "bool", "json"]


@dataclass(frozen=True)
class SettingDef:
    key: str
    category: str
    kind: Kind
    default: Any
    description: str
    secret: bool = False
    entries: tuple[str, ...] = ()  # when set: the value is a JSON list of these strings


def _defs(*items: SettingDef) -> dict[str, SettingDef]:
    return {item.key: item for item in items}


SETTINGS: dict[str, SettingDef] = _defs(
    SettingDef("setup.completed", "system", "bool", False, "The setup wizard has finished"),
    SettingDef(
        "system.audible_region",
        "system",
        "str",
        "us",
        "Audible region (us, uk, ca, au, de, fr, in, it, es, jp)",
    ),
    SettingDef(
        "media_server.kind", "media_server", "str", "plex", "Media server of the library (plex)"
    ),
    SettingDef("plex.server_url", "plex", "str", "", "Plex Media Server URL"),
    SettingDef("plex.auth_token", "plex", "str", "", "Plex token used for scans", secret=True),
    SettingDef("plex.library_id", "plex", "str", "", "Section key of the audiobook library"),
    SettingDef("plex.machine_identifier", "plex", "str", "", "Plex server machine identifier"),
    SettingDef(
        "plex.client_identifier",
        "plex",
        "str",
        "",
        "Identifier Earmark sends to plex.tv (generated once, then kept)",
    ),
    SettingDef(
        "plex.scan_after_import", "plex", "bool", True, "Scan the book's folder right after import"
    ),
    SettingDef(
        "plex.library_path",
        "plex",
        "str",
        "",
        "Library folder as Plex sees it, if not the same path as Earmark's (e.g. /data/audiobooks)",
    ),
    SettingDef("indexer.prowlarr_url", "indexer", "str", "", "Prowlarr URL"),
    SettingDef("indexer.prowlarr_api_key", "indexer", "str", "", "Prowlarr API key", secret=True),
    SettingDef(
        "indexer.prowlarr_indexers",
        "indexer",
        "json",
        [],
        "Selected indexers with priority and seeding rules",
    ),
    SettingDef(
        "indexer.categories", "indexer", "json", [3030], "Newznab/Torznab categories searched"
    ),
    SettingDef(
        "indexer.flag_bonuses", "indexer", "json", {"freeleech": 5}, "Score bonus per indexer flag"
    ),
    SettingDef(
        "download_client.type",
        "download_client",
        "str",
        "qbittorrent",
        "Active torrent client (qbittorrent or transmission)",
    ),
    SettingDef(
        "download_client.qbittorrent_url", "download_client", "str", "", "qBittorrent Web UI URL"
    ),
    SettingDef(
        "download_client.qbittorrent_username",
        "download_client",
        "str",
        "",
        "qBittorrent user",
        secret=True,
    ),
    SettingDef(
        "download_client.qbittorrent_password",
        "download_client",
        "str",
        "",
        "qBittorrent password",
        secret=True,
    ),
    SettingDef(
        "download_client.transmission_url", "download_client", "str", "", "Transmission RPC URL"
    ),
    SettingDef(
        "download_client.transmission_username",
        "download_client",
        "str",
        "",
        "Transmission user",
        secret=True,
    ),
    SettingDef(
        "download_client.transmission_password",
        "download_client",
        "str",
        "",
        "Transmission password",
        secret=True,
    ),
    SettingDef(
        "download_client.category",
        "download_client",
        "str",
        "earmark",
        "Category/label given to Earmark's torrents",
    ),
    SettingDef(
        "download_client.remote_path",
        "download_client",
        "str",
        "",
        "Path prefix as the client sees it",
    ),
    SettingDef(
        "download_client.local_path",
        "download_client",
        "str",
        "",
        "The same folder as Earmark sees it",
    ),
    SettingDef("paths.downloads", "paths", "str", "/downloads", "Folder the client downloads into"),
    SettingDef("paths.media", "paths", "str", "/media/audiobooks", "Library root folder"),
    SettingDef(
        "paths.template", "paths", "str", "{author}/{title}", "Folder template inside the library"
    ),
    SettingDef(
        "import.metadata_tagging", "import", "bool", True, "Write tags into imported copies"
    ),
    SettingDef(
        "import.duration_tolerance_percent", "import", "float", 10.0, "Allowed runtime difference"
    ),
    SettingDef(
        "import.max_retries", "import", "int", 5, "Import attempts before a request needs attention"
    ),
    SettingDef(
        "ranking.min_score", "ranking", "float", 50.0, "Confidence floor a release must clear"
    ),
    SettingDef(
        "ranking.disabled_rules",
        "ranking",
        "json",
        [],
        "Codes of ranking rules switched off (docs/ranking.md lists them)",
        entries=tuple(DISABLEABLE_RANKING_RULES),
    ),
    SettingDef(
        "monitor.stall_minutes",
        "monitor",
        "int",
        30,
        "Minutes without progress before a download is stalled",
    ),
    SettingDef(
        "seeding.default_time_minutes",
        "seeding",
        "int",
        0,
        "Seed time before cleanup (0 = forever)",
    ),
    SettingDef(
        "seeding.default_ratio", "seeding", "float", 0.0, "Ratio before cleanup (0 = no ratio rule)"
    ),
    SettingDef(
        "requests.user_interactive_search",
        "requests",
        "bool",
        False,
        "Users may pick releases themselves",
    ),
    SettingDef("bookdate.enabled", "bookdate", "bool", False, "BookDate recommendations are on"),
    SettingDef(
        "bookdate.provider", "bookdate", "str", "", "openai, anthropic or openai_compatible"
    ),
    SettingDef(
        "bookdate.base_url", "bookdate", "str", "", "Base URL for OpenAI-compatible local models"
    ),
    SettingDef("bookdate.model", "bookdate", "str", "", "Model name"),
    SettingDef("bookdate.api_key", "bookdate", "str", "", "Provider API key", secret=True),
)


def definition(key: str) -> SettingDef | None:
    return SETTINGS.get(key)
