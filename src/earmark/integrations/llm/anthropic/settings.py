"""Connection settings for the Anthropic Messages API."""

from __future__ import annotations

from pydantic import BaseModel, SecretStr, field_validator

ANTHROPIC_BASE_URL = "https://api.anthropic.com"
ANTHROPIC_VERSION = "2023-06-01"
SERVICE = "Anthropic"


class AnthropicSettings(BaseModel):
    api_key: SecretStr
    model: str = ""
    # Overridable so tests and proxies can stand in for api.anthropic.com.
    base_url: str = ANTHROPIC_BASE_URL

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = value.strip() or ANTHROPIC_BASE_URL
        if not value.lower().startswith(("http://", "https://")):
            raise ValueError("the base URL must start with http:// or https://")
        return value.rstrip("/").removesuffix("/v1")

    def headers(self) -> dict[str, str]:
        return {
            "x-api-key": self.api_key.get_secret_value(),
            "anthropic-version": ANTHROPIC_VERSION,
        }
