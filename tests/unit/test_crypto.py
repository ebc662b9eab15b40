"""Encryption at rest: round trip, envelope, wrong key reported clearly, key file handling."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from earmark.security.crypto import (
    Cipher,
    DecryptionFailed,
    EncryptionKeyError,
    generate_key_text,
    is_envelope,
    load_or_create_key,
    parse_key,
)


def test_cipher_round_trip_uses_fresh_nonce() -> None:
    cipher = Cipher(parse_key(generate_key_text()))
    first, second = cipher.encrypt("s3cret-token"), cipher.encrypt("s3cret-token")
    assert first != second
    assert is_envelope(first)
    assert "s3cret-token" not in first
    assert cipher.decrypt(first) == "s3cret-token"


def test_cipher_wrong_key_is_reported_not_garbage() -> None:
    sealed = Cipher(parse_key(generate_key_text())).encrypt("value")
    with pytest.raises(DecryptionFailed, match="different encryption key"):
        Cipher(parse_key(generate_key_text())).decrypt(sealed)


def test_cipher_tampered_value_is_reported() -> None:
    cipher = Cipher(parse_key(generate_key_text()))
    sealed = cipher.encrypt("value")
    tampered = sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB")
    with pytest.raises(DecryptionFailed):
        cipher.decrypt(tampered)


def test_parse_key_accepts_hex_and_base64_and_rejects_short() -> None:
    assert len(parse_key("ab" * 32)) == 32
    assert len(parse_key(generate_key_text())) == 32
    with pytest.raises(EncryptionKeyError, match="32 random bytes"):
        parse_key("too-short")


def test_key_file_created_with_mode_0600_and_reused(tmp_path: Path) -> None:
    first = load_or_create_key(None, tmp_path)
    key_file = tmp_path / "encryption.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_or_create_key(None, tmp_path) == first


def test_env_key_wins_over_key_file(tmp_path: Path) -> None:
    load_or_create_key(None, tmp_path)
    env_text = generate_key_text()
    assert load_or_create_key(env_text, tmp_path) == parse_key(env_text)
