"""The request lifecycle data: allowed actions per status and role, groups, transitions."""

from __future__ import annotations

import pytest

from earmark.requests.states import (
    PROGRESS_GROUPS,
    STEP_LABELS,
    TRANSITIONS,
    RequestAction,
    RequestStatus,
    Role,
    allowed_actions,
    can_transition,
    progress_group,
    status_refusal,
)

S = RequestStatus
A = RequestAction

USER_ACTIONS = {
    S.PENDING_APPROVAL: {A.CANCEL},
    S.DECLINED: set(),
    S.PENDING: {A.CANCEL, A.RETRY_SEARCH},
    S.SEARCHING: {A.CANCEL},
    S.AWAITING_SEARCH: {A.CANCEL, A.RETRY_SEARCH},
    S.DOWNLOADING: {A.CANCEL},
    S.PROCESSING: {A.CANCEL},
    S.AWAITING_IMPORT: {A.CANCEL},
    S.WARN: {A.CANCEL, A.RETRY_SEARCH},
    S.DOWNLOADED: {A.CANCEL},
    S.FAILED: {A.CANCEL, A.RETRY_SEARCH},
    S.AWAITING_RELEASE: {A.CANCEL},
    S.AVAILABLE: {A.REPORT_PROBLEM},
    S.CANCELLED: set(),
}
_PICK = {A.INTERACTIVE_SEARCH, A.PICK_RELEASE}
# An admin's own files or hand-found release (library/existing.py).
_HAND = {A.ATTACH_RELEASE, A.IMPORT_EXISTING}
ADMIN_ONLY_ACTIONS = {
    S.PENDING_APPROVAL: {A.APPROVE, A.DECLINE, A.LINK_TO_LIBRARY, A.DELETE},
    S.DECLINED: {A.DELETE},
    S.PENDING: _PICK | _HAND | {A.LINK_TO_LIBRARY, A.DELETE},
    S.SEARCHING: _PICK | _HAND | {A.LINK_TO_LIBRARY, A.DELETE},
    S.AWAITING_SEARCH: _PICK | _HAND | {A.LINK_TO_LIBRARY, A.DELETE},
    S.DOWNLOADING: {A.LINK_TO_LIBRARY, A.DELETE},
    S.PROCESSING: {A.LINK_TO_LIBRARY, A.DELETE},
    S.AWAITING_IMPORT: {A.IMPORT_EXISTING, A.RETRY_IMPORT, A.LINK_TO_LIBRARY, A.DELETE},
    S.WARN: _PICK | _HAND | {A.RETRY_IMPORT, A.LINK_TO_LIBRARY, A.DELETE},
    S.DOWNLOADED: {A.RETRY_IMPORT, A.LINK_TO_LIBRARY, A.DELETE},
    S.FAILED: _PICK | _HAND | {A.RETRY_IMPORT, A.LINK_TO_LIBRARY, A.DELETE},
    S.AVAILABLE: {A.REPLACE, A.DISMISS_PROBLEM, A.DELETE},
    S.CANCELLED: {A.DELETE},
    S.AWAITING_RELEASE: {A.LINK_TO_LIBRARY, A.DELETE},
}


@pytest.mark.parametrize("status", list(RequestStatus))
def test_allowed_actions_user_gets_the_table(status: RequestStatus) -> None:
    assert allowed_actions(status, Role.USER) == USER_ACTIONS[status]


@pytest.mark.parametrize("status", list(RequestStatus))
def test_allowed_actions_admin_gets_user_actions_and_admin_tools(status: RequestStatus) -> None:
    expected = USER_ACTIONS[status] | ADMIN_ONLY_ACTIONS[status]
    assert allowed_actions(status, Role.ADMIN) == expected


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("status", list(RequestStatus))
def test_allowed_actions_offer_cancel_exactly_where_the_transitions_allow_it(
    status: RequestStatus, role: Role
) -> None:
    offered = RequestAction.CANCEL in allowed_actions(status, role)
    assert offered == can_transition(status, RequestStatus.CANCELLED)


@pytest.mark.parametrize("status", list(RequestStatus))
def test_permissions_grant_users_interactive_search_and_picking_but_no_other_admin_tool(
    status: RequestStatus,
) -> None:
    granted = allowed_actions(status, Role.USER, frozenset(RequestAction))
    assert granted == USER_ACTIONS[status] | (ADMIN_ONLY_ACTIONS[status] & _PICK)


def test_a_request_waiting_for_approval_is_not_searchable_and_cannot_skip_approval() -> None:
    waiting = S.PENDING_APPROVAL
    assert not can_transition(waiting, S.SEARCHING)
    assert can_transition(waiting, S.PENDING) and can_transition(waiting, S.DECLINED)
    assert can_transition(S.PENDING, waiting)
    assert can_transition(S.DECLINED, S.PENDING)
    assert A.RETRY_SEARCH not in allowed_actions(waiting, Role.ADMIN)
    assert status_refusal(S.SEARCHING, A.APPROVE) == (
        "A request that is searching is not waiting for approval."
    )


def test_status_refusal_names_the_status_in_words() -> None:
    assert status_refusal(S.AWAITING_IMPORT, A.RETRY_SEARCH) == (
        "A request that is awaiting import cannot be searched again now."
    )
    assert (
        status_refusal(S.AVAILABLE, A.CANCEL) == "A request that is available cannot be cancelled."
    )
    assert status_refusal(S.WARN, A.RETRY_SEARCH) is None


def test_every_status_has_transitions_a_step_label_and_one_progress_group() -> None:
    assert set(TRANSITIONS) == set(RequestStatus) == set(STEP_LABELS)
    grouped = [status for members in PROGRESS_GROUPS.values() for status in members]
    assert sorted(grouped) == sorted(RequestStatus)
    assert progress_group(S.WARN).value == "failed"


def test_transitions_terminal_statuses_only_reopen_or_return() -> None:
    assert TRANSITIONS[S.CANCELLED] == {S.PENDING}
    assert TRANSITIONS[S.AVAILABLE] == {S.DOWNLOADED, S.SEARCHING}
    assert can_transition(S.DOWNLOADING, S.AVAILABLE)
    assert not can_transition(S.AVAILABLE, S.CANCELLED)


def test_request_status_is_stored_as_the_seed_strings_and_the_approval_ones() -> None:
    assert [status.value for status in RequestStatus] == [
        "pending",
        "searching",
        "downloading",
        "processing",
        "downloaded",
        "available",
        "failed",
        "cancelled",
        "awaiting_search",
        "awaiting_import",
        "warn",
        "pending_approval",  # the approval workflow's, beyond the seed
        "declined",
        "awaiting_release",  # pre-orders, beyond the seed
    ]
