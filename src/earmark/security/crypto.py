"""AES-256-GCM encryption at rest with a versioned envelope.

Envelope: ``enc:v1:<key id>:<base64(nonce || ciphertext || tag)>``. The key id is the first
8 hex digits of SHA-256(key), so a value sealed with another key is reported as such instead of
failing as a corrupt value.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import os
import secrets
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from earmark.core.errors import EarmarkError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ENVELOPE_PREFIX = "enc:v1:"
KEY_FILE_NAME = "encryption.key"
_NONCE_BYTES = 12


class EncryptionKeyError(EarmarkError):
    code = "EncryptionKeyError"


class DecryptionFailed(EarmarkError):
    code = "DecryptionFailed"


def parse_key(text: str) -> bytes:
    """Accept a 32-byte key as base64 (urlsafe or standard) or as 64 hex digits."""
    text = text.strip()
    candidates: list[bytes] = []
    if len(text) == 64:
        with contextlib.suppress(ValueError):
            candidates.append(bytes.fromhex(text))
    for decoder in (base64.urlsafe_b64decode, base64.b64decode):
        try:
            candidates.append(decoder(text + "=" * (-len(text) % 4)))
        except (binascii.Error, ValueError):
            continue
    for key in candidates:
        if len(key) == 32:
            return key
    raise EncryptionKeyError(
        "EARMARK_ENCRYPTION_KEY must be 32 random bytes written as base64 (44 characters) or hex "
        "(64 characters); generate one with `earmark config generate-key`."
    )


def generate_key_text() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def load_or_create_key(env_value: str | None, data_dir: Path) -> bytes:
    """The key from the environment, else from the data folder, else a new one saved there (0600)."""
    if env_value:
        return parse_key(env_value)
    key_file = data_dir / KEY_FILE_NAME
    if key_file.exists():
        return parse_key(key_file.read_text())
    data_dir.mkdir(parents=True, exist_ok=True)
    text = generate_key_text()
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text + "\n")
    return parse_key(text)


def key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:8]


class Cipher:
    """Seals and opens secret strings with one key.

    The AES implementation (the `cryptography` package, ~6 MB resident) is imported by the
    first seal or open, not when the process starts: a process that has read no secret yet (a
    first run, a server that stores none) does not hold it (docs/architecture.md, "Imports").
    """

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise EncryptionKeyError("the encryption key must be 32 bytes")
        self._key = key
        self.key_id = key_id(key)

    @cached_property
    def _aead(self) -> AESGCM:
        # Two threads racing here each build an equal cipher; either one may be kept.
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        return AESGCM(self._key)

    def derive_key(self, label: str) -> bytes:
        """A sub-key for another purpose (token signing), so no second secret is stored."""
        return hmac.new(self._key, label.encode(), hashlib.sha256).digest()

    def encrypt(self, plaintext: str) -> str:
        nonce = secrets.token_bytes(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode(), self.key_id.encode())
        blob = base64.urlsafe_b64encode(nonce + sealed).decode()
        return f"{ENVELOPE_PREFIX}{self.key_id}:{blob}"

    def decrypt(self, envelope: str) -> str:
        if not is_envelope(envelope):
            raise DecryptionFailed("the stored value is not an Earmark encrypted value")
        stored_key_id, _, blob = envelope[len(ENVELOPE_PREFIX) :].partition(":")
        if stored_key_id != self.key_id:
            raise DecryptionFailed(
                "a stored secret was encrypted with a different encryption key (key id "
                f"{stored_key_id}, current key id {self.key_id}). Restore the original "
                "EARMARK_ENCRYPTION_KEY (or data/encryption.key), or re-enter the secret."
            )
        from cryptography.exceptions import InvalidTag

        try:
            raw = base64.urlsafe_b64decode(blob)
            plain = self._aead.decrypt(
                raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], stored_key_id.encode()
            )
        except (InvalidTag, binascii.Error, ValueError) as exc:
            raise DecryptionFailed("a stored secret is corrupt and cannot be decrypted") from exc
        return plain.decode()


def is_envelope(value: str | None) -> bool:
    return bool(value) and str(value).startswith(ENVELOPE_PREFIX) and str(value).count(":") >= 3
