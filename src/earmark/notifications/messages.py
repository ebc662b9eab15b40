"""The words of a notification: the event, the book (title, author), the reason, a link."""

from __future__ import annotations

from dataclasses import dataclass

from earmark.requests.notify import NotificationEvent

_E = NotificationEvent

_HEADLINES = {
    _E.REQUEST_MADE: "{who} requested {book}.",
    _E.NEEDS_APPROVAL: "{who} requested {book}; it waits for an admin's approval.",
    _E.APPROVED: "The request for {book} was approved.",
    _E.DECLINED: "The request for {book} was declined.",
    _E.DOWNLOADING: "{book} is downloading.",
    _E.AVAILABLE: "{book} is available in the library.",
    _E.FAILED: "The request for {book} failed.",
    _E.NEEDS_ATTENTION: "The request for {book} needs attention.",
    _E.PROBLEM_REPORTED: "{who} reported a problem with the copy of {book}.",
    _E.PROBLEM_DISMISSED: "The problem report about {book} was dismissed; the copy stays.",
    _E.NEW_RELEASE: "New from {who}: {book}.",
}

_REASON_LABELS = {
    _E.APPROVED: "Note",
    _E.DECLINED: "Note",
    _E.PROBLEM_REPORTED: "Problem",
    _E.PROBLEM_DISMISSED: "Note",
}


@dataclass(frozen=True)
class Message:
    title: str
    body: str


def book_words(title: str, author: str) -> str:
    return f"“{title}” by {author}" if author else f"“{title}”"


def compose(
    event: NotificationEvent,
    *,
    title: str,
    author: str,
    requester: str,
    reason: str | None,
    link: str | None,
) -> Message:
    """A message naming the event and the book; the reason in plain words; the request's link."""
    book = book_words(title, author)
    lines = [_HEADLINES[event].format(who=requester, book=book)]
    if reason:
        lines.append(f"{_REASON_LABELS.get(event, 'Reason')}: {reason}")
    lines.append(f"Requested by {requester}.")
    if link:
        lines.append(link)
    return Message(title=f"{event.label}: {title} (Earmark)", body="\n".join(lines))


def compose_release(
    *, followed: str, title: str, author: str, release_date: str | None, link: str | None
) -> Message:
    """A follower's message about a book new to an author or series they follow."""
    lines = [_HEADLINES[_E.NEW_RELEASE].format(who=followed, book=book_words(title, author))]
    if release_date:
        lines.append(f"Release date: {release_date[:10]}")
    if link:
        lines.append(link)
    return Message(title=f"New from {followed}: {title} (Earmark)", body="\n".join(lines))


def sample_message() -> Message:
    return Message(
        title="Earmark: test notification",
        body="This is a test from Earmark. If you can read it, notifications reach you here.",
    )
