"""A real OpenID provider on 127.0.0.1: the certified `oidc-provider` npm package.

scripts/oidc-provider-setup.sh installs the package (outside the checkout) before the tests enter
their network namespace; tests/oidc_provider/provider.mjs runs it with one confidential client
and accounts read from a JSON file at each sign-in (so a test can change a person's groups).
`sign_in_at_provider` plays the person: it follows the authorization URL through the provider's
own login interaction and returns the address the provider sends the browser back to.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx

from earmark.demo.parts.processes import DaemonProcess, free_port, start_daemon, wait_for_port

PROVIDER_SCRIPT = Path(__file__).resolve().parents[1] / "oidc_provider" / "provider.mjs"
CLIENT_ID = "earmark-test"
CLIENT_SECRET = "earmark-test-secret-0123456789abcdef"
PUBLIC_CLIENT_ID = f"{CLIENT_ID}-public"  # no secret: PKCE only
ACCOUNTS: dict[str, dict[str, Any]] = {
    "alice": {
        "preferred_username": "alice",
        "email": "alice@example.test",
        "email_verified": True,
        "name": "Alice Reader",
        "groups": ["earmark"],
    },
    "mallory": {
        "preferred_username": "mallory",
        "email": "mallory@example.test",
        "email_verified": True,
        "groups": ["guests"],
    },
    "carol": {
        "preferred_username": "carol",
        "email": "carol@example.test",
        "email_verified": True,
        "groups": ["earmark", "earmark-admins"],
    },
}


def provider_modules() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "earmark-test" / "oidc-provider" / "node_modules"


@dataclass
class OidcProvider:
    url: str
    accounts_file: Path
    daemon: DaemonProcess

    def set_account(self, account: str, claims: dict[str, Any]) -> None:
        accounts = json.loads(self.accounts_file.read_text())
        accounts[account] = claims
        self.accounts_file.write_text(json.dumps(accounts))


@contextmanager
def running_provider(
    workdir: Path, redirect_uris: list[str], code_ttl_seconds: int = 60
) -> Iterator[OidcProvider]:
    node = shutil.which("node")
    modules = provider_modules()
    if node is None or not (modules / "oidc-provider").is_dir():
        raise RuntimeError(
            "the OpenID tests need node and the oidc-provider package: "
            "run `bash scripts/oidc-provider-setup.sh` (scripts/test.sh does)"
        )
    workdir.mkdir(parents=True, exist_ok=True)
    accounts_file = workdir / "accounts.json"
    accounts_file.write_text(json.dumps(ACCOUNTS))
    port = free_port()
    client = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": redirect_uris,
    }
    env = {
        "OIDC_PORT": str(port),
        "OIDC_ACCOUNTS": str(accounts_file),
        "OIDC_CLIENT": json.dumps(client),
        "OIDC_CODE_TTL": str(code_ttl_seconds),
        "OIDC_PROVIDER_MODULES": str(modules),
    }
    daemon = start_daemon(f"oidc-provider-{port}", [node, str(PROVIDER_SCRIPT)], workdir, env=env)
    try:
        wait_for_port(daemon, port, timeout_seconds=30)
        yield OidcProvider(f"http://127.0.0.1:{port}", accounts_file, daemon)
    finally:
        daemon.stop()


def sign_in_at_provider(authorization_url: str, account: str, redirect_uri: str) -> str:
    """Sign `account` in at the provider; the callback URL (with code and state) it answers."""
    with httpx.Client(follow_redirects=False, timeout=10) as browser:
        response = browser.get(authorization_url)
        for _ in range(10):
            location = response.headers.get("location")
            if location is None:
                form = re.search(r'action="([^"]+)"', response.text)
                if response.status_code != 200 or form is None:
                    raise AssertionError(
                        f"provider answered {response.status_code}: {response.text[:500]}"
                    )
                response = browser.post(
                    urljoin(str(response.url), form.group(1)),
                    data={"prompt": "login", "login": account, "password": "any"},
                )
                continue
            target = urljoin(str(response.url), location)
            if target.startswith(redirect_uri):
                return target
            response = browser.get(target)
    raise AssertionError("the provider never sent the browser back")
