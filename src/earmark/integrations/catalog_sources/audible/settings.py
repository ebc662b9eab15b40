"""Audible connection settings: the marketplaces (one table), the region and an API URL override."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, field_validator


@dataclass(frozen=True)
class Marketplace:
    """One Audible store: its hosts, the Audnexus `region` it answers for, its catalog language.

    `language` is the language most of the store's books are in (an English name, as Audible's
    `language` field spells it); a household using the store wants that edition by default.
    """

    code: str
    name: str
    tld: str
    language: str

    @property
    def api_host(self) -> str:
        return f"api.audible.{self.tld}"

    @property
    def web_host(self) -> str:
        return f"www.audible.{self.tld}"


MARKETPLACES: dict[str, Marketplace] = {
    m.code: m
    for m in (
        Marketplace("us", "United States", "com", "English"),
        Marketplace("uk", "United Kingdom", "co.uk", "English"),
        Marketplace("ca", "Canada", "ca", "English"),
        Marketplace("au", "Australia", "com.au", "English"),
        Marketplace("de", "Germany", "de", "German"),
        Marketplace("fr", "France", "fr", "French"),
        Marketplace("in", "India", "in", "English"),
        Marketplace("it", "Italy", "it", "Italian"),
        Marketplace("es", "Spain", "es", "Spanish"),
        Marketplace("jp", "Japan", "co.jp", "Japanese"),
    )
}
DEFAULT_REGION = "us"


def marketplace(code: str | None) -> Marketplace:
    """The marketplace of a region code (any case); ValueError names the known codes."""
    key = (code or "").strip().lower() or DEFAULT_REGION
    if key not in MARKETPLACES:
        raise ValueError(f"unknown Audible region '{code}'; use one of {', '.join(MARKETPLACES)}")
    return MARKETPLACES[key]


class AudibleSettings(BaseModel):
    """`api_url` stands in for every Audible host (the demo's and tests' fake): a marketplace's
    API and store are then `<api_url>/<its host>`, so one stand-in serves every region."""

    region: str = DEFAULT_REGION
    api_url: str | None = None
    timeout_seconds: float = 10.0

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        return marketplace(value).code

    @property
    def marketplace(self) -> Marketplace:
        return MARKETPLACES[self.region]

    def _url_of(self, host: str) -> str:
        if self.api_url:
            return f"{self.api_url.rstrip('/')}/{host}"
        return f"https://{host}"

    @property
    def base_url(self) -> str:
        return self._url_of(self.marketplace.api_host)

    @property
    def site_url(self) -> str:
        """The public store, for "view on Audible" links."""
        return f"https://{self.marketplace.web_host}"

    @property
    def store_url(self) -> str:
        """Where the chart pages are read: the store, or the stand-in that `api_url` names."""
        return self._url_of(self.marketplace.web_host)
