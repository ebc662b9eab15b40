"""Labels (Earmark's categories) on both RPC generations, through transmission-rpc and a fake.

RPC 17 (Transmission 4.x) takes `labels` in torrent-add; RPC 16 (3.00, the installed daemon,
covered for real in test_transmission_real.py) ignores them there and needs torrent-set.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from pydantic import SecretStr

from earmark.demo.fakes.server import serve_app
from earmark.integrations.download_clients import MagnetLink
from earmark.integrations.download_clients.transmission.client import TransmissionClient
from earmark.integrations.download_clients.transmission.settings import TransmissionSettings
from tests.fakes.transmission import TransmissionControls, build_transmission_app

INFO_HASH = "0123456789abcdef0123456789abcdef01234567"
MAGNET = f"magnet:?xt=urn:btih:{INFO_HASH}&dn=Author+-+Book"


@pytest.fixture(params=[17, 16], ids=["rpc17", "rpc16"])
def fake(
    request: pytest.FixtureRequest,
) -> Iterator[tuple[TransmissionControls, TransmissionClient]]:
    controls = TransmissionControls(rpc_version=request.param)
    with serve_app(build_transmission_app(controls)) as url, httpx.Client() as http:
        settings = TransmissionSettings(
            url=f"{url}/transmission/rpc",
            username=controls.username,
            password=SecretStr(controls.password),
        )
        yield controls, TransmissionClient(settings, http)


def test_the_category_becomes_the_torrents_label(
    fake: tuple[TransmissionControls, TransmissionClient],
) -> None:
    controls, adapter = fake

    assert adapter.add(MagnetLink(MAGNET), "audiobooks", "/downloads/books") == INFO_HASH

    item = adapter.info(INFO_HASH)
    assert item is not None and item.category == "audiobooks"
    methods = [method for method, _ in controls.calls]
    if controls.rpc_version >= 17:
        assert "torrent-set" not in methods
        assert next(a for m, a in controls.calls if m == "torrent-add")["labels"] == ["audiobooks"]
    else:
        assert "labels" not in next(a for m, a in controls.calls if m == "torrent-add")
        assert ("torrent-set", {"ids": [INFO_HASH], "labels": ["audiobooks"]}) in controls.calls
