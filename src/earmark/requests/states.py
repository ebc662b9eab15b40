"""The request lifecycle as data: the statuses, their named groups, which status may follow which,
and which actions a person may take on a request in each status.

This is the only module that spells a request status. Everything else names `RequestStatus`
members or the groups below; pages and API guards ask `allowed_actions` what can be done now.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum, auto
from typing import Final


class RequestStatus(StrEnum):
    """The seed's request statuses plus the approval workflow's two (stored as these strings; a
    CHECK constraint keeps them)."""

    PENDING = "pending"
    SEARCHING = "searching"
    DOWNLOADING = "downloading"
    PROCESSING = "processing"
    DOWNLOADED = "downloaded"
    AVAILABLE = "available"
    FAILED = "failed"
    CANCELLED = "cancelled"
    AWAITING_SEARCH = "awaiting_search"
    AWAITING_IMPORT = "awaiting_import"
    WARN = "warn"
    PENDING_APPROVAL = "pending_approval"
    """Waiting for an admin to approve it; not searched until then (beyond the seed)."""
    DECLINED = "declined"
    """An admin declined it; it no longer counts against the requester's quota (beyond the seed)."""
    AWAITING_RELEASE = "awaiting_release"
    """A pre-order: the book is not released yet; searching starts on its release date (beyond
    the seed)."""

    @property
    def text(self) -> str:
        """The status as words in a sentence ("awaiting search")."""
        return self.value.replace("_", " ")


def parse_status(text: str) -> RequestStatus | None:
    """The status spelled `text`, or None when no status is spelled so."""
    try:
        return RequestStatus(text)
    except ValueError:
        return None


class AudiobookStatus(StrEnum):
    """The seed's audiobook statuses: a coarser view of the book's acquisition."""

    REQUESTED = "requested"
    DOWNLOADING = "downloading"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"


_S = RequestStatus

# --- Named groups -------------------------------------------------------------------------------

TERMINAL: Final = frozenset({_S.AVAILABLE, _S.CANCELLED, _S.DECLINED})
"""Finished or withdrawn: nothing more happens on its own."""
ACTIVE: Final = frozenset(
    {
        _S.PENDING,
        _S.SEARCHING,
        _S.DOWNLOADING,
        _S.PROCESSING,
        _S.AWAITING_SEARCH,
        _S.AWAITING_IMPORT,
        _S.WARN,
        _S.AWAITING_RELEASE,
    }
)
"""Still on its way to the library; its download is still needed."""
LIVE: Final = ACTIVE | {_S.DOWNLOADED}
"""Someone still wants the book and it is not in the media server yet."""
LEADS: Final = LIVE - {_S.AWAITING_RELEASE}
"""May lead a book's acquisition that later requests follow (a pre-order waiting for its release
date leads nothing yet)."""
IN_LIBRARY: Final = frozenset({_S.AVAILABLE, _S.DOWNLOADED})
"""The files are in the library folder (imported, maybe not yet seen by the media server)."""
MATCHABLE: Final = frozenset(_S) - TERMINAL
"""May become available when its book shows up in the media server (a manual import too)."""
SEARCHABLE: Final = frozenset({_S.PENDING, _S.SEARCHING, _S.AWAITING_SEARCH, _S.FAILED, _S.WARN})
"""An indexer search (scheduled, interactive) and a release picked by hand are still useful."""
BEFORE_DOWNLOAD: Final = frozenset({_S.PENDING, _S.SEARCHING, _S.AWAITING_SEARCH})
"""No release has been sent to the download client yet."""
IMPORTABLE: Final = frozenset({_S.PROCESSING, _S.AWAITING_IMPORT, _S.WARN, _S.DOWNLOADED})
"""An import job may run for it."""
REOPENABLE: Final = frozenset({_S.CANCELLED, _S.FAILED, _S.DECLINED})
"""Requesting the book again starts this request over instead of being a duplicate."""
REASON_KEPT: Final = frozenset(
    {_S.FAILED, _S.WARN, _S.AWAITING_SEARCH, _S.AWAITING_IMPORT, _S.DECLINED, _S.AWAITING_RELEASE}
)
"""The reason of the change is something a person may act on (or, for a pre-order, its release
date): kept as the error message the request card shows."""
NEEDS_ATTENTION: Final = frozenset({_S.FAILED, _S.WARN})
"""Stopped until a person acts (logged as warnings)."""
DASHBOARD_ATTENTION: Final = NEEDS_ATTENTION | {_S.AWAITING_IMPORT}
"""Listed under "Needs attention" on the admin dashboard."""
QUOTA_FREE: Final = frozenset({_S.DECLINED})
"""Requests in these statuses do not count against the requester's quota."""
WITH_PROGRESS: Final = frozenset({_S.DOWNLOADING, _S.PROCESSING})
"""Has a meaningful progress percentage."""


