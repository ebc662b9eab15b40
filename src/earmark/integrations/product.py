"""What one product (one adapter folder) declares about itself, for the product registry.

A product names itself, says which category it serves, which settings it stores (a settings
section whose fields carry titles, help, bounds and secret flags) and how to build its adapter
from them; the adapter's `test()` is its connection test. Forms, validation and factories are
derived from this, so adding a product is its folder plus one line in `integrations/products.py`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

import httpx

# "download_client" holds the torrent clients; usenet clients are their own category so that
# one of each can be configured side by side (releases go to the client of their protocol).
Category = Literal["download_client", "usenet_client", "indexer", "media_server", "llm"]
ConnectionT = TypeVar("ConnectionT")
AdapterT = TypeVar("AdapterT")


@dataclass(frozen=True)
class Product(Generic[ConnectionT, AdapterT]):
    category: Category
    # The value stored in the category's "which product" setting (e.g. download_client.type).
    name: str
    title: str
    # What the adapter is built from: a settings section (stored fields) or, for language
    # models, the connection BookDate stores for whichever provider is chosen.
    connection: type[ConnectionT]
    build: Callable[[httpx.Client, ConnectionT], AdapterT]
    # Fields of `connection` that must be set before the product can be used.
    requires: tuple[str, ...] = ()

    def missing(self, connection: ConnectionT) -> list[str]:
        """Titles of the required fields `connection` leaves empty."""
        return [
            _title(self.connection, name) for name in self.requires if not getattr(connection, name)
        ]


def _title(model: type[object], name: str) -> str:
    """A field's title: a pydantic field's `title`, or a dataclass field's metadata title."""
    pydantic_field = getattr(model, "model_fields", {}).get(name)
    if pydantic_field is not None and pydantic_field.title:
        return str(pydantic_field.title)
    if dataclasses.is_dataclass(model):
        for item in dataclasses.fields(model):
            if item.name == name and "title" in item.metadata:
                return str(item.metadata["title"])
    return name
