"""Request statuses are spelled only in requests/states.py.

Other vocabularies share some words (job statuses, download statuses, download-client states,
event levels, the catalog's request state), so the scan is in two parts:
- a word that only a request status uses may not be quoted anywhere in src/;
- request-related code (modules importing earmark.requests, the web layer, templates, scripts)
  may not quote any request status, shared words included, except the listed other-vocabulary uses.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import get_args

from earmark.catalog.schemas import RequestStateName
from earmark.downloads.models import DownloadStatus
from earmark.integrations.download_clients.protocol import DownloadState
from earmark.queue.models import EVENT_LEVELS, JOB_STATUSES
from earmark.requests.states import AudiobookStatus, RequestStatus

SRC = Path(__file__).resolve().parents[3] / "src" / "earmark"
STATES = Path("requests/states.py")

REQUEST_WORDS = frozenset(status.value for status in RequestStatus)
OTHER_VOCABULARIES = (
    frozenset(s.value for s in DownloadStatus)
    | frozenset(s.value for s in AudiobookStatus)
    | frozenset(JOB_STATUSES)
    | frozenset(EVENT_LEVELS)
    | frozenset(get_args(DownloadState))
    | frozenset(get_args(RequestStateName))
)
REQUEST_ONLY_WORDS = REQUEST_WORDS - OTHER_VOCABULARIES

# Files outside the request vocabulary that legitimately quote a shared word.
OTHER_VOCABULARY_USES = {
    ("catalog/schemas.py", "available"): "the catalog's RequestState name",
    ("catalog/service.py", "available"): "the catalog's RequestState name",
    ("web/templates/macros.html", "available"): "the catalog's RequestState name",
    ("web/templates/admin/jobs.html", "pending"): "a job status",
    ("web/templates/admin/jobs.html", "failed"): "a job status",
    ("requests/notify.py", "downloading"): "a notification event (NotificationEvent)",
    ("requests/notify.py", "available"): "a notification event (NotificationEvent)",
    ("requests/notify.py", "failed"): "a notification event (NotificationEvent)",
    ("requests/notify.py", "declined"): "a notification event (NotificationEvent)",
    ("series/schemas.py", "available"): "a series shelf state (ShelfState)",
    ("series/listing.py", "available"): "a series shelf state (ShelfState)",
    ("web/pages_series.py", "available"): "a series shelf state (ShelfState)",
    ("users/errors.py", "cancelled"): "an OpenID sign-in failure reason",
    ("users/oidc_login.py", "cancelled"): "an OpenID sign-in failure reason",
    ("ebooks/states.py", "searching"): "an ebook companion status (EbookStatus)",
}


def python_literals(source: str) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def quoted_words(source: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(source.splitlines(), start=1):
        for match in re.finditer(r"""(["'])([a-z_]+)\1""", line):
            yield number, match.group(2)


def imports_requests(source: str) -> bool:
    return any(
        isinstance(node, ast.ImportFrom) and (node.module or "").startswith("earmark.requests")
        for node in ast.walk(ast.parse(source))
    )


def literals_in(path: Path) -> list[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return list(python_literals(source))
    return list(quoted_words(source))


def is_request_related(path: Path, relative: str) -> bool:
    if path.suffix != ".py":
        return True  # templates and scripts: the web layer
    if relative.startswith(("requests/", "web/")):
        return True
    return imports_requests(path.read_text(encoding="utf-8"))


def violations(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*")):
        inside = path.relative_to(root)
        if (
            path.suffix not in {".py", ".html", ".js"}
            or inside == STATES
            or "vendor" in inside.parts
        ):
            continue
        relative = inside.as_posix()
        related = is_request_related(path, relative)
        for line, word in sorted(literals_in(path)):
            if (relative, word) in OTHER_VOCABULARY_USES:
                continue
            if word in REQUEST_ONLY_WORDS or (related and word in REQUEST_WORDS):
                found.append(f"{relative}:{line}: '{word}'")
    return found


def test_request_status_literals_live_only_in_states_module() -> None:
    assert violations(SRC) == []


def test_scan_flags_a_status_spelled_outside_states(tmp_path: Path) -> None:
    web = tmp_path / "web"
    web.mkdir()
    (web / "view.py").write_text('WAITING = ("awaiting_search", "x")\nDONE = "failed"\n')
    (web / "card.html").write_text("{% if r.status == 'cancelled' %}{% endif %}\n")
    (tmp_path / "queue.py").write_text('JOB = "failed"\nODD = "awaiting_import"\n')
    (tmp_path / "requests").mkdir()
    (tmp_path / "requests" / "states.py").write_text('PENDING = "pending"\n')
    assert violations(tmp_path) == [
        "queue.py:2: 'awaiting_import'",
        "web/card.html:1: 'cancelled'",
        "web/view.py:1: 'awaiting_search'",
        "web/view.py:2: 'failed'",
    ]


def test_request_only_words_are_the_unshared_statuses() -> None:
    assert {"searching", "awaiting_search", "awaiting_import", "downloaded", "cancelled"} <= (
        REQUEST_ONLY_WORDS
    )
    assert "pending" not in REQUEST_ONLY_WORDS  # a job status too
