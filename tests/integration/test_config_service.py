"""Configuration service: typed values, secrets sealed at rest and masked in views."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from earmark.db.engine import transaction
from earmark.security.crypto import Cipher, DecryptionFailed, generate_key_text, parse_key
from earmark.settings_store import codec
from earmark.settings_store.catalogue import IndexerChoices, RankingSettings
from earmark.settings_store.errors import InvalidSettingValue, UnknownSetting
from earmark.settings_store.models import Configuration
from earmark.settings_store.service import ConfigService
from earmark.wiring import Services, push

SECRET = "prowlarr-KEY-7f1e9a33"


def test_config_typed_round_trip(services: Services) -> None:
    services.config.set_many(
        {
            "ranking.min_score": "61.5",
            "plex.scan_after_import": "false",
            "indexer.categories": [3030, 3040],
        }
    )
    assert services.config.get("ranking.min_score") == 61.5
    assert services.config.get("plex.scan_after_import") is False
    assert services.config.get("indexer.categories") == [3030, 3040]


def test_config_defaults_when_unset(services: Services) -> None:
    assert services.config.get("paths.template") == "{author}/{title}"


def test_config_rejects_unknown_key_and_bad_type(services: Services) -> None:
    with pytest.raises(UnknownSetting):
        services.config.set("no.such.key", "x")
    with pytest.raises(InvalidSettingValue):
        services.config.set("monitor.stall_minutes", "soon")


def test_config_secret_not_in_plaintext_in_database(services: Services, tmp_path: Path) -> None:
    services.config.set("indexer.prowlarr_api_key", SECRET)
    assert services.config.get("indexer.prowlarr_api_key") == SECRET
    with services.engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT value, encrypted FROM configuration WHERE key = 'indexer.prowlarr_api_key'"
            )
        ).one()
    assert row.encrypted
    assert SECRET not in row.value
    if services.engine.dialect.name == "sqlite":
        db_file = Path(services.engine.url.database or "")
        services.engine.dispose()
        raw = b"".join(p.read_bytes() for p in db_file.parent.glob(db_file.name + "*"))
        assert SECRET.encode() not in raw


def test_config_public_view_masks_secrets(services: Services) -> None:
    services.config.set("indexer.prowlarr_api_key", SECRET)
    view = services.config.public_view("indexer")
    assert view["indexer.prowlarr_api_key"] == {"is_set": True}
    assert SECRET not in repr(view)


def test_config_wrong_key_reported_clearly(services: Services) -> None:
    services.config.set("plex.auth_token", "plex-token-abcdef")
    other = ConfigService(services.sessions, Cipher(parse_key(generate_key_text())))
    with pytest.raises(DecryptionFailed, match="different encryption key"):
        other.get("plex.auth_token")


def test_config_write_invalidates_cache(services: Services) -> None:
    assert services.config.get("monitor.stall_minutes") == 30
    services.config.set("monitor.stall_minutes", 45)
    assert services.config.get("monitor.stall_minutes") == 45


def test_config_write_in_callers_session_is_seen_once_that_session_commits(
    services: Services,
) -> None:
    with transaction(services.sessions) as session:
        services.config.set_many({"monitor.stall_minutes": 45}, session=session)
        # Read (and cached) through another connection before the caller commits.
        assert services.config.get("monitor.stall_minutes") == 30

    assert services.config.get("monitor.stall_minutes") == 45


def test_user_name_stored_in_clear_before_it_became_secret_is_read_then_sealed_by_push(
    services: Services,
) -> None:
    with transaction(services.sessions) as session:
        session.add(
            Configuration(
                key="download_client.qbittorrent_username",
                value="old-admin",
                encrypted=False,
                category="download_client",
            )
        )
    services.config.invalidate()
    assert services.config.get_str("download_client.qbittorrent_username") == "old-admin"

    push(services)

    with services.sessions() as session:
        stored = session.execute(
            text(
                "SELECT value, encrypted FROM configuration "
                "WHERE key = 'download_client.qbittorrent_username'"
            )
        ).one()
    assert stored.encrypted and "old-admin" not in stored.value
    assert services.config.get_str("download_client.qbittorrent_username") == "old-admin"
    assert services.config.public_view()["download_client.qbittorrent_username"] == {"is_set": True}


def test_config_stored_value_out_of_bounds_reads_as_default_and_is_logged(
    services: Services, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(codec, "_reported", set())
    with transaction(services.sessions) as session:
        session.add(Configuration(key="ranking.min_score", value="150", category="ranking"))
    with caplog.at_level("WARNING", logger="earmark.settings_store.codec"):
        assert services.config.section(RankingSettings).min_score == 50.0
    assert "ranking.min_score" in caplog.text


def test_config_section_reads_typed_values(services: Services) -> None:
    services.config.set_many(
        {"indexer.prowlarr_indexers": [{"id": "4", "name": "ABB", "rss": False}, {"id": 9}]}
    )
    choices = services.config.section(IndexerChoices)
    assert choices.ids() == (4, 9)
    assert choices.rss_ids() == (9,)
    assert choices.priorities() == {4: 10, 9: 10}
