"""Talking to an OpenID provider: discovery, the token endpoint, the JWKS and userinfo.

joserfc (the JOSE library of the Authlib project, which Authlib itself now uses) checks ID tokens:
the signature against the provider's JWKS and the iss, aud, exp and iat claims. It is imported
only when a sign-in needs it, so servers without OpenID never load it. Every call has a timeout; failures become `OidcSignInFailed` (a reason a person reads) or
`OidcProviderUnusable` (what an admin should check).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx

from earmark.users.errors import OidcProviderUnusable, OidcSignInFailed

log = logging.getLogger(__name__)

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
CACHE_SECONDS = 3600.0
# RS256 is what every provider offers (and the specification's default); the others are accepted
# when the provider says it signs with them.
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "ES256", "ES384")
CLOCK_LEEWAY_SECONDS = 60
WELL_KNOWN = "/.well-known/openid-configuration"


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None
    token_auth_methods: tuple[str, ...]
    signing_algorithms: tuple[str, ...]
    pkce_methods: tuple[str, ...]


@dataclass
class ProviderCache:
    """Discovery documents and key sets, each kept for an hour (one per app, on app.state)."""

    metadata: dict[str, tuple[float, ProviderMetadata]] = field(default_factory=dict)
    keys: dict[str, tuple[float, dict[str, Any]]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _get_json(http: httpx.Client, url: str, what: str, **kwargs: Any) -> dict[str, Any]:
    try:
        response = http.get(url, timeout=TIMEOUT, **kwargs)
    except httpx.HTTPError as exc:
        raise OidcProviderUnusable(f"Could not reach {url} for the {what}: {exc}.") from exc
    if response.status_code != 200:
        raise OidcProviderUnusable(
            f"{url} answered HTTP {response.status_code} for the {what}; check the issuer URL."
        )
    try:
        body = response.json()
    except ValueError as exc:
        raise OidcProviderUnusable(f"{url} did not answer JSON for the {what}.") from exc
    if not isinstance(body, dict):
        raise OidcProviderUnusable(f"{url} did not answer a JSON object for the {what}.")
    return body


def _strings(document: dict[str, Any], name: str) -> tuple[str, ...]:
    value = document.get(name)
    return tuple(str(item) for item in value) if isinstance(value, list) else ()


def parse_metadata(issuer_url: str, document: dict[str, Any]) -> ProviderMetadata:
    issuer = document.get("issuer")
    if not isinstance(issuer, str) or issuer.rstrip("/") != issuer_url.rstrip("/"):
        raise OidcProviderUnusable(
            f"The discovery document names the issuer {issuer!r}, not {issuer_url!r}; enter "
            "the issuer exactly as the provider spells it."
        )
    missing = [
        name
        for name in ("authorization_endpoint", "token_endpoint", "jwks_uri")
        if not isinstance(document.get(name), str)
    ]
    if missing:
        raise OidcProviderUnusable(f"The discovery document has no {', '.join(missing)}.")
    userinfo = document.get("userinfo_endpoint")
    return ProviderMetadata(
        issuer=issuer,
        authorization_endpoint=document["authorization_endpoint"],
        token_endpoint=document["token_endpoint"],
        jwks_uri=document["jwks_uri"],
        userinfo_endpoint=userinfo if isinstance(userinfo, str) else None,
        token_auth_methods=_strings(document, "token_endpoint_auth_methods_supported"),
        signing_algorithms=_strings(document, "id_token_signing_alg_values_supported")
        or ("RS256",),
        pkce_methods=_strings(document, "code_challenge_methods_supported"),
    )


def pkce_pair() -> tuple[str, str]:
    """A fresh code verifier and its S256 challenge (RFC 7636 4.1, 4.2)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class OidcProviderClient:
    def __init__(self, http: httpx.Client, cache: ProviderCache) -> None:
        self._http = http
        self._cache = cache

    def metadata(self, issuer_url: str, *, fresh: bool = False) -> ProviderMetadata:
        now = time.monotonic()
        with self._cache.lock:
            cached = self._cache.metadata.get(issuer_url)
        if cached and cached[0] > now and not fresh:
            return cached[1]
        document = _get_json(self._http, issuer_url.rstrip("/") + WELL_KNOWN, "discovery document")
        metadata = parse_metadata(issuer_url, document)
        with self._cache.lock:
            self._cache.metadata[issuer_url] = (now + CACHE_SECONDS, metadata)
        return metadata

    def _key_set(self, jwks_uri: str, *, fresh: bool) -> dict[str, Any]:
        now = time.monotonic()
        with self._cache.lock:
            cached = self._cache.keys.get(jwks_uri)
        if cached and cached[0] > now and not fresh:
            return cached[1]
        keys = _get_json(self._http, jwks_uri, "signing keys (JWKS)")
        with self._cache.lock:
            self._cache.keys[jwks_uri] = (now + CACHE_SECONDS, keys)
        return keys

    def exchange_code(
        self,
        metadata: ProviderMetadata,
        client_id: str,
        client_secret: str,
        code: str,
        redirect_uri: str,
        code_verifier: str,
    ) -> dict[str, Any]:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
        }
        auth: httpx.BasicAuth | None = None
        methods = metadata.token_auth_methods
        if not client_secret:  # a public client: PKCE alone proves it started the sign-in
            form["client_id"] = client_id
        elif "client_secret_basic" in methods or not methods:
            # RFC 6749 2.3.1: both parts are form-encoded before they are joined.
            auth = httpx.BasicAuth(quote(client_id, safe=""), quote(client_secret, safe=""))
        else:
            form |= {"client_id": client_id, "client_secret": client_secret}
        try:
            response = self._http.post(
                metadata.token_endpoint,
                data=form,
                auth=auth or httpx.USE_CLIENT_DEFAULT,
                timeout=TIMEOUT,
                headers={"Accept": "application/json"},
            )
        except httpx.HTTPError as exc:
            log.warning("OpenID token endpoint unreachable: %s", exc)
            raise OidcSignInFailed("provider_down") from exc
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code == 200 and isinstance(body, dict) and body.get("id_token"):
            return body
        error = body.get("error") if isinstance(body, dict) else None
        log.warning("OpenID token endpoint answered HTTP %s (%s)", response.status_code, error)
        if error == "invalid_grant":
            raise OidcSignInFailed("code")
        if error in ("invalid_client", "unauthorized_client"):
            raise OidcSignInFailed("client")
        if response.status_code >= 500:
            raise OidcSignInFailed("provider_down")
        raise OidcSignInFailed("provider_error")

    def verify_id_token(
        self, metadata: ProviderMetadata, id_token: str, client_id: str, now: float
    ) -> dict[str, Any]:
        """The ID token's claims once its signature, iss, aud, azp, sub, exp and iat check out.

        The nonce is compared by the caller, so a wrong nonce reads as such.
        """
        from joserfc import jwt
        from joserfc.errors import JoseError
        from joserfc.jwk import KeySet

        algorithms = [a for a in metadata.signing_algorithms if a in SIGNING_ALGORITHMS]
        required: Any = {"essential": True}
        registry = jwt.JWTClaimsRegistry(
            now=int(now),
            leeway=CLOCK_LEEWAY_SECONDS,
            iss={"essential": True, "value": metadata.issuer},
            aud={"essential": True, "value": client_id},
            sub=required,
            exp=required,
            iat=required,
        )
        for fresh in (False, True):  # a key we have not seen yet: the provider rotated its keys
            try:
                published: Any = self._key_set(metadata.jwks_uri, fresh=fresh)
                keys = KeySet.import_key_set(published)
                token = jwt.decode(id_token, keys, algorithms=algorithms or ["RS256"])
                registry.validate(token.claims)
                claims = dict(token.claims)
            except OidcProviderUnusable as exc:
                log.warning("OpenID keys unusable: %s", exc.message)
                raise OidcSignInFailed("provider_down") from exc
            except (JoseError, ValueError, KeyError, TypeError) as exc:  # bad token or key set
                if fresh:
                    log.warning("OpenID ID token refused: %s", exc)
                    raise OidcSignInFailed("token") from exc
                continue
            audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
            if len(audiences) > 1 and claims.get("azp") != client_id:
                raise OidcSignInFailed("token")  # OpenID Connect Core 3.1.3.7, items 4 and 5
            return claims
        raise AssertionError("unreachable")

    def userinfo(self, metadata: ProviderMetadata, access_token: str) -> dict[str, Any]:
        if not metadata.userinfo_endpoint:
            return {}
        headers = {"Authorization": f"Bearer {access_token}", "Accept": "application/json"}
        try:
            return _get_json(self._http, metadata.userinfo_endpoint, "userinfo", headers=headers)
        except OidcProviderUnusable as exc:
            log.warning("OpenID userinfo failed: %s", exc.message)
            raise OidcSignInFailed("provider_down") from exc
