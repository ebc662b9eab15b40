"""Structured settings in Chromium: the indexer picker fed by Prowlarr, flag bonus rows, category
list and ranking rule checkboxes, each saved in the stored format and refused beside its field."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from earmark.rule_codes import RankingRule
from earmark.settings_store.catalogue import IndexerChoices, RankingSettings
from tests.browser.conftest import Site, screenshot, sign_in

WIDTHS = (360, 390, 768, 1366)


@pytest.fixture
def indexer_settings(site: Site) -> Iterator[None]:
    """A second Prowlarr indexer for the picker; the settings these tests change restored after."""
    config = site.services.config
    indexers, ranking = config.section(IndexerChoices), config.section(RankingSettings)
    saved = {
        IndexerChoices.key_of("prowlarr_indexers"): [
            c.model_dump() for c in indexers.prowlarr_indexers
        ],
        IndexerChoices.key_of("categories"): indexers.categories,
        IndexerChoices.key_of("flag_bonuses"): indexers.flag_bonuses,
        RankingSettings.key_of("disabled_rules"): ranking.disabled_rules,
    }
    site.fakes.prowlarr.add_indexer(2, "NewsHound", protocol="usenet")
    yield
    del site.fakes.prowlarr.indexers[2]
    config.set_many(saved)


def _save(page: Page) -> None:
    page.get_by_role("button", name="Save changes").click()


def test_indexer_picker_lists_prowlarrs_indexers_and_saves_the_stored_format(
    page: Page, site: Site, indexer_settings: None
) -> None:
    sign_in(page, site, "/admin/settings?tab=indexer")
    expect(page.locator("textarea")).to_have_count(0)
    picker = page.get_by_test_id("indexer-picker")
    rows = picker.get_by_test_id("indexer-row")
    expect(rows).to_have_count(2)
    stored = picker.locator('[data-indexer="LoopbackTracker"]')
    new = picker.locator('[data-indexer="NewsHound"]')
    expect(stored.get_by_label("Use LoopbackTracker")).to_be_checked()
    expect(new.get_by_label("Use NewsHound")).not_to_be_checked()
    expect(new.get_by_label("Priority of NewsHound")).to_be_disabled()

    new.get_by_label("Use NewsHound").check()
    new.get_by_label("Priority of NewsHound").fill("3")
    new.get_by_label("Seeding time of NewsHound").fill("90")
    page.get_by_role("button", name="Remove freeleech").click()
    page.get_by_role("button", name="Add a row").click()
    page.get_by_label("Name 1").fill("internal")
    page.get_by_label("Points for internal").fill("2.5")
    categories = page.locator("fieldset", has=page.locator("legend", has_text="Categories"))
    categories.get_by_role("button", name="Add", exact=True).click()
    categories.get_by_label("Categories 2").fill("3040")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate("window.scrollTo(0, 0)")  # the sticky header stays on top of the shot
        screenshot(page, f"settings-indexers-{width}")
    page.set_viewport_size({"width": 1280, "height": 860})
    _save(page)
    expect(page.get_by_text("Saved.")).to_be_visible()

    chosen = site.services.config.section(IndexerChoices)
    assert [
        (c.id, c.name, c.priority, c.seeding_time_minutes) for c in chosen.prowlarr_indexers
    ] == [
        (1, "LoopbackTracker", 10, 0),
        (2, "NewsHound", 3, 90),
    ]
    assert chosen.flag_bonuses == {"internal": 2.5}
    assert chosen.categories == [3030, 3040]

    # A priority out of bounds is refused beside the picker, in plain words with the bound.
    page.reload()
    page.get_by_label("Priority of NewsHound").fill("30")
    _save(page)
    error = page.locator(f"#s-{IndexerChoices.key_of('prowlarr_indexers').replace('.', '-')}-error")
    expect(error).to_contain_text("at most 25")
    expect(page.get_by_test_id("indexer-picker")).to_have_attribute("aria-invalid", "true")
    assert site.services.config.section(IndexerChoices).priorities() == {1: 10, 2: 3}


def test_picker_keeps_the_stored_indexers_when_prowlarr_cannot_answer(
    page: Page, site: Site, indexer_settings: None
) -> None:
    sign_in(page, site, "/admin/settings?tab=indexer")
    url = page.get_by_label("Prowlarr URL")
    url.fill("http://127.0.0.1:9")
    page.get_by_test_id("indexer-reload").click()
    expect(page.get_by_test_id("indexer-picker-problem")).to_contain_text("could not be listed")
    expect(page.get_by_test_id("indexer-row")).to_have_count(2)


def test_ranking_rules_are_checkboxes_with_their_names(
    page: Page, site: Site, indexer_settings: None
) -> None:
    sign_in(page, site, "/admin/settings?tab=ranking")
    expect(page.locator("textarea")).to_have_count(0)
    page.get_by_label(RankingRule.ABRIDGED.label).check()
    page.get_by_label(RankingRule.BUNDLE.label).check()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate("window.scrollTo(0, 0)")  # the sticky header stays on top of the shot
        screenshot(page, f"settings-ranking-{width}")
    page.set_viewport_size({"width": 1280, "height": 860})
    _save(page)
    expect(page.get_by_text("Saved.")).to_be_visible()
    assert site.services.config.section(RankingSettings).disabled_rules == ["abridged", "bundle"]
    page.reload()
    expect(page.get_by_label(RankingRule.ABRIDGED.label)).to_be_checked()
    expect(page.get_by_label(RankingRule.FOREIGN_LANGUAGE.label)).not_to_be_checked()
