"""ProwlarrClient against the fake Prowlarr over real HTTP on loopback."""

from __future__ import annotations

import hashlib

import httpx
import pytest

from earmark.demo.fakes.prowlarr import FakeProwlarr, FakeRelease
from earmark.demo.fakes.server import free_port, serve_app
from earmark.integrations.errors import ApiChanged, AuthFailed, RateLimited, Unreachable
from earmark.integrations.indexers import IndexersUnavailable
from earmark.integrations.indexers.prowlarr.client import ProwlarrClient
from earmark.integrations.indexers.variants import query_variants, search_book
from tests.integration.indexers.conftest import make_client

MAGNET = "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=Project+Hail+Mary"


def torrent_bytes(name: str) -> bytes:
    pieces = hashlib.sha1(name.encode()).digest()
    info = b"d6:lengthi1048576e4:name%d:%s12:piece lengthi262144e6:pieces20:%se" % (
        len(name), name.encode(), pieces,
    )  # fmt: skip
    return b"d8:announce30:http://127.0.0.1:6969/announce4:info" + info + b"e"


def test_search_sends_repeated_params_and_key_header(
    prowlarr: tuple[FakeProwlarr, str], client: ProwlarrClient
) -> None:
    fake, _ = prowlarr
    fake.add_release(FakeRelease("Andy Weir - Project Hail Mary [M4B]", 1, file_id="phm"))
    fake.add_release(FakeRelease("Andy Weir - Project Hail Mary MP3", 3, file_id="other"))

    found = client.search("Project Hail Mary", (3030, 3040), (1, 2))

    assert [r.title for r in found] == ["Andy Weir - Project Hail Mary [M4B]"]
    params = fake.search_calls[-1]
    assert ("categories", "3030") in params and ("categories", "3040") in params
    assert [v for k, v in params if k == "indexerIds"] == ["1", "2"]
    assert ("query", "Project Hail Mary") in params


def test_search_result_fields_are_mapped(
    prowlarr: tuple[FakeProwlarr, str], client: ProwlarrClient
) -> None:
    fake, base_url = prowlarr
    fake.add_release(
        FakeRelease("Dune - Frank Herbert M4B", 2, size_bytes=900_000_000, seeders=33,
                    leechers=4, file_id="dune", flags=("freeleech",), info_hash="ABCDEF")
    )  # fmt: skip

    (release,) = client.search("Dune", (3030,), (2,))

    assert release.indexer == "MyAnonamouse" and release.indexer_id == 2
    assert (release.size_bytes, release.seeders, release.leechers) == (900_000_000, 33, 4)
    # A proxy link to Prowlarr, without the API key (it travels as a header instead).
    assert release.download_url is not None
    assert release.download_url.startswith(f"{base_url}/2/download?link=")
    assert "apikey" not in release.download_url and release.magnet_url is None
    assert release.flags == ("freeleech",) and release.info_hash == "abcdef"
    assert release.publish_date is not None and release.publish_date.year == 2024
    assert release.categories == (3030,) and release.protocol == "torrent"


def test_search_without_indexer_ids_returns_nothing(
    prowlarr: tuple[FakeProwlarr, str], client: ProwlarrClient
) -> None:
    fake, _ = prowlarr
    fake.add_release(FakeRelease("Dune", 1, file_id="dune"))

    assert client.search("Dune", (3030,), ()) == []
    assert fake.search_calls == []


def test_search_book_runs_both_variants_and_dedupes_by_guid(
    prowlarr: tuple[FakeProwlarr, str], client: ProwlarrClient
) -> None:
    fake, _ = prowlarr
    fake.add_release(FakeRelease("Project Hail Mary - Andy Weir", 1, file_id="a", guid="g1"))
    fake.add_release(FakeRelease("Project Hail Mary (2021)", 1, file_id="b", guid="g2"))

    found = search_book(client, "Project Hail Mary", "Andy Weir", (3030,), (1,))

    assert [r.guid for r in found] == ["g1", "g2"]
    queries = [dict(call)["query"] for call in fake.search_calls]
    assert queries == ["Project Hail Mary Andy Weir", "Project Hail Mary"]


