"""Conversion between typed setting values and the text stored in the configuration table.

Every write is validated against its field (type, bounds, lengths, URL and path rules); a value
that does not fit is refused with a message naming the setting, and never stored.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from pydantic import ValidationError

from earmark.settings_store.definitions import SettingDef
from earmark.settings_store.errors import InvalidSettingValue

log = logging.getLogger(__name__)
_reported: set[str] = set()
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


_BOUND_WORDS = {
    "less_than_equal": "at most",
    "greater_than_equal": "at least",
    "less_than": "less than",
    "greater_than": "more than",
}


def _refuse(setting: SettingDef, problem: str) -> InvalidSettingValue:
    return InvalidSettingValue(f"{setting.title} ({setting.key}): {problem}", key=setting.key)


def _to_bool(setting: SettingDef, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _refuse(setting, "must be true or false")


def _plain(setting: SettingDef, value: Any) -> Any:
    """The incoming value as the JSON-ish type the field expects, before its rules are checked."""
    if setting.kind == "bool":
        return _to_bool(setting, value)
    if setting.kind in {"int", "float"} and isinstance(value, bool):
        raise _refuse(setting, "must be a number")
    if setting.kind == "json" and isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise _refuse(setting, "must be valid JSON") from exc
    if setting.kind == "str":
        if value is None:
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise _refuse(setting, "must be text")
        return str(value)
    return value


def _problem(exc: ValidationError, unit: str | None) -> str:
    error = exc.errors()[0]
    where = "".join(f"[{part}]" for part in error.get("loc", ()))
    message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    bound_words = _BOUND_WORDS.get(str(error.get("type")))
    bounds = list((error.get("ctx") or {}).values())
    if bound_words and bounds and isinstance(bounds[0], int | float):
        # "must be at most 100 points" rather than pydantic's "Input should be less than or equal"
        message = f"must be {bound_words} {bounds[0]:g}" + (f" {unit}" if unit else "")
    return f"{where} {message}" if where else message


def coerce(setting: SettingDef, value: Any) -> Any:
    """Validate and convert an incoming value to the setting's type (JSON-compatible)."""
    plain = _plain(setting, value)
    try:
        validated = setting.adapter.validate_python(plain)
    except ValidationError as exc:
        raise _refuse(setting, _problem(exc, setting.unit)) from exc
    return setting.adapter.dump_python(validated, mode="json")


def encode(setting: SettingDef, value: Any) -> str:
    if setting.kind == "bool":
        return "true" if value else "false"
    if setting.kind == "json":
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def decode(setting: SettingDef, text: str | None) -> Any:
    """The stored text as a value; one that no longer validates reads as the default (logged).

    A database written before a bound existed keeps working; the log says which setting to fix.
    """
    if text is None:
        return setting.default
    try:
        return coerce(setting, text)
    except InvalidSettingValue as exc:
        # Once per setting and process (the cache reloads every few seconds). The message names
        # the setting and the rule, never the stored value.
        if setting.key not in _reported:
            _reported.add(setting.key)
            log.warning("stored setting ignored, its default is used instead: %s", exc.message)
        return setting.default
