"""Errors of the configuration service."""

from __future__ import annotations

from earmark.core.errors import InvalidInput


class UnknownSetting(InvalidInput):
    pass


class InvalidSettingValue(InvalidInput):
    code = "InvalidSetting"

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.field = key


class SecretNeedsReentry(InvalidInput):
    """A write moves a stored secret's address without the secret being entered again."""

    code = "SecretNeedsReentry"
