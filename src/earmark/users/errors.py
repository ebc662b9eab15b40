"""Errors of the users domain, each with a message a person can act on."""

from __future__ import annotations

from earmark.core.errors import Conflict, Forbidden, TooManyRequests, Unauthorized

INVALID_CREDENTIALS_MESSAGE = "Invalid username or password."


class InvalidCredentials(Unauthorized):
    """Same message for an unknown user and a wrong password, so names cannot be probed."""

    def __init__(self) -> None:
        super().__init__(INVALID_CREDENTIALS_MESSAGE)


class TooManyAttempts(TooManyRequests):
    def __init__(self, wait_seconds: int, what: str = "failed sign-in attempts") -> None:
        minutes = max(1, (wait_seconds + 59) // 60)
        unit = "minute" if minutes == 1 else "minutes"
        super().__init__(f"Too many {what}. Wait {minutes} {unit} and try again.")
        self.wait_seconds = wait_seconds


class ProtectedUser(Forbidden):
    """The setup admin's role and existence, and the caller's own account, are off limits."""


class PlexAccessDenied(Forbidden):
    code = "AccessDenied"

    def __init__(self) -> None:
        super().__init__(
            "Your Plex account does not have access to this Plex server. Ask the server owner "
            "to share the server (its library) with your Plex account, then sign in again."
        )


class PlexLoginExpired(Unauthorized):
    def __init__(self) -> None:
        super().__init__(
            "This Plex sign-in has expired or was started in another browser; start the Plex "
            "sign-in again."
        )


class InvalidProfilePin(Unauthorized):
    code = "InvalidPIN"

    def __init__(self) -> None:
        super().__init__("That PIN is not right for this Plex Home profile; try again.")


class SetupAdminExists(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "The setup admin already exists; sign in with it (or reset its password with "
            "`earmark user create-admin --reset-password`)."
        )


class AccountDisabled(Unauthorized):
    """Told only after the password matched, so it reveals nothing to a guesser."""

    code = "AccountDisabled"

    def __init__(self) -> None:
        super().__init__("This account is disabled; ask an admin to enable it again.")


class AwaitingApproval(Unauthorized):
    """A self-registered account before an admin approved it (told after the password matched)."""

    code = "AwaitingApproval"

    def __init__(self) -> None:
        super().__init__("This account is waiting for an admin's approval; try again later.")


class RegistrationClosed(Forbidden):
    def __init__(self) -> None:
        super().__init__("This server does not take registrations; ask an admin for an invitation.")


class UsernameTaken(Conflict):
    def __init__(self, username: str) -> None:
        super().__init__(f"There is already an account named '{username}'; choose another name.")


class InvitationUnusable(Conflict):
    code = "InvitationUnusable"
