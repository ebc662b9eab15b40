"""Connection settings for OpenAI or an OpenAI-compatible server."""

from __future__ import annotations

from pydantic import BaseModel, SecretStr, field_validator

OPENAI_BASE_URL = "https://api.openai.com/v1"


class OpenAiSettings(BaseModel):
    base_url: str = OPENAI_BASE_URL
    api_key: SecretStr | None = None
    model: str = ""
    # A local server: the key is optional and the token limit uses the older `max_tokens` name.
    compatible: bool = False

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = value.strip()
        if not value.lower().startswith(("http://", "https://")):
            raise ValueError("the base URL must start with http:// or https://")
        return value.rstrip("/")

    @property
    def service(self) -> str:
        return "OpenAI-compatible server" if self.compatible else "OpenAI"

    def headers(self) -> dict[str, str]:
        key = self.api_key.get_secret_value() if self.api_key else ""
        return {"Authorization": f"Bearer {key}"} if key else {}