class ProgressGroup(StrEnum):
    """How people see a request's progress; every status is in exactly one group."""

    ACTIVE = "active"
    WAITING = "waiting"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


PROGRESS_GROUPS: Final[Mapping[ProgressGroup, frozenset[RequestStatus]]] = {
    ProgressGroup.ACTIVE: frozenset({_S.PENDING, _S.SEARCHING, _S.DOWNLOADING, _S.PROCESSING}),
    ProgressGroup.WAITING: frozenset(
        {_S.PENDING_APPROVAL, _S.AWAITING_SEARCH, _S.AWAITING_IMPORT, _S.AWAITING_RELEASE}
    ),
    ProgressGroup.COMPLETED: IN_LIBRARY,
    ProgressGroup.FAILED: NEEDS_ATTENTION,
    ProgressGroup.CANCELLED: frozenset({_S.CANCELLED, _S.DECLINED}),
}


def progress_group(status: RequestStatus) -> ProgressGroup:
    return next(group for group, members in PROGRESS_GROUPS.items() if status in members)


# --- Transitions --------------------------------------------------------------------------------

# Every allowed transition. "available" can be reached from any live state because the book may
# show up in the library by other means (an admin added it); "cancelled" likewise. An available
# book whose files vanish from the media server goes back to "downloaded".
_FORWARD: Final[Mapping[RequestStatus, frozenset[RequestStatus]]] = {
    # A new or reopened request starts as pending and, when it needs approval, waits there.
    # A book not released yet waits in awaiting_release and goes back to pending on its release.
    _S.PENDING: frozenset(
        {_S.SEARCHING, _S.AWAITING_SEARCH, _S.FAILED, _S.PENDING_APPROVAL, _S.AWAITING_RELEASE}
    ),
    _S.AWAITING_RELEASE: frozenset({_S.PENDING}),
    _S.PENDING_APPROVAL: frozenset({_S.PENDING, _S.DECLINED}),
    _S.DECLINED: frozenset({_S.PENDING}),
    _S.SEARCHING: frozenset({_S.DOWNLOADING, _S.AWAITING_SEARCH, _S.FAILED, _S.SEARCHING}),
    _S.AWAITING_SEARCH: frozenset({_S.SEARCHING, _S.FAILED}),
    _S.DOWNLOADING: frozenset(
        {_S.PROCESSING, _S.SEARCHING, _S.AWAITING_SEARCH, _S.FAILED, _S.DOWNLOADING}
    ),
    _S.PROCESSING: frozenset(
        {_S.DOWNLOADED, _S.AWAITING_IMPORT, _S.SEARCHING, _S.AWAITING_SEARCH, _S.WARN, _S.FAILED}
    ),
    _S.AWAITING_IMPORT: frozenset({_S.PROCESSING, _S.WARN, _S.FAILED}),
    _S.WARN: frozenset({_S.PROCESSING, _S.SEARCHING, _S.FAILED}),
    _S.DOWNLOADED: frozenset({_S.PROCESSING}),
    _S.FAILED: frozenset({_S.PENDING, _S.SEARCHING}),
    # An admin replacing a reported copy sends the request through the pipeline again.
    _S.AVAILABLE: frozenset({_S.DOWNLOADED, _S.SEARCHING}),
    _S.CANCELLED: frozenset({_S.PENDING}),
}

