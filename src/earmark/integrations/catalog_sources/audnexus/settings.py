"""Audnexus connection settings: base URL and the Audible region it should answer for."""

from __future__ import annotations

from pydantic import BaseModel

DEFAULT_AUDNEXUS_URL = "https://api.audnex.us"


class AudnexusSettings(BaseModel):
    base_url: str = DEFAULT_AUDNEXUS_URL
    region: str = "us"
    timeout_seconds: float = 10.0

    @property
    def root(self) -> str:
        return self.base_url.rstrip("/")
