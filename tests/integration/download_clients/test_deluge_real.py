"""What the Deluge adapter does beyond the conformance suite, against real deluged + deluge-web:
connecting deluge-web to its daemon, turning the Label plugin on, and the plain errors for a
Web UI without a daemon and for an address that is not Deluge at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from earmark.demo.parts.daemons import Opentracker
from earmark.demo.parts.deluge_daemon import DelugeDaemon
from earmark.demo.parts.processes import free_port, sockets_of
from earmark.integrations.download_clients.deluge.client import DelugeClient
from earmark.integrations.errors import ApiChanged, Unreachable
from tests.integration.download_clients.adapters import deluge_adapter

pytestmark = [pytest.mark.realparts, pytest.mark.timeout(60)]


def web_ui_call(daemon: DelugeDaemon, method: str, *params: Any) -> Any:
    """One call through a Web UI session of its own, as a person in the browser would make."""
    with httpx.Client(timeout=10) as browser:
        for name, arguments in (("auth.login", [daemon.password]), (method, list(params))):
            answer = browser.post(
                f"{daemon.url}/json", json={"method": name, "params": arguments, "id": 1}
            ).json()
            assert answer["error"] is None, answer
        return answer["result"]


@pytest.fixture
def deluge(deluge_daemon: DelugeDaemon, http_client: httpx.Client) -> DelugeClient:
    return deluge_adapter(deluge_daemon, http_client)


def test_adapter_connects_the_web_ui_again_after_it_lost_its_daemon(
    deluge: DelugeClient, deluge_daemon: DelugeDaemon
) -> None:
    assert deluge.test().ok
    web_ui_call(deluge_daemon, "web.disconnect")
    assert web_ui_call(deluge_daemon, "web.connected") is False

    report = deluge.test()

    assert report.ok, report.message
    assert report.message == "Connected to Deluge 2.0.3 (labels for categories)"
    assert deluge.info("0" * 40) is None
    assert web_ui_call(deluge_daemon, "web.connected") is True


def test_label_plugin_is_switched_on_and_categories_become_lower_case_labels(
    deluge: DelugeClient, deluge_daemon: DelugeDaemon
) -> None:
    deluge.ensure_category("Earmark Audiobooks", None)

    assert "Label" in web_ui_call(deluge_daemon, "core.get_enabled_plugins")
    assert "earmark-audiobooks" in web_ui_call(deluge_daemon, "label.get_labels")


def test_web_ui_without_a_running_daemon_says_so(
    bt_workdir: Path, http_client: httpx.Client
) -> None:
    lonely = DelugeDaemon(bt_workdir, bt_workdir / "unused", name="deluge-lonely")
    lonely.host_port = free_port()  # its Connection Manager names a daemon nobody started
    lonely.start_web_only()
    try:
        adapter = deluge_adapter(lonely, http_client)

        report = adapter.test()

        assert not report.ok and report.details["error"] == "Unreachable"
        assert "deluge-web is not connected to a Deluge daemon" in report.message
        with pytest.raises(Unreachable, match="start deluged"):
            adapter.info("0" * 40)
    finally:
        lonely.stop()


def test_an_address_that_is_not_deluge_is_named_as_such(
    tracker: Opentracker, http_client: httpx.Client
) -> None:
    not_deluge = DelugeDaemon(Path("/nonexistent"), Path("/nonexistent"), web_port=tracker.port)
    adapter = deluge_adapter(not_deluge, http_client)

    report = adapter.test()

    assert not report.ok and report.details["error"] == "ApiChanged"
    assert "does not answer like Deluge's Web UI" in report.message
    with pytest.raises(ApiChanged, match="Web UI's URL"):
        adapter.info("0" * 40)


def test_deluge_sockets_stay_on_loopback(deluge: DelugeClient, deluge_daemon: DelugeDaemon) -> None:
    assert deluge.test().ok  # the Web UI is connected to the daemon: both have sockets open
    for process in deluge_daemon.processes:
        sockets = sockets_of(process.pid)
        assert sockets, f"ss lists no sockets for {process.name} (pid {process.pid})"
        assert [str(s) for s in sockets if not s.on_loopback] == []
