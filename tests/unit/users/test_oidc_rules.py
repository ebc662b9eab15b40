"""Access rules and the admin claim read from an OpenID provider's claims."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from earmark.settings_store.catalogue import OidcSettings
from earmark.users.oidc_rules import admin_role, refusal


def settings(**values: Any) -> OidcSettings:
    return OidcSettings(**values)


def test_groups_rule_needs_one_allowed_group() -> None:
    rule = settings(access_rule="groups", allowed_groups=["earmark"])
    assert refusal(rule, {"groups": ["family", "earmark"]}) is None
    assert refusal(rule, {"groups": "earmark"}) is None  # a single group sent as a string
    assert refusal(rule, {"groups": ["family"]}) == "group"
    assert refusal(rule, {}) == "group"
    assert refusal(settings(access_rule="groups"), {"groups": ["earmark"]}) == "group"


def test_allow_list_ignores_unverified_emails() -> None:
    rule = settings(access_rule="allow_list", allowed_users=["Bob@Example.org", "carol"])
    assert refusal(rule, {"email": "bob@example.org"}) is None
    assert refusal(rule, {"email": "bob@example.org", "email_verified": False}) == "not_listed"
    assert refusal(rule, {"preferred_username": "Carol"}) is None
    assert refusal(rule, {"preferred_username": "dave"}) == "not_listed"


def test_admin_role_from_a_group_or_a_boolean_claim() -> None:
    assert admin_role(settings(), {"groups": ["admins"]}) is None  # managed by hand
    by_group = settings(admin_claim="groups", admin_value="admins")
    assert admin_role(by_group, {"groups": ["admins", "x"]}) is True
    assert admin_role(by_group, {"groups": ["x"]}) is False
    by_flag = settings(admin_claim="is_admin", admin_value="true")
    assert admin_role(by_flag, {"is_admin": True}) is True
    assert admin_role(by_flag, {"is_admin": False}) is False


def test_the_jose_library_is_not_loaded_until_a_sign_in_needs_it() -> None:
    code = "import sys, earmark.app, earmark.cli; print('joserfc' in sys.modules)"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "False"
