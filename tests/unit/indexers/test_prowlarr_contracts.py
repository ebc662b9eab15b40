"""Earmark's Prowlarr parsers on the real-shaped samples in src/earmark/demo/fakes/prowlarr_samples/."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from earmark.demo.fakes.prowlarr import contract_sample
from earmark.integrations.indexers import IndexersUnavailable, Release
from earmark.integrations.indexers.prowlarr.api import ProwlarrApi
from earmark.integrations.indexers.prowlarr.parsing import (
    release_from_json,
    releases_from_torznab,
    without_api_key,
)
from earmark.integrations.indexers.prowlarr.settings import ProwlarrSettings

SAMPLE_KEY = "0123456789abcdef0123456789abcdef"


def _search_sample() -> dict[str, Release]:
    parsed = (release_from_json(raw) for raw in contract_sample("search.json"))
    return {release.indexer: release for release in parsed if release is not None}


def test_search_sample_links_lose_the_api_key_and_keep_the_rest() -> None:
    torrent = _search_sample()["AudioBookBay"]

    assert torrent.download_url == (
        "http://localhost:9696/1/download?link=Q2ZESjhGb2JpX1BkS3pBWHR2Zk"
        "&file=Andy%20Weir%20-%20Project%20Hail%20Mary%20%5BM4B%5D%20%28Ray%20Porter%29"
    )
    assert torrent.magnet_url is not None and SAMPLE_KEY not in torrent.magnet_url
    assert torrent.flags == ("freeleech",) and torrent.protocol == "torrent"
    assert (torrent.seeders, torrent.leechers, torrent.size_bytes) == (33, 4, 734003200)


def test_search_sample_magnet_only_release_has_only_the_magnet_proxy_link() -> None:
    magnet_only = _search_sample()["MagnetOnly"]

    assert magnet_only.download_url is None
    assert magnet_only.magnet_url is not None
    assert magnet_only.magnet_url.startswith("http://localhost:9696/2/download?link=")


def test_search_sample_usenet_release_is_usenet() -> None:
    usenet = _search_sample()["NZBgeek"]

    assert usenet.protocol == "usenet" and usenet.seeders is None and usenet.magnet_url is None
    assert usenet.grabs == 12 and usenet.publish_date is not None


def test_torznab_sample_is_a_torrent_release_without_the_key() -> None:
    (release,) = releases_from_torznab(contract_sample("torznab-feed.xml"), 1)

    assert release.protocol == "torrent" and release.indexer == "AudioBookBay"
    assert (release.seeders, release.leechers) == (33, 4)
    assert release.flags == ("freeleech",) and release.categories == (3030,)
    assert release.download_url is not None and SAMPLE_KEY not in release.download_url


def test_newznab_sample_is_a_usenet_release_though_its_link_has_no_nzb_suffix() -> None:
    (release,) = releases_from_torznab(contract_sample("newznab-feed.xml"), 3)

    assert release.protocol == "usenet" and release.seeders is None and release.grabs == 12
    assert release.title == "Andy.Weir.Project.Hail.Mary.Unabridged.M4B"
    assert release.download_url is not None and SAMPLE_KEY not in release.download_url


def test_newznab_attributes_without_an_enclosure_type_still_mean_usenet() -> None:
    body = contract_sample("newznab-feed.xml").replace(b' type="application/x-nzb"', b"")

    (release,) = releases_from_torznab(body, 3)

    assert release.protocol == "usenet"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "http://p:9696/1/download?apikey=K&link=L&file=F",
            "http://p:9696/1/download?link=L&file=F",
        ),
        ("http://p/1/download?link=L&APIKEY=K", "http://p/1/download?link=L"),
        ("https://p/1/download?apikey=K", "https://p/1/download"),
        ("magnet:?xt=urn:btih:abc&apikey=K", "magnet:?xt=urn:btih:abc&apikey=K"),
        ("http://p/x?file=a%20b#frag", "http://p/x?file=a%20b#frag"),
    ],
)
def test_without_api_key(url: str, expected: str) -> None:
    assert without_api_key(url) == expected


def _api_answering(status: int, body: Any) -> ProwlarrApi:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body)

    settings = ProwlarrSettings(url="http://localhost:9696/", api_key=SecretStr(SAMPLE_KEY))
    return ProwlarrApi(httpx.Client(transport=httpx.MockTransport(answer)), settings)


@pytest.mark.parametrize(
    ("sample", "message"),
    [
        (
            "search-400-unavailable.json",
            "Search failed due to all selected indexers being unavailable",
        ),
        ("search-400-validation.json", "Indexer 7 is disabled"),
    ],
)
def test_search_400_samples_raise_indexers_unavailable_with_prowlarrs_words(
    sample: str, message: str
) -> None:
    api = _api_answering(400, contract_sample(sample))

    with pytest.raises(IndexersUnavailable) as raised:
        api.search("Dune", (3030,), (1,))

    assert raised.value.message == f"Prowlarr: {message}" and raised.value.transient


def test_search_sample_is_read_as_a_list_of_results() -> None:
    api = _api_answering(200, contract_sample("search.json"))

    assert len(api.search("Dune", (3030,), (1, 2, 3))) == 3
