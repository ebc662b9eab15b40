"""The ranking profile as the admin configured it (floor, indexer priorities, flag bonuses, the
wanted language)."""

from __future__ import annotations

from earmark.search.markers import language_code
from earmark.search.profiles import RankingProfile
from earmark.settings_store.catalogue import (
    IndexerChoices,
    RankingSettings,
    SystemSettings,
    UsenetClientOptions,
)
from earmark.settings_store.service import ConfigService


def ranking_profile(config: ConfigService) -> RankingProfile:
    indexers, ranking = config.section(IndexerChoices), config.section(RankingSettings)
    return RankingProfile(
        min_score=ranking.min_score,
        indexer_priorities=indexers.priorities(),
        flag_points={flag.lower(): points for flag, points in indexers.flag_bonuses.items()},
        disabled_rules=ranking.disabled(),
        protocols=frozenset(
            {"torrent", "usenet"} if config.section(UsenetClientOptions).type else {"torrent"}
        ),
        wanted_language=language_code(
            ranking.language_for(config.section(SystemSettings).audible_region)
        ),
    )
