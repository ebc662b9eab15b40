"""Every structured setting gets a form of its own, bounded like the stored field."""

from __future__ import annotations

from earmark.rule_codes import DISABLEABLE_RANKING_RULES, RankingRule
from earmark.settings_store.catalogue import SETTINGS, IndexerChoices, RankingSettings
from earmark.web.settings_forms import choice_labels, indexer_picker, widget_of


def test_no_setting_is_left_to_raw_json() -> None:
    structured = [d for d in SETTINGS.values() if d.kind == "json"]
    assert structured, "the catalogue has list and mapping settings"
    assert all(widget_of(d) is not None for d in structured)
    assert all(widget_of(d) is None for d in SETTINGS.values() if d.kind != "json")


def test_widgets_take_their_bounds_from_the_field() -> None:
    categories = widget_of(SETTINGS[IndexerChoices.key_of("categories")])
    assert categories is not None
    assert (categories.kind, categories.item_type) == ("list", "number")
    assert (categories.minimum, categories.maximum, categories.max_items) == (0, 999_999, 50)
    bonuses = widget_of(SETTINGS[IndexerChoices.key_of("flag_bonuses")])
    assert bonuses is not None
    assert (bonuses.kind, bonuses.minimum, bonuses.maximum) == ("pairs", -100, 100)
    assert bonuses.name_max_length == 50


def test_rule_checkboxes_list_only_rules_that_can_be_switched_off_with_their_names() -> None:
    rules = widget_of(SETTINGS[RankingSettings.key_of("disabled_rules")])
    assert rules is not None and rules.kind == "choices"
    assert [code for code, _ in rules.options] == list(DISABLEABLE_RANKING_RULES)
    assert dict(rules.options)[RankingRule.ABRIDGED] == RankingRule.ABRIDGED.label
    assert all(choice_labels()[rule.value] == rule.label for rule in RankingRule)


def test_indexer_picker_inputs_follow_indexer_choice() -> None:
    picker = indexer_picker()
    assert picker["inputs"]["priority"]["min"] == 1 and picker["inputs"]["priority"]["max"] == 25
    assert picker["inputs"]["seeding_time_minutes"]["unit"] == "minutes"
    assert picker["defaults"] == {
        "priority": 10,
        "seeding_time_minutes": 0,
        "ratio_limit": 0.0,
        "rss": True,
    }
