"""Conversion between typed setting values and the text stored in the configuration table."""

from __future__ import annotations

import json
from typing import Any

from earmark.settings_store.catalogue import SettingDef
from earmark.settings_store.errors import InvalidSettingValue

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


def _to_bool(setting: SettingDef, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InvalidSettingValue(f"{setting.key} must be true or false")


def _to_number(setting: SettingDef, value: Any) -> int | float:
    if isinstance(value, bool):
        raise InvalidSettingValue(f"{setting.key} must be a number")
    try:
        return int(value) if setting.kind == "int" else float(value)
    except (TypeError, ValueError) as exc:
        raise InvalidSettingValue(f"{setting.key} must be a number") from exc


def _check_entries(setting: SettingDef, value: Any) -> Any:
    """A setting with `entries` holds a list of some of them, each once."""
    if not setting.entries:
        return value
    allowed = ", ".join(setting.entries)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidSettingValue(f"{setting.key} must be a list of: {allowed}")
    unknown = [item for item in value if item not in setting.entries]
    if unknown:
        raise InvalidSettingValue(
            f"{setting.key}: {', '.join(unknown)} cannot be switched off (allowed: {allowed})"
        )
    return list(dict.fromkeys(value))


def coerce(setting: SettingDef, value: Any) -> Any:
    """Validate and convert an incoming value to the setting's type."""
    if setting.kind == "bool":
        return _to_bool(setting, value)
    if setting.kind in {"int", "float"}:
        return _to_number(setting, value)
    if setting.kind == "json":
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except json.JSONDecodeError as exc:
                raise InvalidSettingValue(f"{setting.key} must be valid JSON") from exc
        return _check_entries(setting, value)
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise InvalidSettingValue(f"{setting.key} must be text")
    return str(value)


def encode(setting: SettingDef, value: Any) -> str:
    if setting.kind == "bool":
        return "true" if value else "false"
    if setting.kind == "json":
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def decode(setting: SettingDef, text: str | None) -> Any:
    if text is None:
        return setting.default
    if setting.kind == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return setting.default
    try:
        return coerce(setting, text)
    except InvalidSettingValue:
        return setting.default
