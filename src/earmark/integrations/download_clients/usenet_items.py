"""What SABnzbd and NZBGet report, in the shape monitoring reads for every client."""

from __future__ import annotations

from typing import Any

from earmark.integrations.download_clients.protocol import DownloadItem


def usenet_item(job_id: str, **fields: Any) -> DownloadItem:
    """A usenet job as a `DownloadItem`: the job id where torrents keep their info-hash, and no
    peers, ratio or seeding; `fields` give what the client reported."""
    defaults: dict[str, Any] = {
        "download_speed_bps": 0,
        "eta_seconds": None,
        "seeders_connected": 0,
        "seeders_available": 0,
        "ratio": 0.0,
        "seeding_time_seconds": 0,
        "content_path": "",
        "save_path": "",
        "added_at": None,
        "completed_at": None,
    }
    return DownloadItem(**{**defaults, "info_hash": job_id, **fields})
