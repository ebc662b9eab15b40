"""Field types and metadata shared by every settings model (Earmark's own sections and products').

A settings field carries what a form needs to show it and what a write must check: a title, help
text, a unit, bounds, and whether it is a secret (stored encrypted, never shown) or the address a
secret is sent to. Values are refused on write with a message naming the field; nothing here
imports Earmark, so product packages and the settings store can both use it.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

SECRET = "secret"
SECRET_URL = "secret_url"
UNIT = "unit"
CHOICES = "choices"
STEP = "step"
MAX_URL_LENGTH = 2048
MAX_PATH_LENGTH = 1024
MAX_TEXT_LENGTH = 512


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _http_url(value: str) -> str:
    """'' (not set) or an http(s) URL with a host, without surrounding blanks or a trailing slash."""
    value = _no_nul(value).strip()
    if not value:
        return ""
    if any(ch.isspace() for ch in value):
        raise ValueError("must be a URL without spaces")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError as exc:
        raise ValueError(f"is not a valid URL ({exc})") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// URL with a host, e.g. http://nas:8080")
    return value.rstrip("/")


# Text without NUL characters (PostgreSQL cannot store them; no setting needs them).
Text = Annotated[str, AfterValidator(_no_nul)]
# An http(s) address, or '' while not configured.
Url = Annotated[str, AfterValidator(_http_url), Field(max_length=MAX_URL_LENGTH)]
# A filesystem path as typed (blanks around it dropped), or '' while not configured.
PathText = Annotated[str, AfterValidator(lambda v: _no_nul(v).strip())]


def setting(
    default: Any,
    *,
    title: str,
    description: str = "",
    unit: str | None = None,
    step: float | None = None,
    secret: bool = False,
    secret_url: bool = False,
    choices: tuple[str, ...] = (),
    **constraints: Any,
) -> Any:
    """A pydantic Field with the metadata forms and the settings store read.

    `choices` lists the allowed values of a text field, or of a list field's items (shown as
    checkboxes), checked by its own validator (a Literal field's choices are read from the type). `secret` marks a value stored encrypted and reported only as set/not set; `secret_url` marks
    the address the same model's secrets are sent to (changing it requires the secret again).
    """
    extra: dict[str, Any] = {}
    if unit:
        extra[UNIT] = unit
    if step is not None:
        extra[STEP] = step
    if choices:
        extra[CHOICES] = list(choices)
    if secret:
        extra[SECRET] = True
    if secret_url:
        extra[SECRET_URL] = True
    return Field(
        default,
        title=title,
        description=description or None,
        json_schema_extra=extra or None,
        **constraints,
    )


class SettingsSection(BaseModel):
    """A group of settings stored under one key prefix (`<key_prefix><field name>`).

    Earmark's own sections live in `settings_store/catalogue.py`; a product's connection section
    lives in its folder's settings.py. Read one with `ConfigService.section(Model)`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    # The configuration table's category of these keys (one settings tab).
    group: ClassVar[str]
    key_prefix: ClassVar[str]

    @classmethod
    def key_of(cls, field_name: str) -> str:
        return cls.key_prefix + field_name