def test_query_variants_without_author_is_title_only() -> None:
    assert query_variants("  Dune ", None) == ["Dune"]


def test_search_with_wrong_key_raises_auth_failed(
    prowlarr: tuple[FakeProwlarr, str], http: httpx.Client
) -> None:
    client = make_client(http, prowlarr[1], api_key="wrong")

    with pytest.raises(AuthFailed, match=r"Prowlarr.*API key"):
        client.search("Dune", (3030,), (1,))


def test_connection_test_with_wrong_key_reports_auth_failure(
    prowlarr: tuple[FakeProwlarr, str], http: httpx.Client
) -> None:
    report = make_client(http, prowlarr[1], api_key="wrong").test()

    assert not report.ok
    assert report.details["error"] == "AuthFailed"
    assert "API key" in report.message


def test_connection_test_when_down_reports_unreachable(http: httpx.Client) -> None:
    client = make_client(http, f"http://127.0.0.1:{free_port()}")

    report = client.test()

    assert not report.ok and report.details["error"] == "Unreachable"
    assert "cannot connect" in report.message
    with pytest.raises(Unreachable):
        client.list_indexers()


def test_connection_test_ok_names_version_and_indexers(client: ProwlarrClient) -> None:
    report = client.test()

    assert report.ok
    assert "1.24.3" in report.message and "2 of 3 indexers enabled" in report.message


def test_list_indexers_maps_fields(client: ProwlarrClient) -> None:
    indexers = {item.id: item for item in client.list_indexers()}

    assert indexers[2].name == "MyAnonamouse" and indexers[2].priority == 10
    assert not indexers[3].enabled and indexers[1].supports_rss


def test_rss_parses_torznab_items(
    prowlarr: tuple[FakeProwlarr, str], client: ProwlarrClient
) -> None:
    fake, base_url = prowlarr
    fake.add_rss_item(FakeRelease("Dune [M4B]", 1, seeders=7, leechers=3, file_id="d",
                                  flags=("freeleech", "internal"), info_hash="AA11"))  # fmt: skip
    fake.add_rss_item(FakeRelease("Magnet only", 2, magnet_url=MAGNET))

    found = {r.title: r for r in client.rss((1, 2))}

    dune = found["Dune [M4B]"]
    assert (dune.seeders, dune.leechers, dune.indexer_id) == (7, 3, 1)
    assert dune.indexer == "AudioBookBay" and dune.protocol == "torrent"
    assert dune.download_url is not None and dune.download_url.startswith(f"{base_url}/1/download?")
    assert dune.flags == ("freeleech", "internal") and dune.info_hash == "aa11"
    assert dune.publish_date is not None and dune.publish_date.year == 2024
    magnet_only = found["Magnet only"]
    assert magnet_only.download_url is not None and "apikey" not in magnet_only.download_url
    assert client.fetch(magnet_only).magnet_url == MAGNET


def test_rss_of_a_usenet_indexer_gives_usenet_releases(
    prowlarr: tuple[FakeProwlarr, str], client: ProwlarrClient
) -> None:
    fake, _ = prowlarr
    fake.add_indexer(4, "NZBgeek", protocol="usenet")
    fake.add_rss_item(FakeRelease("Dune Unabridged", 4, protocol="usenet", file_id="nzb1"))

    (release,) = client.rss((4,))

    assert release.protocol == "usenet" and release.seeders is None
    assert release.download_url is not None and not release.download_url.endswith(".nzb")


def test_rss_skips_a_failing_feed(
    prowlarr: tuple[FakeProwlarr, str], client: ProwlarrClient
) -> None:
    fake, _ = prowlarr
    fake.add_rss_item(FakeRelease("Dune [M4B]", 1, file_id="d"))
    fake.indexers[2].blocked = True  # its feed answers 429 with an <error> document

    assert [r.title for r in client.rss((1, 2))] == ["Dune [M4B]"]


