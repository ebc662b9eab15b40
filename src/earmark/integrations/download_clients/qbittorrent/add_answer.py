"""What qBittorrent's `torrents/add` answered, for both generations of the Web API.

Up to qBittorrent 5.1 (Web API < 2.14) the body is the text `Ok.` (at least one torrent added)
or `Fails.` (none), always with HTTP 200. From qBittorrent 5.2 (Web API 2.14) it is JSON
`{"success_count", "pending_count", "failure_count", "added_torrent_ids"}`: HTTP 200, or 202
while a torrent is still pending (a URL being fetched), and HTTP 409 with the same JSON when every
torrent failed (a duplicate among them). qbittorrent-api returns the text as `str`, the JSON as a
mapping, and raises Conflict409Error for the 409.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ACCEPTED_TEXT = "Ok."
REFUSED_TEXT = "Fails."


@dataclass(frozen=True)
class AddAnswer:
    accepted: bool
    description: str


def _count(answer: Mapping[str, object], key: str) -> int:
    value = answer.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def read_add_answer(answer: object) -> AddAnswer | None:
    """The verdict of one `torrents/add` answer, or None when it is in neither known shape."""
    if isinstance(answer, Mapping):
        if not {"success_count", "failure_count"} <= answer.keys():
            return None
        added, pending = _count(answer, "success_count"), _count(answer, "pending_count")
        failed = _count(answer, "failure_count")
        description = f"{added} added, {pending} pending, {failed} failed"
        return AddAnswer(accepted=added + pending > 0, description=description)
    text = str(answer).strip()
    if text == ACCEPTED_TEXT:
        return AddAnswer(accepted=True, description=f"it answered '{ACCEPTED_TEXT}'")
    if text == REFUSED_TEXT:
        return AddAnswer(accepted=False, description=f"it answered '{REFUSED_TEXT}'")
    return None
