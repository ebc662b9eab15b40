"""`ranking.disabled_rules`: only known, disableable rule codes are stored; the profile uses them."""

from __future__ import annotations

import pytest

from earmark.rule_codes import RankingRule
from earmark.search.configured import ranking_profile
from earmark.settings_store.errors import InvalidSettingValue
from earmark.wiring import Services


def test_disabled_rules_default_to_none(services: Services) -> None:
    assert services.config.get("ranking.disabled_rules") == []
    assert ranking_profile(services.config).disabled_rules == frozenset()


def test_disabled_rules_reach_the_ranking_profile(services: Services) -> None:
    services.config.set("ranking.disabled_rules", '["abridged", "too_few_seeders", "abridged"]')

    assert services.config.get("ranking.disabled_rules") == ["abridged", "too_few_seeders"]
    assert ranking_profile(services.config).disabled_rules == {
        RankingRule.ABRIDGED,
        RankingRule.TOO_FEW_SEEDERS,
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (["no_such_rule"], "no_such_rule is not a ranking rule"),
        (["title_conflict"], "title_conflict cannot be switched off"),
        (["below_floor"], "below_floor cannot be switched off"),
        ('"abridged"', "valid list"),
        ([3], "valid string"),
    ],
)
def test_disabled_rules_refuse_unknown_or_protected_codes(
    services: Services, value: object, message: str
) -> None:
    with pytest.raises(InvalidSettingValue, match=message):
        services.config.set("ranking.disabled_rules", value)
    assert services.config.get("ranking.disabled_rules") == []
