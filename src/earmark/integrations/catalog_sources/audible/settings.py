"""Audible connection settings: the marketplace region and an optional API URL override."""

from __future__ import annotations

from pydantic import BaseModel, field_validator

# Region code -> Audible top-level domain; the API host is api.audible.<tld>.
REGION_DOMAINS: dict[str, str] = {
    "us": "com",
    "uk": "co.uk",
    "ca": "ca",
    "au": "com.au",
    "de": "de",
    "fr": "fr",
    "in": "in",
    "it": "it",
    "es": "es",
    "jp": "co.jp",
}
DEFAULT_REGION = "us"


class AudibleSettings(BaseModel):
    region: str = DEFAULT_REGION
    api_url: str | None = None
    timeout_seconds: float = 10.0

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        code = value.strip().lower() or DEFAULT_REGION
        if code not in REGION_DOMAINS:
            known = ", ".join(REGION_DOMAINS)
            raise ValueError(f"unknown Audible region '{value}'; use one of {known}")
        return code

    @property
    def base_url(self) -> str:
        if self.api_url:
            return self.api_url.rstrip("/")
        return f"https://api.audible.{REGION_DOMAINS[self.region]}"

    @property
    def site_url(self) -> str:
        """The public store, for "view on Audible" links."""
        return f"https://www.audible.{REGION_DOMAINS[self.region]}"

    @property
    def store_url(self) -> str:
        """Where the chart pages are read: the store, or the stand-in that `api_url` names."""
        return self.api_url.rstrip("/") if self.api_url else self.site_url