def test_fetch_returns_torrent_bytes_with_key_on_prowlarr_host(
    prowlarr: tuple[FakeProwlarr, str], client: ProwlarrClient
) -> None:
    fake, _ = prowlarr
    fake.add_file("phm", torrent_bytes("phm.m4b"))
    fake.add_release(FakeRelease("Project Hail Mary", 1, file_id="phm"))
    (release,) = client.search("Project Hail Mary", (3030,), (1,))

    result = client.fetch(release)

    assert result.kind == "torrent" and result.content == torrent_bytes("phm.m4b")
    assert fake.download_headers[-1]["x-api-key"] == "prowlarr-test-key"


def test_fetch_refuses_a_redirect_away_from_prowlarr(
    prowlarr: tuple[FakeProwlarr, str], client: ProwlarrClient
) -> None:
    fake, _ = prowlarr
    other = FakeProwlarr(api_key="unrelated")
    other.add_indexer(1, "Tracker")
    other.add_file("x", torrent_bytes("x.m4b"))
    with serve_app(other.app()) as other_url:
        # The indexer has Prowlarr's "Redirect" option: the proxy link answers 301 elsewhere.
        fake.add_release(FakeRelease("Dune", 1, redirect_url=f"{other_url}/1/download?link=x"))
        (release,) = client.search("Dune", (3030,), (1,))
        with pytest.raises(ApiChanged, match="leads away from Prowlarr"):
            client.fetch(release)

    assert other.download_requests == []


def test_fetch_follows_the_magnet_only_proxy_link_to_the_magnet(
    prowlarr: tuple[FakeProwlarr, str], client: ProwlarrClient
) -> None:
    fake, base_url = prowlarr
    fake.add_release(FakeRelease("Dune", 1, magnet_url=MAGNET))
    (release,) = client.search("Dune", (3030,), (1,))
    assert release.download_url is None
    assert release.magnet_url is not None and release.magnet_url.startswith(base_url)

    result = client.fetch(release)

    assert result.kind == "magnet" and result.magnet_url == MAGNET
    assert fake.download_headers[-1]["x-api-key"] == "prowlarr-test-key"


def test_fetch_falls_back_to_the_magnet_link_when_the_file_is_gone(
    prowlarr: tuple[FakeProwlarr, str], client: ProwlarrClient
) -> None:
    fake, _ = prowlarr
    fake.add_release(FakeRelease("Dune", 1, file_id="gone", magnet_url=MAGNET))
    (release,) = client.search("Dune", (3030,), (1,))

    assert client.fetch(release).magnet_url == MAGNET


def test_search_when_every_indexer_is_blocked_raises_with_prowlarrs_message(
    prowlarr: tuple[FakeProwlarr, str], client: ProwlarrClient
) -> None:
    fake, _ = prowlarr
    fake.block_indexers()

    with pytest.raises(IndexersUnavailable, match="all selected indexers being unavailable") as e:
        client.search("Dune", (3030,), (1, 2))
    assert e.value.transient


def test_search_tolerates_a_trailing_slash_on_the_base_url(
    prowlarr: tuple[FakeProwlarr, str], http: httpx.Client
) -> None:
    fake, base_url = prowlarr
    fake.add_release(FakeRelease("Dune", 1, file_id="d"))

    assert [r.title for r in make_client(http, base_url + "/").search("Dune", (3030,), (1,))]
    # Like ASP.NET routing, a trailing slash on a path is the same route, not a redirect.
    answer = http.get(f"{base_url}/api/v1/system/status/", headers={"X-Api-Key": fake.api_key})
    assert answer.status_code == 200 and answer.json()["appName"] == "Prowlarr"


@pytest.mark.parametrize(("status", "error"), [(429, RateLimited), (503, Unreachable)])
def test_fetch_indexer_trouble_raises_transient_error(
    prowlarr: tuple[FakeProwlarr, str], client: ProwlarrClient, status: int, error: type[Exception]
) -> None:
    fake, _ = prowlarr
    fake.download_statuses["busy"] = status
    fake.add_release(FakeRelease("Dune", 1, file_id="busy"))
    (release,) = client.search("Dune", (3030,), (1,))

    with pytest.raises(error) as raised:
        client.fetch(release)
    assert getattr(raised.value, "transient", False)
