"""The built wheel is the whole product: installed into a fresh venv with no source checkout and no
npm, `earmark serve` answers every page's scripts and stylesheets.

The wheel is built from a copy of the sources (so no build output lands in the tree) and installed
with `--no-deps --no-index`; the fresh venv borrows the dependencies already installed in this
test run's environment through a path file (the suite runs without network). The server runs from
an empty directory, and the test checks that `earmark` is imported from the fresh venv's
site-packages, not from `src/`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
import venv
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser

from tests.harness.processes import free_port

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("src", "pyproject.toml", "README.md")
STARTUP_TIMEOUT_SECONDS = 60.0
ASSET_PATTERN = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+\.(?:js|css))"')


def _build_wheel(workdir: Path) -> Path:
    source = workdir / "source"
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(
                REPO / name,
                source / name,
                ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
            )
        else:
            shutil.copy2(REPO / name, source / name)
    dist = workdir / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(dist),
            str(source),
        ],
        check=True,
        timeout=180,
    )
    (wheel,) = dist.glob("earmark-*.whl")
    return wheel


def _fresh_venv(workdir: Path, wheel: Path) -> Path:
    env_dir = workdir / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout.strip()
    )
    # Dependencies only: this environment's site-packages, appended after the venv's own.
    (site / "zz-borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        timeout=180,
    )
    return env_dir


@pytest.fixture(scope="module")
def installed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    workdir = tmp_path_factory.mktemp("wheel")
    env_dir = _fresh_venv(workdir, _build_wheel(workdir))
    run_dir = workdir / "run"
    run_dir.mkdir()
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(run_dir),
        "EARMARK_DATA_DIR": str(run_dir / "data"),
    }
    log = (workdir / "serve.log").open("wb")
    process = subprocess.Popen(
        [
            str(env_dir / "bin" / "earmark"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-worker",
        ],
        cwd=run_dir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, process, workdir / "serve.log")
        yield url, env_dir
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _wait_for_health(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"earmark serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    pytest.fail(f"earmark serve did not answer /api/health:\n{log.read_text()}")


def test_earmark_is_imported_from_the_installed_wheel(installed_server: tuple[str, Path]) -> None:
    _, env_dir = installed_server
    located = subprocess.run(
        [str(env_dir / "bin" / "python"), "-c", "import earmark; print(earmark.__file__)"],
        cwd=env_dir,
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout.strip()
    assert Path(located).is_relative_to(env_dir)
    vendor = Path(located).parent / "web" / "static" / "vendor"
    assert {"htmx.min.js", "alpine.min.js", "htmx.LICENSE.txt", "alpine.LICENSE.txt"} <= {
        path.name for path in vendor.iterdir()
    }


@pytest.mark.parametrize("page", ["/login", "/setup"])
def test_every_script_and_stylesheet_of_a_page_answers(
    installed_server: tuple[str, Path], page: str
) -> None:
    url, _ = installed_server
    with httpx.Client(base_url=url, timeout=10, follow_redirects=True) as client:
        html = client.get(page)
        assert html.status_code == 200
        assets = set(ASSET_PATTERN.findall(html.text))
        assert any(asset.endswith("/vendor/htmx.min.js") for asset in assets), html.text[:500]
        assert any(asset.endswith("/vendor/alpine.min.js") for asset in assets)
        for asset in sorted(assets):
            answer = client.get(asset)
            assert answer.status_code == 200, asset
            assert answer.content, asset


@pytest.mark.browser
def test_the_installed_wheel_runs_htmx_and_alpine_in_a_browser(
    installed_server: tuple[str, Path], browser: Browser
) -> None:
    """The scripts do not only answer 200: Chromium loads and runs them (no console errors)."""
    url, _ = installed_server
    page = browser.new_page()
    try:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("requestfailed", lambda request: errors.append(request.url))
        page.goto(f"{url}/login", wait_until="networkidle")
        loaded = page.evaluate("() => [typeof window.htmx, typeof window.Alpine]")
    finally:
        page.close()
    assert loaded == ["object", "object"]
    assert errors == []
