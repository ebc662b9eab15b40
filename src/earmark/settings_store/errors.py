"""Errors of the configuration service."""

from __future__ import annotations

from earmark.core.errors import InvalidInput


class UnknownSetting(InvalidInput):
    pass


class InvalidSettingValue(InvalidInput):
    pass
