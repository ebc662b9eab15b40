"""The ranking profile as the admin configured it (floor, indexer priorities, flag bonuses)."""

from __future__ import annotations

from typing import Any

from earmark.rule_codes import DISABLEABLE_RANKING_RULES, RankingRule
from earmark.search.profiles import RankingProfile
from earmark.settings_store.service import ConfigService

MIN_PRIORITY, MAX_PRIORITY = 1, 25


def _priorities(entries: Any) -> dict[int, int]:
    priorities: dict[int, int] = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and "id" in entry:
            value = int(entry.get("priority") or 10)
            priorities[int(entry["id"])] = max(MIN_PRIORITY, min(MAX_PRIORITY, value))
    return priorities


def _disabled_rules(codes: Any) -> frozenset[RankingRule]:
    """The switched-off rule codes; the setting is validated on write, so others are ignored."""
    allowed = {str(rule): rule for rule in DISABLEABLE_RANKING_RULES}
    entries = codes if isinstance(codes, list) else []
    return frozenset(allowed[code] for code in entries if isinstance(code, str) and code in allowed)


def ranking_profile(config: ConfigService) -> RankingProfile:
    flags = config.get("indexer.flag_bonuses")
    return RankingProfile(
        min_score=float(config.get("ranking.min_score")),
        indexer_priorities=_priorities(config.get("indexer.prowlarr_indexers")),
        flag_points={str(k).lower(): float(v) for k, v in (flags or {}).items()}
        if isinstance(flags, dict)
        else {},
        disabled_rules=_disabled_rules(config.get("ranking.disabled_rules")),
    )
