"""Who may sign in with OpenID and who is an admin, read from the provider's claims."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from earmark.settings_store.catalogue import OidcSettings


def claim_values(claims: Mapping[str, Any], name: str) -> set[str]:
    """A claim as a set of strings: a list's items, or a single string, number or boolean."""
    value = claims.get(name)
    if isinstance(value, list):
        return {str(item) for item in value if isinstance(item, str | int | bool)}
    if isinstance(value, bool):
        return {str(value).lower()}
    if isinstance(value, str | int):
        return {str(value)}
    return set()


def verified_email(claims: Mapping[str, Any]) -> str | None:
    email = claims.get("email")
    if not isinstance(email, str) or not email or claims.get("email_verified") is False:
        return None
    return email.strip().lower()


def username_of(claims: Mapping[str, Any]) -> str | None:
    for name in ("preferred_username", "email", "name"):
        value = claims.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()[:255]
    return None


def refusal(settings: OidcSettings, claims: Mapping[str, Any]) -> str | None:
    """The reason (an OIDC_FAILURES key) this account may not sign in, or None."""
    if settings.access_rule == "groups":
        groups = claim_values(claims, settings.groups_claim)
        return None if groups & set(settings.allowed_groups) else "group"
    if settings.access_rule == "allow_list":
        allowed = {entry.strip().lower() for entry in settings.allowed_users}
        names = {claims.get("preferred_username"), verified_email(claims)}
        known = {name.strip().lower() for name in names if isinstance(name, str)}
        return None if known & allowed else "not_listed"
    return None


def admin_role(settings: OidcSettings, claims: Mapping[str, Any]) -> bool | None:
    """Whether the claims make the account an admin; None when roles are managed by hand.

    A boolean claim matches the admin value "true".
    """
    if not settings.admin_value or not settings.admin_claim:
        return None
    return settings.admin_value in claim_values(claims, settings.admin_claim)


def claims_needed(settings: OidcSettings) -> set[str]:
    """Claims the rules read, besides a name: fetched from userinfo when the ID token lacks them."""
    needed = {"preferred_username", "email"}
    if settings.access_rule == "groups":
        needed.add(settings.groups_claim)
    if settings.admin_value and settings.admin_claim:
        needed.add(settings.admin_claim)
    return needed
