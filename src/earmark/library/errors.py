"""Import outcomes the caller acts on: re-search, retry later, or give up with a reason."""

from __future__ import annotations

import errno

from earmark.core.errors import EarmarkError
from earmark.rule_codes import ImportRule, Rejection

# Errors a later attempt can clear: files still moving in, permissions settling, a full or
# stale (network) disk that an admin can fix without touching the request.
_TRANSIENT_ERRNOS = frozenset(
    {
        errno.ENOENT,
        errno.EACCES,
        errno.EPERM,
        errno.ENOSPC,
        errno.EAGAIN,
        errno.EBUSY,
        errno.EIO,
        errno.ESTALE,
        errno.ETIMEDOUT,
        errno.EDQUOT,
    }
)


class LibraryImportError(EarmarkError):
    """Base of every import outcome that is not a success; `reason` is shown to a person.

    `rule` is the stable code of the import rule that refused (rule_codes.ImportRule).
    """

    code = "ImportError"

    def __init__(self, rule: ImportRule, reason: str) -> None:
        super().__init__(reason)
        self.rule = rule
        self.reason = reason

    @property
    def rejection(self) -> Rejection:
        return Rejection(self.rule, self.reason)


class VerificationFailed(LibraryImportError):
    """The download is not the requested book (wrong length, unreadable audio): blocklist it."""

    code = "VerificationFailed"


class ImportRetryable(LibraryImportError):
    """Nothing to import yet, or a filesystem hiccup: try the same download again later."""

    code = "ImportRetryable"


class ImportFailed(LibraryImportError):
    """A permanent problem (bad template, missing tool): retrying will not help."""

    code = "ImportFailed"


def classify_os_error(exc: OSError, action: str) -> LibraryImportError:
    """Turn a filesystem error during `action` into a retryable or a permanent outcome."""
    where = f" ({exc.filename})" if exc.filename else ""
    detail = exc.strerror or str(exc)
    reason = f"Could not {action}{where}: {detail}"
    if exc.errno in _TRANSIENT_ERRNOS:
        return ImportRetryable(ImportRule.FILESYSTEM_TRANSIENT, reason)
    return ImportFailed(ImportRule.FILESYSTEM_FAILED, reason)