TRANSITIONS: Final[Mapping[RequestStatus, frozenset[RequestStatus]]] = {
    status: targets
    | (frozenset() if status in TERMINAL else frozenset({_S.AVAILABLE, _S.CANCELLED}))
    for status, targets in _FORWARD.items()
}


def can_transition(current: RequestStatus, target: RequestStatus) -> bool:
    return target in TRANSITIONS[current]


CANCELLABLE: Final = frozenset(s for s in _S if can_transition(s, _S.CANCELLED))
"""The transition table lets these be cancelled."""

STEP_LABELS: Final[Mapping[RequestStatus, str]] = {
    _S.PENDING_APPROVAL: "Waiting for an admin's approval",
    _S.DECLINED: "Declined by an admin",
    _S.AWAITING_RELEASE: "Not released yet; searching starts on its release date",
    _S.PENDING: "Queued for search",
    _S.SEARCHING: "Searching indexers",
    _S.AWAITING_SEARCH: "Waiting for a suitable release",
    _S.DOWNLOADING: "Downloading",
    _S.PROCESSING: "Verifying and importing",
    _S.AWAITING_IMPORT: "Waiting to retry the import",
    _S.WARN: "Needs attention",
    _S.DOWNLOADED: "Imported; waiting for Plex",
    _S.AVAILABLE: "Available in the library",
    _S.FAILED: "Failed",
    _S.CANCELLED: "Cancelled",
}

AUDIOBOOK_STATUS_OF: Final[Mapping[RequestStatus, AudiobookStatus]] = {
    _S.SEARCHING: AudiobookStatus.REQUESTED,
    _S.AWAITING_SEARCH: AudiobookStatus.REQUESTED,
    _S.DOWNLOADING: AudiobookStatus.DOWNLOADING,
    _S.PROCESSING: AudiobookStatus.PROCESSING,
    _S.AWAITING_IMPORT: AudiobookStatus.PROCESSING,
    _S.DOWNLOADED: AudiobookStatus.COMPLETED,
    _S.AVAILABLE: AudiobookStatus.COMPLETED,
    _S.FAILED: AudiobookStatus.FAILED,
}
"""The audiobook row follows its acting request (statuses not listed leave it unchanged)."""

# --- What a person can do now -------------------------------------------------------------------


class Role(Enum):
    """Who acts on a request: a user (on their own requests) or an admin (on any)."""

    USER = auto()
    ADMIN = auto()


class RequestAction(StrEnum):
    CANCEL = "cancel"
    RETRY_SEARCH = "retry_search"
    INTERACTIVE_SEARCH = "interactive_search"
    PICK_RELEASE = "pick_release"
    RETRY_IMPORT = "retry_import"
    LINK_TO_LIBRARY = "link_to_library"
    DELETE = "delete"
    APPROVE = "approve"
    DECLINE = "decline"
    REPORT_PROBLEM = "report_problem"
    REPLACE = "replace"
    DISMISS_PROBLEM = "dismiss_problem"
    IMPORT_EXISTING = "import_existing"
    ATTACH_RELEASE = "attach_release"


@dataclass(frozen=True)
class ActionRule:
    statuses: frozenset[RequestStatus]
    roles: frozenset[Role]
    refusal: str
    """Why a request in another status refuses the action; `{status}` is the status as words."""


_EVERYONE: Final = frozenset(Role)
_ADMINS: Final = frozenset({Role.ADMIN})

