"""Products describe themselves: the catalogue, choices and factories come from the registry."""

from __future__ import annotations

import httpx
import pytest
from pydantic import ValidationError

from earmark.core.errors import ConfigurationMissing, InvalidInput
from earmark.core.setting_fields import SettingsSection, Text, Url, setting
from earmark.integrations.download_clients.qbittorrent.client import QbittorrentClient
from earmark.integrations.download_clients.transmission.client import TransmissionClient
from earmark.integrations.llm import LlmConnection
from earmark.integrations.llm.anthropic.client import AnthropicClient
from earmark.integrations.llm.openai.client import OpenAiClient
from earmark.integrations.products import PRODUCTS, names, settings_sections
from earmark.integrations.registry import adapter_for, build_llm_client
from earmark.settings_store.catalogue import SETTINGS
from earmark.settings_store.definitions import definitions_of, keys_of
from earmark.settings_store.sections import DownloadClientSection, download_client_values


@pytest.fixture
def http() -> httpx.Client:
    return httpx.Client(timeout=1.0)


def test_every_product_names_its_category_title_and_builder() -> None:
    assert {(p.category, p.name) for p in PRODUCTS} == {
        ("download_client", "qbittorrent"),
        ("download_client", "transmission"),
        ("download_client", "deluge"),
        ("usenet_client", "sabnzbd"),
        ("usenet_client", "nzbget"),
        ("indexer", "prowlarr"),
        ("media_server", "plex"),
        ("media_server", "audiobookshelf"),
        ("llm", "openai"),
        ("llm", "anthropic"),
        ("llm", "openai_compatible"),
    }
    assert all(p.title and callable(p.build) for p in PRODUCTS)


def test_stored_keys_derive_from_product_settings_and_stay_as_before() -> None:
    derived = {key for s in settings_sections("download_client") for key in keys_of(s).values()}
    assert derived == {
        f"download_client.{kind}_{field}"
        for kind in ("qbittorrent", "transmission")
        for field in ("url", "username", "password")
    } | {"download_client.deluge_url", "download_client.deluge_password"}
    usenet = {key for s in settings_sections("usenet_client") for key in keys_of(s).values()}
    assert usenet == {
        "usenet_client.sabnzbd_url",
        "usenet_client.sabnzbd_api_key",
        "usenet_client.nzbget_url",
        "usenet_client.nzbget_username",
        "usenet_client.nzbget_password",
    }
    assert SETTINGS["usenet_client.sabnzbd_api_key"].bound_to == ("usenet_client.sabnzbd_url",)
    for category in ("indexer", "media_server", "download_client", "usenet_client"):
        for section in settings_sections(category):
            for key in keys_of(section).values():
                assert key in SETTINGS
    assert SETTINGS["plex.auth_token"].bound_to == ("plex.server_url",)
    assert SETTINGS["indexer.prowlarr_api_key"].bound_to == ("indexer.prowlarr_url",)


def test_choices_of_the_kind_settings_are_the_registered_products() -> None:
    assert SETTINGS["download_client.type"].choices == names("download_client")
    assert SETTINGS["usenet_client.type"].choices == ("", *names("usenet_client"))
    assert SETTINGS["bookdate.provider"].choices == ("", *names("llm"))


def test_a_new_products_section_becomes_validated_bound_settings() -> None:
    class NzbgetConnection(SettingsSection):
        group = "download_client"
        key_prefix = "download_client.nzbget_"
        url: Url = setting("", title="NZBGet URL", secret_url=True)
        password: Text = setting("", title="NZBGet password", secret=True)

    defs = {d.key: d for d in definitions_of(NzbgetConnection)}
    assert defs["download_client.nzbget_password"].secret
    assert defs["download_client.nzbget_password"].bound_to == ("download_client.nzbget_url",)
    assert defs["download_client.nzbget_url"].title == "NZBGet URL"


def test_adapter_for_builds_the_named_product_without_kind_chains(http: httpx.Client) -> None:
    values = {"url": "http://127.0.0.1:9", "username": "u", "password": "p"}
    assert isinstance(
        adapter_for(http, "download_client", "qbittorrent", values), QbittorrentClient
    )
    assert isinstance(
        adapter_for(http, "download_client", "transmission", values), TransmissionClient
    )
    with pytest.raises(InvalidInput, match="qbittorrent, transmission, deluge"):
        adapter_for(http, "download_client", "utorrent", values)
    with pytest.raises(InvalidInput, match="http"):
        adapter_for(http, "download_client", "qbittorrent", {**values, "url": "ftp://x"})


def test_llm_clients_are_built_by_provider_and_name_what_is_missing(http: httpx.Client) -> None:
    openai = build_llm_client(http, LlmConnection("openai", "gpt-4o", "", "sk-1"))
    assert isinstance(openai, OpenAiClient)
    anthropic = build_llm_client(http, LlmConnection("anthropic", "claude", "", "sk-2"))
    assert isinstance(anthropic, AnthropicClient)
    with pytest.raises(ConfigurationMissing, match="Anthropic API key"):
        build_llm_client(http, LlmConnection("anthropic", "claude", "", ""))
    with pytest.raises(ConfigurationMissing, match="base URL"):
        build_llm_client(http, LlmConnection("openai_compatible", "m", "", ""))
    with pytest.raises(ConfigurationMissing, match="gemini"):
        build_llm_client(http, LlmConnection("gemini", "m", "", "k"))


def test_the_wizards_download_client_step_keeps_only_the_chosen_products_fields() -> None:
    body = {"type": "deluge", "url": "http://nas:8112", "username": "typed-for-another-client"}
    values = download_client_values(DownloadClientSection.model_validate(body))
    assert values["download_client.type"] == "deluge"
    assert values["download_client.deluge_url"] == "http://nas:8112"
    assert "download_client.deluge_password" not in values  # empty: the stored one stays
    assert not any("username" in key or "qbittorrent" in key for key in values)
    with pytest.raises(ValidationError, match="Deluge Web UI URL required"):
        DownloadClientSection.model_validate({"type": "deluge", "password": "p"})
    with pytest.raises(ValidationError, match="http"):
        DownloadClientSection.model_validate({"type": "deluge", "url": "ftp://nas"})
