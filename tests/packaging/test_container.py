"""The container image builds and answers from the image: health, a page and its scripts.

Runs only with EARMARK_CONTAINER_TESTS=1 where podman, buildah and mmdebstrap are installed (they
are not in scripts/system-deps.sh: the build takes about three minutes here and needs the package
registries, which `make test`'s network namespace shuts out): `EARMARK_CONTAINER_TESTS=1
.venv/bin/python -m pytest tests/packaging/test_container.py`. `podman run` does not work in this sandbox, so the
image is started the way /work/shared/reference/real-components.md §7 found to work: `buildah run
--isolation chroot --network host` on a working container made from the built image, through the
image's own entrypoint (which drops to PUID:PGID) and its HEALTHCHECK command.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from earmark.demo.parts.processes import free_port

pytestmark = pytest.mark.container
REPO = Path(__file__).resolve().parents[2]
IMAGE = "localhost/earmark:test"
BUILD_TIMEOUT_SECONDS = 1200
STARTUP_TIMEOUT_SECONDS = 90.0
ASSET_PATTERN = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+\.(?:js|css))"')


def _run(*argv: str, timeout: float = 120) -> str:
    return subprocess.run(argv, check=True, capture_output=True, text=True, timeout=timeout).stdout


@pytest.fixture(scope="module")
def container() -> Iterator[str]:
    if not os.environ.get("EARMARK_CONTAINER_TESTS"):
        pytest.skip(
            "set EARMARK_CONTAINER_TESTS=1 to build the image: the build fetches Debian and PyPI "
            "packages, and `make test` runs without a network"
        )
    missing = [tool for tool in ("podman", "buildah", "mmdebstrap") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)}")
    built = subprocess.run(
        ["bash", "scripts/container-build.sh"],
        cwd=REPO,
        env={"IMAGE": IMAGE, "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
        | ({"PIP_CERT": cert} if (cert := _pip_cert()) else {}),
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_SECONDS,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-4000:]
    print(built.stdout.strip().splitlines()[-1])  # the image size, for the report
    name = _run("buildah", "from", "--pull-never", IMAGE).strip()
    try:
        yield name
    finally:
        _run("buildah", "rm", name)


def _pip_cert() -> str | None:
    """The host's CA bundle when pip is told to use one (a TLS-intercepting proxy)."""
    return os.environ.get("PIP_CERT")


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
