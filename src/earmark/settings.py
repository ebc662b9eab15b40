"""Boot settings read once from the environment (prefix EARMARK_) and passed down explicitly."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class BootSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EARMARK_", extra="ignore")

    data_dir: Path = Field(default=Path("./data"))
    database_url: str | None = None
    encryption_key: str | None = None
    public_url: str | None = None
    base_path: str = ""
    log_level: str = "INFO"
    host: str = "127.0.0.1"
    port: int = 3030
    worker_threads: int = 2
    # Threads serving sync routes' database work; routes that call other services have their
    # own pool (api/thread_pools.py). More threads only make them queue for the GIL.
    web_threads: int = Field(default=4, ge=1, le=64)
    run_worker: bool = True
    # Creating the first admin needs the setup code printed at start-up (`--no-setup-code`).
    setup_code_required: bool = True
    # Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or
    # networks, comma-separated); nobody's by default, loopback included.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    plex_client_identifier: str | None = None
    plex_tv_url: str = "https://plex.tv"
    # Replaces the region's Audible API host (tests, demo mode); Audnexus likewise.
    audible_api_url: str | None = None
    audnexus_url: str = "https://api.audnex.us"

    @field_validator("base_path")
    @classmethod
    def _normalise_base_path(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not value.startswith("/"):
            value = "/" + value
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_proxies(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _check_proxies(cls, value: list[str]) -> list[str]:
        for item in value:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError as exc:
                raise ValueError(
                    f"EARMARK_TRUSTED_PROXIES: '{item}' is not an IP address or network"
                ) from exc
        return value

    @field_validator("log_level")
    @classmethod
    def _check_level(cls, value: str) -> str:
        upper = value.upper()
        if upper not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("EARMARK_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return upper

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'earmark.db').resolve()}"

    @property
    def thumbnails_dir(self) -> Path:
        return self.data_dir / "cache" / "thumbnails"

    @property
    def sqlite_file(self) -> Path | None:
        """The SQLite database file, when the database is one."""
        url = self.resolved_database_url
        prefix = "sqlite:///"
        if not url.startswith(prefix) or ":memory:" in url:
            return None
        return Path(url[len(prefix) :].split("?", 1)[0])

    def ensure_data_dir(self) -> None:
        """Creates the data folder and database file readable by this user only (0700/0600)."""
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)
        self.thumbnails_dir.mkdir(parents=True, exist_ok=True)
        database = self.sqlite_file
        if database is None:
            return
        database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # SQLite gives its -wal and -shm files the database file's permissions.
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT, 0o600))
        for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
            if path.exists():
                path.chmod(0o600)
