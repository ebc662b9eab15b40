"""The first-run setup code: until an admin exists, whoever reaches the server could claim it, so
creating the setup admin needs a code printed to Earmark's log at start-up (Jellyfin-style).

The code is derived from the encryption key, so every process on the same key agrees on it and
nothing more is stored; anyone who can read the key already owns the installation.
"""

from __future__ import annotations

import base64
import secrets

from earmark.security.crypto import Cipher

_GROUPS = 3
_GROUP_LENGTH = 4


def setup_code(cipher: Cipher) -> str:
    letters = base64.b32encode(cipher.derive_key("first-run setup code")).decode()
    letters = letters[: _GROUPS * _GROUP_LENGTH]
    return "-".join(letters[i : i + _GROUP_LENGTH] for i in range(0, len(letters), _GROUP_LENGTH))


def _normalised(code: str) -> str:
    return "".join(char for char in code.upper() if char.isalnum())


def setup_code_matches(cipher: Cipher, given: str | None) -> bool:
    """True when `given` is the code, ignoring case, spaces and dashes."""
    expected = _normalised(setup_code(cipher))
    return secrets.compare_digest(_normalised(given or "").encode(), expected.encode())
