"""The built wheel is the whole product: installed into a fresh venv with no source checkout and no
npm, `earmark serve` answers every page's scripts and stylesheets and Chromium runs them, and
`earmark demo` starts from it.

The wheel is built from a copy of the sources (so no build output lands in the tree) and installed
as `earmark[demo]` with `--no-index`; the fresh venv borrows the dependencies already installed in
this test run's environment through a path file (the suite runs without network), so pip checks
that every declared dependency, the demo extra's too, is there without fetching anything. The
commands run from an empty directory, and the test checks that `earmark` is imported from the
fresh venv's site-packages, not from `src/`.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import venv
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from earmark.demo.command import DEMO_ADMIN
from earmark.demo.parts.processes import free_port
from earmark.demo.stack import required_programs
from tests.harness.programs import require_programs

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("src", "pyproject.toml", "README.md")
STARTUP_TIMEOUT_SECONDS = 90.0
ADMIN, ADMIN_PASSWORD = "admin", "wheel-admin-password"
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
            "--no-index",
            f"earmark[demo] @ {wheel.as_uri()}",
        ],
        check=True,
        timeout=180,
    )
    return env_dir


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = tmp_path_factory.mktemp("wheel")
    return _fresh_venv(workdir, _build_wheel(workdir))


@pytest.fixture(scope="module")
def installed_server(
    wheel_venv: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    env_dir = wheel_venv
    workdir = tmp_path_factory.mktemp("serve")
    run_dir = workdir / "run"
    run_dir.mkdir()
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(run_dir),
        "EARMARK_DATA_DIR": str(run_dir / "data"),
    }
    subprocess.run(
        [
            str(env_dir / "bin" / "earmark"),
            *("user", "create-admin", "--username", ADMIN, "--password", ADMIN_PASSWORD),
        ],
        cwd=run_dir,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
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
    """The scripts do not only answer 200: Chromium runs them. Alpine drives the sign-in form (a
    refused sign-in shows its error, the right password signs in), htmx swaps in what a request
    answers, and nothing fails."""
    url, _ = installed_server
    page = browser.new_page()
    try:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("requestfailed", lambda request: errors.append(request.url))
        page.goto(f"{url}/login", wait_until="networkidle")
        assert page.evaluate("() => [typeof window.htmx, typeof window.Alpine]") == [
            "object",
            "object",
        ]
        login_error = page.get_by_test_id("login-error")
        expect(login_error).to_be_hidden()
        page.fill("#username", ADMIN)
        page.fill("#password", "not-the-password")
        submit = page.locator("[data-testid=local-login] button[type=submit]")
        submit.click()
        expect(login_error).to_be_visible()
        expect(login_error).not_to_be_empty()
        page.fill("#password", ADMIN_PASSWORD)
        submit.click()
        page.wait_for_url(f"{url}/")
        page.evaluate(
            """() => {
                const probe = document.createElement("div");
                probe.id = "htmx-probe";
                probe.setAttribute("hx-get", "/api/health");
                probe.setAttribute("hx-trigger", "load");
                document.body.appendChild(probe);
                window.htmx.process(probe);
            }"""
        )
        expect(page.locator("#htmx-probe")).to_contain_text('"status"')
    finally:
        page.close()
    assert errors == []


@pytest.mark.realparts
def test_earmark_demo_from_the_installed_wheel_answers_a_page(
    wheel_venv: Path, tmp_path: Path
) -> None:
    """`earmark demo` needs no source checkout: its stand-ins ship in the package. It is stopped
    once its Earmark answers the signed-in home page (seeding the catalog goes on meanwhile)."""
    require_programs(required_programs(with_bittorrent=False), "the demo's audio tools")
    port, password = free_port(), "demo-password-1"
    log_path = tmp_path / "demo.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                str(wheel_venv / "bin" / "earmark"),
                "demo",
                "--port",
                str(port),
                "--data-dir",
                str(tmp_path / "demo"),
                "--admin-password",
                password,
            ],
            cwd=tmp_path,
            env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_for_health(url, process, log_path)
            with httpx.Client(base_url=url, timeout=10) as client:
                signed_in = client.post(
                    "/api/auth/local/login", json={"username": DEMO_ADMIN, "password": password}
                )
                assert signed_in.status_code == 200, signed_in.text
                home = client.get("/")
                assert home.status_code == 200
                assert DEMO_ADMIN in home.text
        finally:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
    assert "ModuleNotFoundError" not in log_path.read_text()
