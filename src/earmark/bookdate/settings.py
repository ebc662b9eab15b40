"""BookDate admin settings (in the configuration store) and per-user preferences."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from earmark.bookdate import repository
from earmark.bookdate.errors import BookDateOff, InvalidPreference
from earmark.bookdate.prompt import normalise_custom_prompt, normalise_scope
from earmark.db.engine import SessionFactory, transaction
from earmark.integrations.llm import LlmConnection
from earmark.integrations.product import Product
from earmark.integrations.products import names, product
from earmark.settings_store.catalogue import BookDateSettings as Stored
from earmark.settings_store.service import ConfigService


@dataclass(frozen=True)
class BookDateSettings:
    enabled: bool
    provider: str
    base_url: str
    model: str
    api_key_set: bool


@dataclass(frozen=True)
class SettingsChange:
    """An admin's edit; None leaves a field as it is, and an empty api_key keeps the stored key.

    A new provider or base URL sends the key elsewhere: it needs the key again, unless the admin
    confirms keeping the stored one for the new address (`keep_secret_for_new_url`).
    """

    enabled: bool | None = None
    provider: str | None = None
    base_url: str | None = None
    model: str | None = None
    api_key: str | None = None
    keep_secret_for_new_url: bool = False


@dataclass(frozen=True)
class Preferences:
    library_scope: str
    custom_prompt: str
    onboarding_complete: bool


def read_settings(config: ConfigService) -> BookDateSettings:
    stored = config.section(Stored)
    return BookDateSettings(
        enabled=stored.enabled,
        provider=stored.provider,
        base_url=stored.base_url,
        model=stored.model,
        api_key_set=bool(stored.api_key),
    )


def _check_provider(provider: str) -> Product[LlmConnection, object]:
    if provider not in names("llm"):
        raise InvalidPreference(f"The provider must be one of {', '.join(names('llm'))}.")
    return product("llm", provider)


def _check(provider: str, base_url: str, model: str, has_key: bool) -> None:
    chosen = _check_provider(provider)
    if base_url and not base_url.lower().startswith(("http://", "https://")):
        raise InvalidPreference("The base URL must start with http:// or https://.")
    if "base_url" in chosen.requires and not base_url:
        raise InvalidPreference(f"{chosen.title} needs its base URL.")
    if not model:
        raise InvalidPreference("Choose a model.")
    if "api_key" in chosen.requires and not has_key:
        raise InvalidPreference(f"{provider} needs an API key.")


def update_settings(
    config: ConfigService, sessions: SessionFactory, change: SettingsChange
) -> BookDateSettings:
    """Validate and save; a new provider or model drops everyone's unswiped cards."""
    current = read_settings(config)
    provider = (change.provider if change.provider is not None else current.provider).strip()
    base_url = (change.base_url if change.base_url is not None else current.base_url).strip()
    model = (change.model if change.model is not None else current.model).strip()
    enabled = current.enabled if change.enabled is None else change.enabled
    new_key = (change.api_key or "").strip()
    if enabled or provider:
        _check(provider, base_url, model, bool(new_key) or current.api_key_set)
    values: dict[str, object] = {
        Stored.key_of("enabled"): enabled,
        Stored.key_of("provider"): provider,
        Stored.key_of("base_url"): base_url,
        Stored.key_of("model"): model,
    }
    if new_key:
        values[Stored.key_of("api_key")] = new_key
    with transaction(sessions) as session:
        config.set_many(
            values, session=session, keep_secret_for_new_url=change.keep_secret_for_new_url
        )
        if (provider, model) != (current.provider, current.model):
            repository.discard_unswiped(session)
    return read_settings(config)


def connection(config: ConfigService) -> LlmConnection:
    """The configured model, or BookDateOff when BookDate is off or not set up."""
    current = read_settings(config)
    if not current.enabled or not current.provider or not current.model:
        raise BookDateOff("BookDate is not set up or is turned off; ask an admin to enable it.")
    return LlmConnection(
        provider=current.provider,
        model=current.model,
        base_url=current.base_url,
        api_key=config.section(Stored).api_key,
    )


def trial_connection(config: ConfigService, change: SettingsChange) -> LlmConnection:
    """What an admin's connection test should reach: typed values over the stored ones."""
    current = read_settings(config)
    provider = change.provider or current.provider
    _check_provider(provider)
    base_url = change.base_url if change.base_url is not None else current.base_url
    # The stored key only goes to the stored endpoint: testing a new address must not leak it.
    endpoint = {Stored.key_of("provider"): provider, Stored.key_of("base_url"): base_url}
    stored_key = config.stored_secret_for(Stored.key_of("api_key"), endpoint)
    return LlmConnection(
        provider=provider,
        model=change.model if change.model is not None else current.model,
        base_url=base_url,
        api_key=change.api_key or stored_key or "",
    )


def read_preferences(session: Session, user_id: uuid.UUID) -> Preferences:
    user = repository.require_user(session, user_id)
    return Preferences(
        library_scope=user.bookdate_library_scope,
        custom_prompt=user.bookdate_custom_prompt or "",
        onboarding_complete=user.bookdate_onboarding_complete,
    )


def update_preferences(
    session: Session,
    user_id: uuid.UUID,
    *,
    library_scope: str | None = None,
    custom_prompt: str | None = None,
    onboarding_complete: bool | None = None,
) -> Preferences:
    """Change only the fields given; a blank custom prompt clears it."""
    user = repository.require_user(session, user_id)
    if library_scope is not None:
        user.bookdate_library_scope = normalise_scope(library_scope)
    if custom_prompt is not None:
        user.bookdate_custom_prompt = normalise_custom_prompt(custom_prompt)
    if onboarding_complete is not None:
        user.bookdate_onboarding_complete = onboarding_complete
    session.flush()
    return read_preferences(session, user_id)
