"""Catalog errors a person can act on."""

from __future__ import annotations

from earmark.core.errors import InvalidInput, NotFound


class InvalidAsin(InvalidInput):
    pass


class BookNotFound(NotFound):
    pass


class EmptyQuery(InvalidInput):
    pass
