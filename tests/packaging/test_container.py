"""The container image answers from the image: health, a page and its scripts, and its ffmpeg.

`scripts/test.sh` builds the image (`scripts/container-build.sh`, IMAGE=localhost/earmark:test)
before the suite enters its network namespace: the build fetches Debian and PyPI packages. It is
labelled with a hash of what goes into it, so this test runs on an image of the current sources
or not at all: without one it skips with the command to run, except when `scripts/test.sh` made
the build (EARMARK_CONTAINER_BUILD_LOG is set), where a missing image is a failure showing the
build's log. `podman run` does not work in this sandbox, so the image is started the way
/work/shared/reference/real-components.md §7 found to work: `buildah run --isolation chroot
--network host` on a working container made from the built image, through the image's own
entrypoint (which drops to PUID:PGID) and its HEALTHCHECK command.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from earmark.demo.parts.processes import free_port
from tests.harness.programs import require_programs

pytestmark = pytest.mark.container
REPO = Path(__file__).resolve().parents[2]
IMAGE = "localhost/earmark:test"
STARTUP_TIMEOUT_SECONDS = 90.0
ASSET_PATTERN = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+\.(?:js|css))"')


def _run(*argv: str, timeout: float = 120) -> str:
    return subprocess.run(argv, check=True, capture_output=True, text=True, timeout=timeout).stdout


@pytest.fixture(scope="module")
def container() -> Iterator[str]:
    require_programs(("podman", "buildah"), "the container tools (scripts/system-deps.sh)")
    expected = _run("bash", str(REPO / "scripts" / "container-build.sh"), "--hash").strip()
    label = '{{index .Labels "earmark.source-hash"}}'
    found = subprocess.run(
        ["podman", "image", "inspect", "--format", label, IMAGE],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    ).stdout.strip()
    if found != expected:
        problem = (
            f"no {IMAGE} built from the current sources (label {found or 'none'}, want {expected})"
        )
        if build_log := os.environ.get("EARMARK_CONTAINER_BUILD_LOG"):
            log = Path(build_log)
            output = log.read_text()[-4000:] if log.exists() else "(no log)"
            pytest.fail(f"{problem}; scripts/container-build.sh said:\n{output}")
        pytest.skip(f"{problem}: run `IMAGE={IMAGE} bash scripts/container-build.sh` first")
    name = _run("buildah", "from", "--pull-never", IMAGE).strip()
    try:
        yield name
    finally:
        _run("buildah", "rm", name)


def _in_image(container: str, *argv: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["buildah", "run", "--isolation", "chroot", container, "--", *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_image_declares_its_healthcheck_volume_and_data_dir(container: str) -> None:
    healthcheck = _run("podman", "image", "inspect", "--format", "{{json .HealthCheck}}", IMAGE)
    assert "/usr/local/bin/earmark-healthcheck" in healthcheck
    config = _run("podman", "image", "inspect", "--format", "{{json .Config}}", IMAGE)
    assert '"/config":{}' in config
    assert "EARMARK_DATA_DIR=/config" in config


def test_earmark_from_the_image_answers_health_a_page_and_its_scripts(container: str) -> None:
    port = free_port()
    server = subprocess.Popen(
        [
            "buildah",
            "run",
            "--isolation",
            "chroot",
            "--network",
            "host",
            "--env",
            f"EARMARK_PORT={port}",
            container,
            "--",
            "/usr/local/bin/earmark-entrypoint",
            "earmark",
            "serve",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, server)
        with httpx.Client(base_url=url, timeout=10, follow_redirects=True) as client:
            page = client.get("/login")
            assert page.status_code == 200
            assets = set(ASSET_PATTERN.findall(page.text))
            assert any(a.endswith("/vendor/htmx.min.js") for a in assets)
            for asset in assets:
                assert client.get(asset).status_code == 200, asset
        healthcheck = subprocess.run(
            [
                "buildah",
                "run",
                "--isolation",
                "chroot",
                "--network",
                "host",
                "--env",
                f"EARMARK_PORT={port}",
                container,
                "--",
                "/opt/earmark/bin/python",
                "/usr/local/bin/earmark-healthcheck",
            ],
            check=False,
            capture_output=True,
            timeout=60,
        )
        assert healthcheck.returncode == 0, healthcheck.stderr
        owners = _run(
            "buildah",
            "run",
            "--isolation",
            "chroot",
            container,
            "--",
            "stat",
            "-c",
            "%u:%g %n",
            "/config/earmark.db",
            "/config/encryption.key",
        )
        assert all(line.startswith("1000:1000 ") for line in owners.splitlines()), owners
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for_health(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            output = server.stdout.read().decode(errors="replace") if server.stdout else ""
            pytest.fail(f"the container's earmark exited with {server.returncode}:\n{output}")
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    pytest.fail("earmark in the container did not answer /api/health")


def test_ffmpeg_and_ffprobe_in_the_image_make_and_measure_audio(container: str) -> None:
    """The image carries only the libraries ffmpeg loads: it encodes MP3 and AAC, and probes them."""
    for name, codec in (("tone.mp3", "libmp3lame"), ("tone.m4b", "aac")):
        made = _in_image(
            container,
            *("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "sine=duration=2"),
            *("-c:a", codec, "-metadata", "title=Tone", "-y", f"/tmp/{name}"),
        )
        assert made.returncode == 0, made.stderr
        probed = _in_image(
            container,
            *("ffprobe", "-v", "error", "-show_entries", "format=duration"),
            *("-of", "default=noprint_wrappers=1:nokey=1", f"/tmp/{name}"),
        )
        assert probed.returncode == 0, probed.stderr
        assert abs(float(probed.stdout) - 2.0) < 0.2, probed.stdout
