"""The first-run wizard in Chromium, against fake Plex, fake Prowlarr, fake OpenAI and a real
qBittorrent and Deluge (deluged needs a network namespace: scripts/loopback-only.sh).

Every media-server and download-client product in the registry must be offered with its
connection fields and test, so products added later are covered without touching this file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from earmark.app import create_app
from earmark.demo.fakes.plex_server import FakePlexLibrary
from earmark.demo.fakes.plex_server import build_app as build_plex_app
from earmark.demo.fakes.prowlarr import FakeProwlarr
from earmark.demo.fakes.server import serve_app
from earmark.demo.parts.daemons import QbittorrentDaemon
from earmark.demo.parts.deluge_daemon import DelugeDaemon
from earmark.demo.parts.processes import free_port
from earmark.integrations.product import Category
from earmark.integrations.products import products
from earmark.jobs.runtime import seed_default_schedules
from earmark.security.setup_code import setup_code
from earmark.settings import BootSettings
from earmark.web.settings_forms import connection_fields
from earmark.wiring import Services, build_services, push
from tests.browser.conftest import screenshot
from tests.fakes.llm import LlmControls, build_openai_app
from tests.harness.usenet import NzbgetDaemon

PASSWORD = "a-long-setup-password"


@dataclass
class FreshSite:
    url: str
    services: Services
    plex_url: str
    prowlarr_url: str
    llm_url: str
    qbittorrent: QbittorrentDaemon
    deluge: DelugeDaemon
    folders: Path


@pytest.fixture(scope="module")
def fresh_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FreshSite]:
    """An Earmark that has never been set up, and everything its wizard will test."""
    root = tmp_path_factory.mktemp("wizard")
    prowlarr = FakeProwlarr()
    prowlarr.add_indexer(1, "LoopbackTracker")
    prowlarr.add_indexer(2, "SleepyUsenet", protocol="usenet", enable=False)
    qbittorrent = QbittorrentDaemon(root / "daemons", root / "qbt-downloads").start()
    deluge = DelugeDaemon(root / "daemons", root / "deluge-downloads").start()
    settings = BootSettings(data_dir=root / "data", run_worker=False)
    services = build_services(settings)
    push(services)
    # What a started worker does; completing setup queues the first scheduled refresh and scan.
    seed_default_schedules(services)
    try:
        with (
            serve_app(build_plex_app(FakePlexLibrary())) as plex_url,
            serve_app(prowlarr.app()) as prowlarr_url,
            serve_app(build_openai_app(LlmControls())) as llm_url,
            serve_app(create_app(settings, services)) as url,
        ):
            yield FreshSite(
                url,
                services,
                plex_url,
                prowlarr_url,
                llm_url,
                qbittorrent,
                deluge,
                root / "folders",
            )
    finally:
        services.close()
        qbittorrent.stop()
        deluge.stop()


def run_test(page: Page, expected: str) -> None:
    page.get_by_test_id("test-connection").click()
    expect(page.get_by_test_id("test-result")).to_contain_text(expected)


def each_product_tests_its_own_connection(page: Page, category: Category) -> None:
    """Choose each registered product, fill its connection fields (found by their setting keys)
    with an address where nothing listens, and see its own connection test answer."""
    nobody = f"http://127.0.0.1:{free_port()}"
    for product in products(category):
        choice = page.locator(f'select[data-product-choice="{category}"]')
        if choice.count():
            choice.select_option(product.name)
        for field in connection_fields(product.connection):
            if field.input_type == "url":
                page.locator(f'[data-setting="{field.key}"]').fill(nobody)
            elif field.input_type == "password" or field.name in product.requires:
                page.locator(f'[data-setting="{field.key}"]').fill("not-a-secret")
        run_test(page, f"{product.title}:")
        expect(page.get_by_test_id("test-result")).to_have_class("alert alert-error")
        expect(page.get_by_test_id("next-step")).to_be_disabled()


def next_step(page: Page, heading: str) -> None:
    page.get_by_test_id("next-step").click()
    expect(page.get_by_role("heading", name=heading)).to_be_visible()


def test_setup_wizard_walks_every_step_and_lands_home_as_admin(
    page: Page, fresh_site: FreshSite, nzbget_daemon: NzbgetDaemon
) -> None:
    site = fresh_site
    page.goto(f"{site.url}/login")
    expect(page).to_have_url(f"{site.url}/setup")
    page.fill("#a-code", "WRONG-CODE-0000")
    page.fill("#a-pass", PASSWORD)
    page.fill("#a-confirm", PASSWORD)
    page.get_by_role("button", name="Create admin").click()
    expect(page.get_by_text("Enter the setup code that Earmark printed")).to_be_visible()
    # The operator reads the code from Earmark's start-up log; it derives from the key.
    page.fill("#a-code", setup_code(site.services.cipher).lower())
    page.get_by_role("button", name="Create admin").click()
    expect(page.get_by_role("heading", name="Media server")).to_be_visible()

    expect(page.get_by_test_id("next-step")).to_be_disabled()
    each_product_tests_its_own_connection(page, "media_server")
    page.select_option("#m-kind", "plex")
    page.fill("#p-url", site.plex_url)
    page.fill("#p-token", "fake-plex-token")
    run_test(page, "Connected to Plex Media Server")
    expect(page.locator("#p-lib")).to_have_value("1")
    screenshot(page, "setup-plex-desktop")
    next_step(page, "Prowlarr")

    page.fill("#w-url", site.prowlarr_url)
    page.fill("#w-key", "prowlarr-test-key")
    run_test(page, "Connected to Prowlarr")
    expect(page.get_by_label("Use LoopbackTracker")).to_be_checked()
    expect(page.get_by_label("Use SleepyUsenet")).not_to_be_checked()
    next_step(page, "Download client")

    each_product_tests_its_own_connection(page, "download_client")
    page.select_option("#d-type", "deluge")
    expect(page.locator('[data-setting="download_client.qbittorrent_username"]')).to_be_hidden()
    page.fill("#d-deluge-url", site.deluge.url)
    page.fill("#d-deluge-password", site.deluge.password)
    run_test(page, "Connected to Deluge 2.0.3")
    screenshot(page, "setup-download-client-deluge-desktop")
    page.set_viewport_size({"width": 390, "height": 860})
    screenshot(page, "setup-download-client-deluge-mobile")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.select_option("#d-type", "qbittorrent")
    expect(page.get_by_test_id("next-step")).to_be_disabled()  # the Deluge result is gone
    page.fill("#d-qbittorrent-url", site.qbittorrent.url)
    page.fill("#d-qbittorrent-username", site.qbittorrent.username)
    page.fill("#d-qbittorrent-password", "not-the-password")
    page.get_by_test_id("test-connection").click()
    failed = page.get_by_test_id("test-result")
    expect(failed).to_have_class("alert alert-error")
    expect(page.get_by_test_id("next-step")).to_be_disabled()
    screenshot(page, "setup-download-client-error-desktop")
    page.fill("#d-qbittorrent-password", site.qbittorrent.password)
    run_test(page, "qBittorrent")
    expect(failed).to_have_class("alert alert-ok")
    next_step(page, "Usenet client (optional)")

    # A usenet client beside the torrent client, listed from the product registry.
    page.select_option("#u-type", "nzbget")
    page.fill("#u-url", nzbget_daemon.url)
    page.fill("#u-user", nzbget_daemon.username)
    page.fill("#u-pass", nzbget_daemon.password)
    run_test(page, "Connected to NZBGet")
    screenshot(page, "setup-usenet-client-desktop")
    next_step(page, "Library folders")

    page.fill("#f-dl", str(site.folders / "downloads"))
    page.fill("#f-media", str(site.folders / "media"))
    run_test(page, "Both folders are writable")
    next_step(page, "BookDate recommendations (optional)")

    page.get_by_label("Turn on BookDate").check()
    page.select_option("#b-prov", "openai_compatible")
    page.fill("#b-url", f"{site.llm_url}/v1")
    page.fill("#b-model", "gpt-4o")
    page.fill("#b-key", "test-key")
    run_test(page, "Connected to")
    next_step(page, "Review")
    screenshot(page, "setup-review-desktop")
    page.set_viewport_size({"width": 375, "height": 860})
    screenshot(page, "setup-review-mobile")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/setup is {overflow}px wider than a 375px screen"

    page.get_by_test_id("complete-setup").click()
    expect(page).to_have_url(f"{site.url}/")
    page.get_by_role("button", name="Menu", exact=True).click()
    expect(page.get_by_role("link", name="Settings")).to_be_visible()
    config = site.services.config
    assert config.get("setup.completed") is True
    assert config.get_str("indexer.prowlarr_api_key") == "prowlarr-test-key"
    assert config.get_str("download_client.qbittorrent_password") == site.qbittorrent.password
    assert config.get_str("plex.library_id") == "1"
    assert config.get("bookdate.enabled") is True
    assert config.get_str("usenet_client.type") == "nzbget"
    assert config.get_str("usenet_client.nzbget_password") == nzbget_daemon.password
    assert [i["id"] for i in config.get("indexer.prowlarr_indexers")] == [1]
    page.goto(f"{site.url}/setup")
    expect(page).to_have_url(f"{site.url}/admin/settings")
