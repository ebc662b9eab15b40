"""Sending one message to one Apprise URL with a deadline; Apprise is imported only here, on the
first send, so a server that never notifies never loads its hundred plugins."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from earmark.core.logging_setup import redact

SEND_TIMEOUT_SECONDS = 15.0
_EMAIL_SCHEMES = ("mailto", "mailtos")


@dataclass(frozen=True)
class SendResult:
    ok: bool
    error: str | None = None
    retryable: bool = True
    """False when sending again cannot help (Apprise does not understand the URL)."""


def is_email_url(url: str) -> bool:
    return urlsplit(url.strip()).scheme.lower() in _EMAIL_SCHEMES


def email_url_for(relay_url: str, address: str) -> str:
    """The mail channel's URL (its server, login and sender) addressed to `address` alone."""
    parts = urlsplit(relay_url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query) if k.lower() not in {"to", "cc", "bcc"}]
    query.append(("to", address))
    return urlunsplit((parts.scheme, parts.netloc, "", urlencode(query), ""))


def check_url(url: str) -> str | None:
    """Why Apprise cannot use `url` (a sentence), or None when it can."""
    import apprise

    if apprise.Apprise.instantiate(url.strip()) is None:
        return (
            "Apprise does not understand this URL. Check its scheme and parts against the "
            "Apprise documentation (e.g. ntfy://topic, json://host/path, mailto://user:pass@host)."
        )
    return None


def send(url: str, title: str, body: str, timeout: float = SEND_TIMEOUT_SECONDS) -> SendResult:
    """Send `title`/`body` to `url`; never raises. The error names no part of the URL."""
    outcome: list[SendResult] = []
    worker = threading.Thread(
        target=lambda: outcome.append(_send_now(url, title, body)),
        name="earmark-notify",
        daemon=True,
    )
    worker.start()
    worker.join(timeout)
    if not outcome:
        return SendResult(False, f"The service did not answer within {timeout:g} seconds.")
    return outcome[0]


def _send_now(url: str, title: str, body: str) -> SendResult:
    try:
        import apprise

        problem = check_url(url)
        if problem:
            return SendResult(False, problem, retryable=False)
        notifier = apprise.Apprise()
        notifier.add(url.strip())
        capture = apprise.LogCapture(level=logging.WARNING, fmt="%(message)s")  # type: ignore[no-untyped-call]
        with capture as captured:
            delivered = notifier.notify(title=title, body=body)
            details = captured.getvalue()
    except Exception as exc:  # Apprise plugins raise their own errors; a send never breaks a caller
        return SendResult(False, redact(f"Sending failed: {exc}"))
    if delivered:
        return SendResult(True)
    return SendResult(False, _plain_error(details, url))


def _plain_error(details: str, url: str) -> str:
    lines = [line.strip() for line in details.splitlines() if line.strip()]
    text = lines[-1] if lines else "The service refused the notification."
    host = urlsplit(url.strip()).hostname or ""
    parts = urlsplit(url.strip())
    for secret in (parts.password, parts.username, parts.path.strip("/")):
        if secret and len(secret) >= 4 and secret != host:
            text = text.replace(secret, "[redacted]")
    return redact(text)
