"""OpenID Connect sign-in: authorization code with PKCE (S256), `state` and `nonce`.

`start` makes the provider's authorization URL and a sealed record of what this browser started
(state, nonce, code verifier, redirect URI, where to go afterwards), which the route keeps in an
HttpOnly cookie: AES-GCM sealed with the server's key, so the browser can neither read nor forge
it, and only the browser that started a sign-in can finish it. `finish` checks the provider's
answer against that record, exchanges the code, verifies the ID token and applies the access
rules, then links the account by issuer + `sub` (docs/auth.md).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import orjson
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from earmark.core.clock import Clock
from earmark.db.engine import SessionFactory, transaction
from earmark.security.crypto import Cipher, DecryptionFailed
from earmark.settings_store.catalogue import OidcSettings
from earmark.settings_store.service import ConfigService
from earmark.users.errors import OidcProviderUnusable, OidcSignInFailed
from earmark.users.models import OidcIdentity, User
from earmark.users.oidc_provider import OidcProviderClient, ProviderMetadata, pkce_pair
from earmark.users.oidc_rules import admin_role, claims_needed, refusal, username_of, verified_email

log = logging.getLogger(__name__)

LOGIN_TTL = timedelta(minutes=10)
OIDC_ID_PREFIX = "oidc-"


@dataclass(frozen=True)
class PendingSignIn:
    """What the browser that started a sign-in must bring back (sealed in its cookie)."""

    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str
    next_path: str
    issuer_url: str
    expires_at: float

    def seal(self, cipher: Cipher) -> str:
        return cipher.encrypt(orjson.dumps(asdict(self)).decode())

    @classmethod
    def unseal(cls, cipher: Cipher, sealed: str | None, now: float) -> PendingSignIn:
        if not sealed:
            raise OidcSignInFailed("expired")
        try:
            pending = cls(**orjson.loads(cipher.decrypt(sealed)))
        except (DecryptionFailed, ValueError, TypeError) as exc:
            raise OidcSignInFailed("expired") from exc
        if pending.expires_at < now:
            raise OidcSignInFailed("expired")
        return pending


@dataclass(frozen=True)
class Started:
    authorization_url: str
    sealed: str


def oidc_account_id(issuer: str, subject: str) -> str:
    """The users.plex_id of an OpenID account (that column is every account's unique key)."""
    return OIDC_ID_PREFIX + hashlib.sha256(f"{issuer}|{subject}".encode()).hexdigest()[:40]


class OidcLoginService:
    def __init__(
        self,
        sessions: SessionFactory,
        cipher: Cipher,
        clock: Clock,
        config: ConfigService,
        provider: OidcProviderClient,
    ) -> None:
        self._sessions = sessions
        self._cipher = cipher
        self._clock = clock
        self._config = config
        self._provider = provider

    def settings(self) -> OidcSettings:
        settings = self._config.section(OidcSettings)
        if not settings.configured:
            raise OidcSignInFailed("not_configured")
        return settings

    def _metadata(self, settings: OidcSettings) -> ProviderMetadata:
        try:
            return self._provider.metadata(settings.issuer_url)
        except OidcProviderUnusable as exc:
            log.warning("OpenID discovery failed: %s", exc.message)
            raise OidcSignInFailed("provider_down") from exc

    def start(self, redirect_uri: str, next_path: str) -> Started:
        settings = self.settings()
        metadata = self._metadata(settings)
        verifier, challenge = pkce_pair()
        pending = PendingSignIn(
            state=secrets.token_urlsafe(32),
            nonce=secrets.token_urlsafe(32),
            code_verifier=verifier,
            redirect_uri=redirect_uri,
            next_path=next_path,
            issuer_url=settings.issuer_url,
            expires_at=(self._clock.now() + LOGIN_TTL).timestamp(),
        )
        scopes = dict.fromkeys(["openid", *settings.scopes.split()])
        query = urlencode(
            {
                "response_type": "code",
                "client_id": settings.client_id,
                "redirect_uri": redirect_uri,
                "scope": " ".join(scopes),
                "state": pending.state,
                "nonce": pending.nonce,
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            }
        )
        separator = "&" if "?" in metadata.authorization_endpoint else "?"
        url = f"{metadata.authorization_endpoint}{separator}{query}"
        return Started(authorization_url=url, sealed=pending.seal(self._cipher))

    def pending(self, sealed: str | None) -> PendingSignIn:
        return PendingSignIn.unseal(self._cipher, sealed, self._clock.now().timestamp())

    def finish(self, pending: PendingSignIn, params: Mapping[str, str]) -> User:
        """The signed-in user, or OidcSignInFailed saying why not."""
        settings = self.settings()
        if not secrets.compare_digest(params.get("state", ""), pending.state):
            raise OidcSignInFailed("state")
        if pending.issuer_url != settings.issuer_url:
            raise OidcSignInFailed("expired")
        error = params.get("error")
        if error:
            log.info("OpenID provider answered the sign-in with error %r", error)
            raise OidcSignInFailed("cancelled" if error == "access_denied" else "provider_error")
        metadata = self._metadata(settings)
        answered_issuer = params.get("iss")  # RFC 9207, when the provider sends it
        if answered_issuer is not None and answered_issuer != metadata.issuer:
            raise OidcSignInFailed("token")
        code = params.get("code")
        if not code:
            raise OidcSignInFailed("provider_error")
        tokens = self._provider.exchange_code(
            metadata,
            settings.client_id,
            settings.client_secret,
            code,
            pending.redirect_uri,
            pending.code_verifier,
        )
        claims = self._provider.verify_id_token(
            metadata, str(tokens["id_token"]), settings.client_id, self._clock.now().timestamp()
        )
        if not secrets.compare_digest(str(claims.get("nonce", "")), pending.nonce):
            raise OidcSignInFailed("nonce")
        claims = self._with_userinfo(settings, metadata, claims, tokens.get("access_token"))
        reason = refusal(settings, claims)
        if reason:
            raise OidcSignInFailed(reason)
        return self._account(settings, metadata.issuer, claims)

    def _with_userinfo(
        self,
        settings: OidcSettings,
        metadata: ProviderMetadata,
        claims: dict[str, Any],
        access_token: object,
    ) -> dict[str, Any]:
        if claims_needed(settings) <= claims.keys() or not isinstance(access_token, str):
            return claims
        userinfo = self._provider.userinfo(metadata, access_token)
        if userinfo and userinfo.get("sub") != claims["sub"]:
            raise OidcSignInFailed("token")  # OpenID Connect Core 5.3.2: must be the same person
        return {**userinfo, **claims}

    def _account(self, settings: OidcSettings, issuer: str, claims: dict[str, Any]) -> User:
        try:
            outcome = self._write_account(settings, issuer, claims)
        except IntegrityError:  # a twin callback created the same account a moment ago
            outcome = self._write_account(settings, issuer, claims)
        if isinstance(outcome, str):
            raise OidcSignInFailed(outcome)
        return outcome

    def _write_account(
        self, settings: OidcSettings, issuer: str, claims: dict[str, Any]
    ) -> User | str:
        """The signed-in user, or the refusal reason (a new account waiting is committed first)."""
        subject = str(claims["sub"])
        name = username_of(claims)
        if name is None:
            return "no_identity"
        admin = admin_role(settings, claims)
        now = self._clock.now()
        with transaction(self._sessions) as session:
            user = session.scalars(
                select(User)
                .join(OidcIdentity, OidcIdentity.user_id == User.id)
                .where(OidcIdentity.issuer == issuer, OidcIdentity.subject == subject)
            ).first()
            if user is None:
                user = User(
                    plex_id=oidc_account_id(issuer, subject),
                    plex_username=name,
                    role="admin" if admin else "user",
                    awaiting_approval=settings.access_rule == "approval",
                    disabled=settings.access_rule == "approval",
                )
                session.add(user)
                session.flush()
                session.add(OidcIdentity(user_id=user.id, issuer=issuer, subject=subject))
                log.info("OpenID sign-in created the account %s", name)
            user.plex_username = name
            user.plex_email = verified_email(claims)
            if admin is not None and not user.is_setup_admin:
                user.role = "admin" if admin else "user"
            if user.disabled:
                # Waiting for an admin's approval (Admin → Users, as self-registered accounts),
                # or stopped by an admin.
                return "pending" if user.awaiting_approval else "disabled"
            user.last_login_at = now
            session.flush()
            return user