ACTION_RULES: Final[Mapping[RequestAction, ActionRule]] = {
    RequestAction.CANCEL: ActionRule(
        CANCELLABLE, _EVERYONE, "A request that is {status} cannot be cancelled."
    ),
    RequestAction.RETRY_SEARCH: ActionRule(
        SEARCHABLE - {_S.SEARCHING},
        _EVERYONE,
        "A request that is {status} cannot be searched again now.",
    ),
    # Users may also search interactively where the server's setting allows it (API only).
    RequestAction.INTERACTIVE_SEARCH: ActionRule(
        SEARCHABLE, _ADMINS, "A request that is {status} needs no release search now."
    ),
    RequestAction.PICK_RELEASE: ActionRule(
        SEARCHABLE, _ADMINS, "A request that is {status} cannot take a release now."
    ),
    RequestAction.RETRY_IMPORT: ActionRule(
        frozenset({_S.WARN, _S.AWAITING_IMPORT, _S.FAILED, _S.DOWNLOADED}),
        _ADMINS,
        "A request that is {status} has no import to retry.",
    ),
    RequestAction.LINK_TO_LIBRARY: ActionRule(
        MATCHABLE,
        _ADMINS,
        "A request that is {status} cannot be linked to a library item; only a request still "
        "waiting for the library can.",
    ),
    RequestAction.DELETE: ActionRule(
        frozenset(_S), _ADMINS, "A request that is {status} cannot be deleted."
    ),
    RequestAction.APPROVE: ActionRule(
        frozenset({_S.PENDING_APPROVAL}),
        _ADMINS,
        "A request that is {status} is not waiting for approval.",
    ),
    RequestAction.DECLINE: ActionRule(
        frozenset({_S.PENDING_APPROVAL}),
        _ADMINS,
        "A request that is {status} is not waiting for approval.",
    ),
    # Problem reports (docs/problems.md): the owner (or an admin) reports a wrong copy; an admin
    # replaces it (blocklist, search again; the old files stay until the new ones are imported)
    # or dismisses the report. The service also requires an open report for the last two.
    RequestAction.REPORT_PROBLEM: ActionRule(
        frozenset({_S.AVAILABLE}),
        _EVERYONE,
        "A request that is {status} has no copy in the library to report.",
    ),
    RequestAction.REPLACE: ActionRule(
        frozenset({_S.AVAILABLE}),
        _ADMINS,
        "A request that is {status} has no copy in the library to replace.",
    ),
    RequestAction.DISMISS_PROBLEM: ActionRule(
        frozenset({_S.AVAILABLE}),
        _ADMINS,
        "A request that is {status} has no reported copy to keep.",
    ),
    # An admin's own files or hand-found release (library/existing.py): before a download is
    # under way, or when the last one failed.
    RequestAction.IMPORT_EXISTING: ActionRule(
        BEFORE_DOWNLOAD | NEEDS_ATTENTION | {_S.AWAITING_IMPORT},
        _ADMINS,
        "A request that is {status} cannot take existing files now.",
    ),
    RequestAction.ATTACH_RELEASE: ActionRule(
        SEARCHABLE, _ADMINS, "A request that is {status} cannot take a release now."
    ),
}

GRANTABLE: Final = frozenset({RequestAction.INTERACTIVE_SEARCH, RequestAction.PICK_RELEASE})
"""Admin-only actions a user may be granted by their permissions (on their own requests)."""


def allowed_actions(
    status: RequestStatus, role: Role, granted: Collection[RequestAction] = ()
) -> frozenset[RequestAction]:
    """What `role` may do now to a request in `status`: the buttons pages show, what the API takes.

    `granted` adds the `GRANTABLE` actions a user's permissions allow them.
    """
    extra = GRANTABLE.intersection(granted)
    return frozenset(
        action
        for action, rule in ACTION_RULES.items()
        if status in rule.statuses and (role in rule.roles or action in extra)
    )


def status_refusal(status: RequestStatus, action: RequestAction) -> str | None:
    """Why `status` refuses `action` (a sentence for people), or None when it allows it."""
    rule = ACTION_RULES[action]
    return None if status in rule.statuses else rule.refusal.format(status=status.text)
