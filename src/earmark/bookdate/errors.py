"""Errors of the BookDate domain."""

from __future__ import annotations

from earmark.core.errors import ConfigurationMissing, InvalidInput, NotFound, UpstreamFailed


class BookDateOff(ConfigurationMissing):
    code = "BookDateOff"


class InvalidPreference(InvalidInput):
    code = "InvalidPreference"


class UnreadableAnswer(UpstreamFailed):
    """The model answered, but nothing in it could be read as recommendations."""

    code = "UnreadableAnswer"


class NothingToUndo(NotFound):
    code = "NothingToUndo"
