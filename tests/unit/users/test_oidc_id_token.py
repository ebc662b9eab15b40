"""ID token checks: signature against the provider's published keys, then iss, aud, azp and time.

The keys are served by an httpx MockTransport in the shape of a JWKS document; the whole flow
against a real provider is in tests/api/auth/test_oidc_sign_in.py.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from earmark.users.errors import OidcSignInFailed
from earmark.users.oidc_provider import OidcProviderClient, ProviderCache, ProviderMetadata

ISSUER = "https://id.example.test"
CLIENT = "earmark"
METADATA = ProviderMetadata(
    issuer=ISSUER,
    authorization_endpoint=f"{ISSUER}/authorize",
    token_endpoint=f"{ISSUER}/token",
    jwks_uri=f"{ISSUER}/jwks",
    userinfo_endpoint=None,
    token_auth_methods=("client_secret_basic",),
    signing_algorithms=("RS256",),
    pkce_methods=("S256",),
)
SIGNING_KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"}, private=True)
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"}, private=True)


def client_publishing(key: RSAKey) -> OidcProviderClient:
    jwks = {"keys": [key.as_dict(private=False)]}
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=jwks))
    return OidcProviderClient(httpx.Client(transport=transport), ProviderCache())


def id_token(key: RSAKey = SIGNING_KEY, **changes: Any) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": CLIENT, "sub": "u1", "iat": now, "exp": now + 300, **changes}
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)


def verify(token: str, published: RSAKey = SIGNING_KEY) -> dict[str, Any]:
    return client_publishing(published).verify_id_token(METADATA, token, CLIENT, time.time())


def test_a_token_signed_by_the_published_key_is_accepted() -> None:
    assert verify(id_token())["sub"] == "u1"


@pytest.mark.parametrize(
    ("what", "token"),
    [
        ("signed by another key", id_token(OTHER_KEY)),
        ("another issuer", id_token(iss="https://evil.example.test")),
        ("another audience", id_token(aud="someone-else")),
        ("expired", id_token(exp=int(time.time()) - 3600)),
        ("no subject", id_token(sub=None)),
        ("several audiences, azp not us", id_token(aud=[CLIENT, "other"], azp="other")),
        ("not a JWT", "not.a.token"),
    ],
)
def test_tokens_that_do_not_check_out_are_refused(what: str, token: str) -> None:
    with pytest.raises(OidcSignInFailed) as refused:
        verify(token)
    assert refused.value.reason == "token", what


def test_an_unsigned_token_is_refused() -> None:
    header = "eyJhbGciOiJub25lIn0"  # {"alg":"none"}
    body = id_token().split(".")[1]
    with pytest.raises(OidcSignInFailed):
        verify(f"{header}.{body}.")
