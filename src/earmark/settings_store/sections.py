"""The setup wizard's and settings pages' request bodies, mapped onto configuration keys.

Field types come from the stored sections (`catalogue.py`), so a body is refused (422, naming
the field) for the same reasons a stored value would be.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from earmark.core.setting_fields import MAX_PATH_LENGTH, PathText, Text, Url
from earmark.integrations.indexers import AUDIOBOOK_CATEGORY
from earmark.settings_store.catalogue import DownloadClientType, IndexerChoice, LlmProvider


class PlexSection(BaseModel):
    server_url: Url = Field(min_length=1)
    auth_token: Text = Field(default="", max_length=512)
    library_id: Text = Field(default="", max_length=64)
    scan_after_import: bool = True
    library_path: PathText = Field(default="", max_length=MAX_PATH_LENGTH)


class ProwlarrSection(BaseModel):
    url: Url = Field(min_length=1)
    api_key: Text = Field(default="", max_length=512)
    categories: list[int] = Field(default_factory=lambda: [AUDIOBOOK_CATEGORY], max_length=50)
    indexers: list[IndexerChoice] = Field(default_factory=list, max_length=500)


class DownloadClientSection(BaseModel):
    type: DownloadClientType = "qbittorrent"
    url: Url = Field(min_length=1)
    username: Text = Field(default="", max_length=256)
    password: Text = Field(default="", max_length=512)
    category: Text = Field(default="earmark", max_length=100)
    remote_path: PathText = Field(default="", max_length=MAX_PATH_LENGTH)
    local_path: PathText = Field(default="", max_length=MAX_PATH_LENGTH)


class PathsSection(BaseModel):
    downloads: PathText = Field(min_length=1, max_length=MAX_PATH_LENGTH)
    media: PathText = Field(min_length=1, max_length=MAX_PATH_LENGTH)
    template: PathText = Field(default="{author}/{title}", min_length=1, max_length=512)
    metadata_tagging: bool = True


class BookDateSection(BaseModel):
    enabled: bool = True
    provider: LlmProvider = "openai"
    base_url: Url = ""
    model: Text = Field(default="", max_length=200)
    api_key: Text = Field(default="", max_length=512)


class SetupBody(BaseModel):
    plex: PlexSection
    prowlarr: ProwlarrSection
    download_client: DownloadClientSection
    paths: PathsSection
    bookdate: BookDateSection | None = None


def plex_values(section: PlexSection, machine_identifier: str) -> dict[str, object]:
    values: dict[str, object] = {
        "plex.server_url": section.server_url.strip().rstrip("/"),
        "plex.library_id": section.library_id,
        "plex.scan_after_import": section.scan_after_import,
        "plex.library_path": section.library_path.strip(),
        "plex.machine_identifier": machine_identifier,
    }
    if section.auth_token:
        values["plex.auth_token"] = section.auth_token
    return values


def prowlarr_values(section: ProwlarrSection) -> dict[str, object]:
    values: dict[str, object] = {
        "indexer.prowlarr_url": section.url.strip(),
        "indexer.categories": section.categories or [AUDIOBOOK_CATEGORY],
        "indexer.prowlarr_indexers": [choice.model_dump() for choice in section.indexers],
    }
    if section.api_key:
        values["indexer.prowlarr_api_key"] = section.api_key
    return values


def download_client_values(section: DownloadClientSection) -> dict[str, object]:
    prefix = f"download_client.{section.type}"
    values: dict[str, object] = {
        "download_client.type": section.type,
        f"{prefix}_url": section.url.strip(),
        f"{prefix}_username": section.username,
        "download_client.category": section.category or "earmark",
        "download_client.remote_path": section.remote_path.strip(),
        "download_client.local_path": section.local_path.strip(),
    }
    if section.password:
        values[f"{prefix}_password"] = section.password
    return values


def paths_values(section: PathsSection) -> dict[str, object]:
    return {
        "paths.downloads": section.downloads.strip(),
        "paths.media": section.media.strip(),
        "paths.template": section.template.strip(),
        "import.metadata_tagging": section.metadata_tagging,
    }


def bookdate_values(section: BookDateSection) -> dict[str, object]:
    values: dict[str, object] = {
        "bookdate.enabled": section.enabled,
        "bookdate.provider": section.provider,
        "bookdate.base_url": section.base_url.strip(),
        "bookdate.model": section.model.strip(),
    }
    if section.api_key:
        values["bookdate.api_key"] = section.api_key
    return values
