"""Fetching a .torrent or .nzb from a link an admin pasted (a tracker's or indexer's page).

A bounded number of redirects, each with a timeout; a redirect to a magnet ends there. The
response is read up to the attached-file limit. Failures become one sentence for the admin.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import httpx

from earmark.core.errors import InvalidInput, UpstreamFailed
from earmark.downloads.attached import MAX_FILE_BYTES, HandFound, from_file, from_magnet

TIMEOUT_SECONDS = 15.0
MAX_REDIRECTS = 5


def _read_limited(response: httpx.Response) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise InvalidInput(f"The link gives more than {MAX_FILE_BYTES // 1024} KiB.")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch_release_link(url: str) -> HandFound:
    host = urlsplit(url).hostname or url
    name = urlsplit(url).path.rsplit("/", 1)[-1] or "release"
    try:
        with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False) as client:
            for _ in range(MAX_REDIRECTS + 1):
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        if location.lower().startswith("magnet:"):
                            return from_magnet(location)
                        url = urljoin(url, location)
                        continue
                    if response.status_code >= 400:
                        raise UpstreamFailed(
                            f"{host} answered {response.status_code} for that link; "
                            "check it in a browser, or upload the file instead."
                        )
                    return from_file(name, _read_limited(response))
    except httpx.HTTPError as exc:
        raise UpstreamFailed(
            f"Could not download the link from {host} ({type(exc).__name__}); "
            "upload the file instead."
        ) from exc
    raise UpstreamFailed(f"{host} redirected more than {MAX_REDIRECTS} times.")
