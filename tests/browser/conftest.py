"""A real Earmark server (uvicorn, SQLite) and a Chromium browser shared by the browser tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Dialog, Page

from earmark.app import create_app
from earmark.demo.fakes.audible import build_app as build_audible_app
from earmark.demo.fakes.prowlarr import FakeProwlarr, FakeRelease
from earmark.demo.fakes.server import serve_app
from earmark.settings import BootSettings
from earmark.users.models import User
from earmark.wiring import Services, build_services, push
from tests.api.web.seed import ADMIN_PASSWORD, add_books, add_job_events, add_request, add_user
from tests.fakes.llm import LlmControls, build_openai_app
from tests.harness.receivers import smtp_receiver, webhook_receiver

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


PROWLARR_KEY = "prowlarr-browser-key"
PICKABLE_TITLE = "The Quiet Mirror"


@dataclass
class Fakes:
    """The outside services the signed-in browser tests talk to, all on 127.0.0.1."""

    audible: FastAPI
    llm: LlmControls
    prowlarr: FakeProwlarr


@dataclass
class Site:
    url: str
    services: Services
    admin: User
    reader: User
    failed_request_title: str
    fakes: Fakes


def _fake_prowlarr() -> FakeProwlarr:
    """Two releases of the pickable book: a good M4B and an abridged one that ranking rejects."""
    fake = FakeProwlarr(api_key=PROWLARR_KEY)
    fake.add_indexer(1, "LoopbackTracker")
    fake.add_release(
        FakeRelease(f"Ada Lovelace - {PICKABLE_TITLE} [M4B]", 1, seeders=40, file_id="quiet-m4b")
    )
    fake.add_release(
        FakeRelease(f"{PICKABLE_TITLE} (Abridged) MP3", 1, seeders=3, file_id="quiet-abridged")
    )
    return fake


def _configure(services: Services, llm_url: str, prowlarr_url: str) -> None:
    services.config.set_many(
        {
            "setup.completed": True,
            "bookdate.enabled": True,
            "bookdate.provider": "openai_compatible",
            "bookdate.base_url": f"{llm_url}/v1",
            "bookdate.model": "gpt-4o",
            "bookdate.api_key": "test-key",
            "indexer.prowlarr_url": prowlarr_url,
            "indexer.prowlarr_api_key": PROWLARR_KEY,
            "indexer.prowlarr_indexers": [{"id": 1, "name": "LoopbackTracker", "priority": 10}],
        }
    )


@pytest.fixture(scope="session")
def fakes() -> Iterator[tuple[Fakes, str, str, str]]:
    fakes = Fakes(build_audible_app(), LlmControls(), _fake_prowlarr())
    with (
        serve_app(fakes.audible) as audible_url,
        serve_app(build_openai_app(fakes.llm)) as llm_url,
        serve_app(fakes.prowlarr.app()) as prowlarr_url,
    ):
        yield fakes, audible_url, llm_url, prowlarr_url


@pytest.fixture(scope="session")
def site(
    tmp_path_factory: pytest.TempPathFactory, fakes: tuple[Fakes, str, str, str]
) -> Iterator[Site]:
    running, audible_url, llm_url, prowlarr_url = fakes
    data = tmp_path_factory.mktemp("browser-site")
    settings = BootSettings(
        data_dir=data, run_worker=False, audible_api_url=audible_url, audnexus_url=audible_url
    )
    services = build_services(settings)
    push(services)
    _configure(services, llm_url, prowlarr_url)
    admin = add_user(services, "admin", "admin", local_admin=True)
    reader = add_user(services, "reader")
    add_books(services, 12)
    add_request(services, admin, PICKABLE_TITLE, "failed", error="No release scored above 50.")
    add_request(services, reader, "The Silent Tracker", "downloading", progress=63)
    failed = add_request(
        services,
        admin,
        "A Book Nobody Seeds",
        "failed",
        error="No release scored above 50 after 3 searches.",
    )
    add_job_events(services, failed, 75)
    with serve_app(create_app(settings, services)) as url:
        yield Site(url, services, admin, reader, "A Book Nobody Seeds", running)
    services.close()


@pytest.fixture
def page(browser: Browser, site: Site) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    opened = context.new_page()
    outside: list[str] = []
    opened.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "about:"))
            else None
        ),
    )
    native_dialogs: list[str] = []

    def refuse_native_dialog(dialog: Dialog) -> None:
        native_dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    opened.on("dialog", refuse_native_dialog)
    yield opened
    context.close()
    assert not outside, f"the page tried to reach the outside: {outside}"
    assert not native_dialogs, f"the page opened a browser dialog, not the app's: {native_dialogs}"


def sign_in(page: Page, site: Site, redirect: str = "/") -> None:
    page.goto(f"{site.url}/login?redirect={redirect}")
    page.fill("#username", "admin")
    page.fill("#password", ADMIN_PASSWORD)
    page.click("form[data-testid=local-login] button[type=submit]")
    page.wait_for_url(f"{site.url}{redirect}")


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


__all__ = ["smtp_receiver", "webhook_receiver"]
