"""Notification tests: real SMTP and webhook receivers on 127.0.0.1."""

from __future__ import annotations

from tests.harness.receivers import smtp_receiver, webhook_receiver

__all__ = ["smtp_receiver", "webhook_receiver"]
