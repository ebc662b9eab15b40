"""Prowlarr answers (search JSON, indexer JSON, Torznab/Newznab XML) turned into frozen records.

Release links are Prowlarr proxy links carrying its API key in `apikey=`; the key is removed here,
so no record, row, event or log line downstream ever holds it (the adapter sends the key as the
`X-Api-Key` header, to Prowlarr's host only). Samples of each shape, with the Prowlarr source
that writes it, are in src/earmark/demo/fakes/prowlarr_samples/.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from earmark.integrations.errors import ApiChanged
from earmark.integrations.indexers.protocol import IndexerInfo, Release, ReleaseProtocol
from earmark.integrations.indexers.prowlarr.settings import SERVICE

TORZNAB_NS = "{http://torznab.com/schemas/2015/feed}"
# Prowlarr writes a usenet indexer's feed with the newznab namespace (NewznabResults.ToXml).
NEWZNAB_NS = "{http://www.newznab.com/DTD/2010/feeds/attributes/}"
ENCLOSURE_PROTOCOLS: dict[str, ReleaseProtocol] = {
    "application/x-bittorrent": "torrent",
    "application/x-nzb": "usenet",
}
API_KEY_PARAMETER = "apikey"
_FRACTION_TOO_LONG = re.compile(r"(\.\d{6})\d+")


def release_from_json(raw: Mapping[str, Any]) -> Release | None:
    """A search result, or None when it has no link to download it by."""
    # Magnet-only trackers give no downloadUrl; magnetUrl is then a proxy link answering 301.
    download_url = without_api_key(_text(raw.get("downloadUrl")))
    magnet_url = without_api_key(_text(raw.get("magnetUrl")))
    if download_url is None and magnet_url is None:
        return None
    title = _text(raw.get("title")) or ""
    return Release(
        guid=_text(raw.get("guid")) or download_url or magnet_url or title,
        title=title,
        size_bytes=_int(raw.get("size")) or 0,
        seeders=_int(raw.get("seeders")),
        leechers=_int(raw.get("leechers")),
        indexer=_text(raw.get("indexer")) or "",
        indexer_id=_int(raw.get("indexerId")),
        protocol=_protocol(raw.get("protocol"), download_url),
        download_url=download_url,
        magnet_url=magnet_url,
        info_hash=_lower(raw.get("infoHash")),
        publish_date=_iso_date(raw.get("publishDate")),
        categories=tuple(_category_ids(raw.get("categories"))),
        # The JSON resource has no volume factors: flags arrive by name ("freeleech", ...).
        flags=_named_flags(raw.get("indexerFlags")),
        info_url=_text(raw.get("infoUrl")),
        grabs=_int(raw.get("grabs")),
    )


def indexer_from_json(raw: Mapping[str, Any]) -> IndexerInfo:
    return IndexerInfo(
        id=_int(raw.get("id")) or 0,
        name=_text(raw.get("name")) or "",
        protocol=_protocol(raw.get("protocol"), None),
        enabled=bool(raw.get("enable", False)),
        priority=_int(raw.get("priority")) or 25,
        supports_rss=bool(raw.get("supportsRss", False)),
        privacy=_text(raw.get("privacy")) or "unknown",
    )


def releases_from_torznab(xml_body: bytes, indexer_id: int) -> list[Release]:
    """Items of a Torznab (torrent) or Newznab (usenet) feed; items without a link are skipped."""
    try:
        # The stdlib parser resolves no external entities and its expat guards entity expansion.
        root = ET.fromstring(xml_body)  # noqa: S314
    except ET.ParseError as exc:
        raise ApiChanged(SERVICE, f"the feed of indexer {indexer_id} is not valid XML") from exc
    if root.tag == "error":
        raise ApiChanged(SERVICE, f"indexer {indexer_id} feed error: {root.get('description')}")
    items = (_torznab_item(item, indexer_id) for item in root.iter("item"))
    return [release for release in items if release is not None]


def without_api_key(url: str | None) -> str | None:
    """`url` without its `apikey` query parameter; everything else is kept byte for byte."""
    if url is None or "?" not in url or not url.lower().startswith(("http://", "https://")):
        return url
    base, _, rest = url.partition("?")
    query, hash_mark, fragment = rest.partition("#")
    kept = [
        part
        for part in query.split("&")
        if part and part.partition("=")[0].lower() != API_KEY_PARAMETER
    ]
    return base + ("?" + "&".join(kept) if kept else "") + hash_mark + fragment


def _nab_attrs(item: ET.Element) -> list[tuple[str, str]]:
    return [
        (attr.get("name", ""), attr.get("value", ""))
        for namespace in (TORZNAB_NS, NEWZNAB_NS)
        for attr in item.iter(f"{namespace}attr")
    ]


def _item_protocol(item: ET.Element, link: str | None, magnet_url: str | None) -> ReleaseProtocol:
    """The enclosure type says it (Prowlarr writes it from the indexer's protocol); failing
    that, newznab attributes mean usenet, a magnet means torrent, then the link's form."""
    enclosure = item.find("enclosure")
    declared = (enclosure.get("type") or "").lower() if enclosure is not None else ""
    if declared in ENCLOSURE_PROTOCOLS:
        return ENCLOSURE_PROTOCOLS[declared]
    if item.find(f"{NEWZNAB_NS}attr") is not None and item.find(f"{TORZNAB_NS}attr") is None:
        return "usenet"
    if magnet_url is not None:
        return "torrent"
    return _protocol(None, link)


def _torznab_item(item: ET.Element, indexer_id: int) -> Release | None:
    pairs = _nab_attrs(item)
    attrs = dict(pairs)
    tags = [value for name, value in pairs if name == "tag"]
    enclosure = item.find("enclosure")
    link = without_api_key(
        _text(item.findtext("link"))
        or (_text(enclosure.get("url")) if enclosure is not None else None)
    )
    magnet_url = without_api_key(_text(attrs.get("magneturl")))
    if link is None and magnet_url is None:
        return None
    seeders = _int(attrs.get("seeders"))
    peers = _int(attrs.get("peers"))
    return Release(
        guid=_text(item.findtext("guid")) or link or magnet_url or "",
        title=_text(item.findtext("title")) or "",
        size_bytes=_int(item.findtext("size")) or _int(attrs.get("size")) or 0,
        seeders=seeders,
        leechers=max(0, peers - (seeders or 0)) if peers is not None else None,
        indexer=_text(item.findtext("prowlarrindexer")) or "",
        indexer_id=indexer_id,
        protocol=_item_protocol(item, link, magnet_url),
        download_url=link,
        magnet_url=magnet_url,
        info_hash=_lower(attrs.get("infohash")),
        publish_date=_rfc822_date(item.findtext("pubDate")),
        categories=tuple(_category_ids(item.findtext("category") or attrs.get("category"))),
        flags=_flags(
            tags,
            attrs.get("downloadvolumefactor"),
            attrs.get("uploadvolumefactor"),
        ),
        info_url=_text(item.findtext("comments")),
        grabs=_int(attrs.get("grabs")),
    )


def _named_flags(raw_flags: Any) -> tuple[str, ...]:
    named = (flag.strip().lower() for flag in raw_flags or [] if isinstance(flag, str))
    return tuple(dict.fromkeys(flag for flag in named if flag))


def _flags(raw_flags: Any, download_factor: Any, upload_factor: Any) -> tuple[str, ...]:
    """Feed tags; only without them are the feed's volume factors read as flags."""
    named = _named_flags(raw_flags)
    if named:
        return named
    derived: list[str] = []
    download = _float(download_factor)
    if download is not None and download < 1:
        derived.append("freeleech" if download == 0 else "halfleech")
    upload = _float(upload_factor)
    if upload is not None and upload > 1:
        derived.append("doubleupload")
    return tuple(derived)


def _protocol(raw: Any, url: str | None) -> ReleaseProtocol:
    if isinstance(raw, str) and raw.lower() in ("torrent", "usenet"):
        return "usenet" if raw.lower() == "usenet" else "torrent"
    lowered = (url or "").lower()
    is_nzb = lowered.endswith(".nzb") or any(
        marker in lowered for marker in ("/nzb/", "&t=get", "/getnzb")
    )
    return "usenet" if is_nzb else "torrent"


def _category_ids(raw: Any) -> Iterable[int]:
    if isinstance(raw, str):
        yield from (int(part) for part in raw.split(",") if part.strip().isdigit())
        return
    for entry in raw or []:
        value = entry.get("id") if isinstance(entry, dict) else entry
        number = _int(value)
        if number is not None:
            yield number


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    stripped = value.strip()
    return stripped or None


def _lower(value: Any) -> str | None:
    text = _text(value)
    return text.lower() if text else None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _float(value: Any) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _iso_date(value: Any) -> datetime | None:
    text = _text(value)
    if text is None:
        return None
    # .NET writes 7 fractional digits; Python accepts at most 6.
    text = _FRACTION_TOO_LONG.sub(r"\1", text.replace("Z", "+00:00"))
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _rfc822_date(value: str | None) -> datetime | None:
    text = _text(value)
    if text is None:
        return None
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
