"""Connection settings for one Transmission RPC endpoint."""

from __future__ import annotations

from pydantic import BaseModel, SecretStr


class TransmissionSettings(BaseModel):
    url: str  # e.g. http://nas:9091/transmission/rpc (the path defaults to /transmission/rpc)
    username: str = ""
    password: SecretStr = SecretStr("")
    timeout_seconds: float = 30.0
