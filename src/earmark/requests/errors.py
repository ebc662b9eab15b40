"""Errors of the request domain."""

from __future__ import annotations

from earmark.core.errors import Conflict, InvalidInput


class InvalidTransition(Conflict):
    def __init__(self, current: str, target: str) -> None:
        super().__init__(f"A request that is '{current}' cannot become '{target}'.")
        self.current = current
        self.target = target


class ActionNotAllowed(Conflict):
    """The request's status does not allow this action now (see `states.allowed_actions`)."""

    code = "ActionNotAllowed"


class DuplicateRequest(Conflict):
    code = "DuplicateRequest"


class AlreadyAvailable(Conflict):
    code = "AlreadyAvailable"


class BadAsin(InvalidInput):
    pass


class NoOpenProblem(Conflict):
    """Replacing or dismissing needs an open problem report on the request."""

    code = "NoOpenProblem"


class ProblemAlreadyReported(Conflict):
    code = "ProblemAlreadyReported"
class BadManualBook(InvalidInput):
    """A manual request's title, author, ISBN or year is unusable; `field` names which."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
