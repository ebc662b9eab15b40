"""Signed session tokens (JWT, HS256): short-lived access tokens and longer refresh tokens."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

ACCESS_TTL = timedelta(minutes=60)
REFRESH_TTL = timedelta(days=7)
TokenType = Literal["access", "refresh"]


@dataclass(frozen=True)
class TokenClaims:
    user_id: uuid.UUID
    session_version: int
    token_type: TokenType


class InvalidToken(Exception):
    pass


class TokenIssuer:
    """Issues and checks session tokens.

    PyJWT is imported by the first token issued or checked: importing it loads `cryptography`
    (~9 MB resident together), which a process that has not yet signed anyone in does not need.
    """

    def __init__(self, signing_key: bytes) -> None:
        self._key = signing_key

    def issue(
        self, user_id: uuid.UUID, session_version: int, token_type: TokenType, now: datetime
    ) -> str:
        import jwt

        ttl = ACCESS_TTL if token_type == "access" else REFRESH_TTL
        claims = {
            "sub": str(user_id),
            "ver": session_version,
            "typ": token_type,
            "iat": int(now.timestamp()),
            "exp": int((now + ttl).timestamp()),
        }
        return jwt.encode(claims, self._key, algorithm="HS256")

    def verify(self, token: str, expected: TokenType, now: datetime) -> TokenClaims:
        import jwt

        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=["HS256"],
                options={"verify_exp": False, "require": ["sub", "exp", "typ", "ver"]},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken("invalid token") from exc
        if claims.get("typ") != expected:
            raise InvalidToken("wrong token type")
        if int(claims["exp"]) <= int(now.timestamp()):
            raise InvalidToken("token expired")
        try:
            return TokenClaims(uuid.UUID(str(claims["sub"])), int(claims["ver"]), expected)
        except (ValueError, TypeError) as exc:
            raise InvalidToken("malformed token") from exc
