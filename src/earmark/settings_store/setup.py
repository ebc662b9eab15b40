"""Whether first-run setup is complete, and the one way it becomes so."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from earmark.settings_store.catalogue import SetupState
from earmark.settings_store.service import ConfigService


def is_setup_complete(config: ConfigService) -> bool:
    return config.section(SetupState).completed


def save_setup(config: ConfigService, values: Mapping[str, Any], session: Session) -> None:
    """Write the wizard's settings, then the completed flag, in the caller's transaction.

    The flag is written last and in the same transaction: a half-written setup never counts
    as complete.
    """
    config.set_many(values, session=session)
    config.set_many({SetupState.key_of("completed"): True}, session=session)
