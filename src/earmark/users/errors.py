"""Errors of the users domain, each with a message a person can act on."""

from __future__ import annotations

from earmark.core.errors import Conflict, EarmarkError, Forbidden, TooManyRequests, Unauthorized

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


# Why an OpenID sign-in failed. Only the reason's name travels in the sign-in page's address
# (`/login?oidc_error=<reason>`), so no text from the URL is ever shown to a person.
OIDC_FAILURES = {
    "not_configured": "OpenID sign-in is not set up on this server.",
    "expired": "This sign-in expired or was started in another browser; sign in again.",
    "state": "The answer from the sign-in provider does not belong to the sign-in this browser "
    "started (wrong state); sign in again.",
    "nonce": "The provider's ID token was not issued for this sign-in (wrong nonce); sign in "
    "again.",
    "code": "The sign-in code has expired or was already used; sign in again.",
    "token": "The provider's ID token could not be verified; ask an admin to check the OpenID "
    "settings.",
    "client": "The provider refused Earmark's client ID or secret; ask an admin to check the "
    "OpenID settings.",
    "provider_down": "The sign-in provider could not be reached; try again in a moment or ask an "
    "admin.",
    "provider_error": "The sign-in provider refused the sign-in; try again or ask an admin.",
    "cancelled": "The sign-in was cancelled at the provider.",
    "group": "Your account is not in a group allowed to use Earmark; ask an admin to add you.",
    "not_listed": "Your account is not on this server's list of allowed accounts; ask an admin.",
    "pending": "Your account was created and waits for an admin's approval; sign in again once "
    "an admin has enabled it.",
    "disabled": "This account is disabled; ask an admin to enable it again.",
    "no_identity": "The provider sent no username or e-mail for your account; ask an admin to add "
    "the 'profile' or 'email' scope.",
    "throttled": "Too many sign-ins from this address; wait a few minutes and try again.",
}


class OidcSignInFailed(Unauthorized):
    """An OpenID sign-in refused for `reason` (a key of OIDC_FAILURES)."""

    code = "OidcSignInFailed"

    def __init__(self, reason: str) -> None:
        super().__init__(OIDC_FAILURES[reason])
        self.reason = reason


class OidcProviderUnusable(EarmarkError):
    """The provider's discovery document, keys or endpoints cannot be used; says what to check."""

    code = "OidcProviderUnusable"
