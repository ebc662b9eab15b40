"""One `SettingDef` per field of a settings section: what validation and forms read.

The type of a field gives its kind and validator; `core.setting_fields.setting` metadata gives
the title, help, unit, step, choices and secret flags; pydantic's constraints give the bounds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import TypeAdapter
from pydantic.fields import FieldInfo

from earmark.core.setting_fields import CHOICES, SECRET, SECRET_URL, STEP, UNIT, SettingsSection

Kind = Literal["str", "int", "float", "bool", "json"]


@dataclass(frozen=True)
class SettingDef:
    """One stored setting, derived from its section's field."""

    key: str
    category: str
    kind: Kind
    default: Any
    title: str
    description: str
    adapter: TypeAdapter[Any] = field(repr=False, compare=False)
    secret: bool = False
    unit: str | None = None
    step: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    # For a secret: the settings naming where it is sent; changing one needs the secret again.
    bound_to: tuple[str, ...] = ()


def _kind(annotation: Any) -> Kind:
    if annotation is bool:
        return "bool"
    if annotation is int:
        return "int"
    if annotation is float:
        return "float"
    if annotation is str or get_origin(annotation) is Literal:
        return "str"
    return "json"


def field_bounds(info: FieldInfo) -> tuple[float | None, float | None]:
    """(minimum, maximum) of a numeric field, for forms; None where unbounded."""
    low: float | None = None
    high: float | None = None
    for item in info.metadata:
        for bound in (getattr(item, "ge", None), getattr(item, "gt", None)):
            if isinstance(bound, int | float):
                low = float(bound)
        for bound in (getattr(item, "le", None), getattr(item, "lt", None)):
            if isinstance(bound, int | float):
                high = float(bound)
    return low, high


def _extra(info: FieldInfo) -> dict[str, Any]:
    extra = info.json_schema_extra
    return extra if isinstance(extra, dict) else {}


def _adapter(info: FieldInfo) -> TypeAdapter[Any]:
    """Validates one value of the field with all its constraints (bounds, lengths, validators)."""
    annotation: Any = info.annotation
    if not info.metadata:
        return TypeAdapter(annotation)
    return TypeAdapter(Annotated[(annotation, *info.metadata)])


def keys_of(section: type[SettingsSection]) -> dict[str, str]:
    """Field name -> configuration key, for every field of `section`."""
    return {name: section.key_of(name) for name in section.model_fields}


def definitions_of(section: type[SettingsSection]) -> Iterator[SettingDef]:
    keys = keys_of(section)
    urls = tuple(keys[n] for n, f in section.model_fields.items() if _extra(f).get(SECRET_URL))
    for name, info in section.model_fields.items():
        extra = _extra(info)
        low, high = field_bounds(info)
        secret = bool(extra.get(SECRET))
        choices = (
            get_args(info.annotation)
            if get_origin(info.annotation) is Literal
            else extra.get(CHOICES, ())
        )
        yield SettingDef(
            key=keys[name],
            category=section.group,
            kind=_kind(info.annotation),
            default=info.get_default(call_default_factory=True),
            title=info.title or name,
            description=info.description or "",
            adapter=_adapter(info),
            secret=secret,
            unit=extra.get(UNIT),
            step=extra.get(STEP),
            minimum=low,
            maximum=high,
            choices=tuple(str(c) for c in choices),
            bound_to=urls if secret else (),
        )
