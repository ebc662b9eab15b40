"""`earmark config rotate-key`: every secret re-encrypted under a new key, old key no longer opens them."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from earmark.cli import app
from earmark.security.crypto import Cipher, DecryptionFailed, parse_key
from earmark.settings import BootSettings
from earmark.settings_store.service import ConfigService
from earmark.wiring import Services, build_services

# The CLI re-encrypts every stored secret from another process: a database of its own.
pytestmark = pytest.mark.fresh_database


def test_rotate_key_reencrypts_secrets_and_replaces_key_file(
    services: Services, boot_settings: BootSettings
) -> None:
    services.config.set_many(
        {"plex.auth_token": "plex-secret-abcdef", "indexer.prowlarr_api_key": "prowl-secret-123456"}
    )
    key_file = boot_settings.data_dir / "encryption.key"
    old_cipher = Cipher(parse_key(key_file.read_text()))
    env = {
        "EARMARK_DATA_DIR": str(boot_settings.data_dir),
        "EARMARK_DATABASE_URL": boot_settings.resolved_database_url,
    }
    result = CliRunner().invoke(app, ["config", "rotate-key"], env=env)
    assert result.exit_code == 0, result.output
    assert "re-encrypted 2 value(s)" in result.output
    new_cipher = Cipher(parse_key(key_file.read_text()))
    assert new_cipher.key_id != old_cipher.key_id
    fresh = build_services(
        BootSettings(
            data_dir=boot_settings.data_dir, database_url=boot_settings.resolved_database_url
        )
    )
    try:
        assert fresh.config.get("plex.auth_token") == "plex-secret-abcdef"
        with pytest.raises(DecryptionFailed):
            ConfigService(fresh.sessions, old_cipher).get("plex.auth_token")
    finally:
        fresh.close()
