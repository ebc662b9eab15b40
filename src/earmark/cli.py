"""Command line: serve, worker, db push, user and config administration."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from earmark.core.errors import EarmarkError
from earmark.core.heap import starting_up
from earmark.core.logging_setup import configure_logging
from earmark.settings import BootSettings

app = typer.Typer(
    help="Earmark: audiobook requests, acquisition and library import.", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema commands.", no_args_is_help=True)
config_app = typer.Typer(help="Configuration and encryption key commands.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(config_app, name="config")


def _settings() -> BootSettings:
    settings = BootSettings()
    configure_logging(settings.log_level)
    return settings


def _fail(message: str) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code=2)


@app.command()
def serve(
    host: str = typer.Option(None, help="Interface to listen on (default 127.0.0.1)"),
    port: int = typer.Option(None, help="Port to listen on (default 3030)"),
    no_worker: bool = typer.Option(
        False, "--no-worker", help="Serve HTTP only; run `earmark worker` separately"
    ),
    no_setup_code: bool = typer.Option(
        False,
        "--no-setup-code",
        help="Let anyone who reaches the server create the first admin without the setup code",
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        help="Web processes on one port (PostgreSQL only; jobs then run in `earmark worker`)",
    ),
    access_log: bool = typer.Option(
        True, "--access-log/--no-access-log", help="Log every request (at log level INFO)"
    ),
) -> None:
    """Start the web server (with the job worker in-process unless --no-worker or --workers)."""
    settings = _settings()
    if no_worker:
        settings.run_worker = False
    if no_setup_code:
        settings.setup_code_required = False
    listen: dict[str, Any] = {
        "host": host or settings.host,
        "port": port or settings.port,
        "access_log": access_log,
        "log_config": None,
        # Proxy headers are handled by the app itself, from EARMARK_TRUSTED_PROXIES only.
        "proxy_headers": False,
        # Open live-update streams (/api/live) would otherwise hold a shutdown until they end.
        "timeout_graceful_shutdown": 3,
        # No route speaks WebSocket: uvicorn need not load the websockets library (~7 ms, memory).
        "ws": "none",
    }
    if workers > 1:
        _serve_processes(settings, workers, listen)
        return
    with starting_up():
        import uvicorn

        from earmark.app import create_app

        try:
            application = create_app(settings)
        except EarmarkError as exc:
            _fail(exc.message)
    uvicorn.run(application, **listen)


def _serve_processes(settings: BootSettings, workers: int, listen: dict[str, Any]) -> None:
    """`workers` web processes sharing one port (uvicorn's supervisor restarts a dead one).

    PostgreSQL only: SQLite has one writer at a time, and live updates reach other processes
    through PostgreSQL's LISTEN/NOTIFY. The schema is pushed once, in a short-lived process,
    before the web processes start (each then finds the fingerprint and skips the comparison);
    the supervisor itself imports neither the app nor the models.
    """
    import multiprocessing

    import uvicorn

    if not settings.resolved_database_url.startswith("postgresql"):
        _fail("--workers needs PostgreSQL (EARMARK_DATABASE_URL); on SQLite run one process")
    pusher = multiprocessing.get_context("spawn").Process(target=_push_schema_once)
    pusher.start()
    pusher.join()
    if pusher.exitcode != 0:
        _fail("the schema push before starting the web processes failed (see above)")
    # The web processes read their settings from the environment, as this process did.
    os.environ["EARMARK_RUN_WORKER"] = "false"
    os.environ["EARMARK_SETUP_CODE_REQUIRED"] = str(settings.setup_code_required).lower()
    typer.echo(f"{workers} web processes; run `earmark worker` for the jobs and the scheduler")
    uvicorn.run("earmark.app:web_process_app", factory=True, workers=workers, **listen)


def _push_schema_once() -> None:
    from earmark.wiring import build_services, push

    services = build_services(_settings())
    try:
        push(services)
    finally:
        services.close()


@app.command()
def worker(
    concurrency: int = typer.Option(2, "--concurrency", min=1, help="Worker threads to run"),
) -> None:
    """Run job workers and the scheduler in this process (stop with Ctrl+C or SIGTERM)."""
    import signal

    with starting_up():
        from earmark.jobs.runtime import build_worker_pool, seed_default_schedules
        from earmark.wiring import build_services, push

        services = build_services(_settings())
    try:
        push(services)
        seed_default_schedules(services)
        pool = build_worker_pool(services, threads=concurrency)
        pool.start()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda _signum, _frame: pool.request_stop())
        pool.wait()
        typer.echo("stopping: waiting for running jobs to finish")
        pool.stop()
    finally:
        services.close()


@db_app.command("push")
def db_push(
    accept_data_loss: bool = typer.Option(
        False, "--accept-data-loss", help="Allow dropping tables/columns"
    ),
) -> None:
    """Create or update the schema to match the models."""
    from earmark.wiring import build_services, push

    services = build_services(_settings())
    try:
        # An explicit push always compares, whatever fingerprint the database holds.
        report = push(services, accept_data_loss=accept_data_loss, trust_fingerprint=False)
    except EarmarkError as exc:
        _fail(exc.message)
    finally:
        services.close()
    if report.applied:
        for change in report.applied:
            typer.echo(f"applied: {change}")
    else:
        typer.echo("schema is up to date")


@config_app.command("rotate-key")
def rotate_key() -> None:
    """Re-encrypt every stored secret with a new key (all or nothing), then switch to it."""
    from earmark import schema
    from earmark.security.crypto import Cipher, generate_key_text, parse_key
    from earmark.security.rotation import commit_key_file, reencrypt_all, stage_key_file
    from earmark.wiring import build_services

    settings = _settings()
    services = build_services(settings)
    try:
        new_text = generate_key_text()
        staged = None if settings.encryption_key else stage_key_file(settings.data_dir, new_text)
        report = reencrypt_all(
            services.engine, schema.metadata(), services.cipher, Cipher(parse_key(new_text))
        )
        if staged is not None:
            commit_key_file(staged)
    except EarmarkError as exc:
        _fail(exc.message)
    finally:
        services.close()
    typer.echo(
        f"re-encrypted {report.values_reencrypted} value(s) in {', '.join(report.columns) or 'no column'}"
    )
    if settings.encryption_key:
        typer.echo(
            "The key comes from EARMARK_ENCRYPTION_KEY: set it to this new value before the next start:"
        )
        typer.echo(new_text)
    else:
        typer.echo(f"The new key is in {settings.data_dir / 'encryption.key'}.")


@config_app.command("generate-key")
def generate_key() -> None:
    """Print a new random encryption key (for EARMARK_ENCRYPTION_KEY)."""
    from earmark.security.crypto import generate_key_text

    typer.echo(generate_key_text())


user_app = typer.Typer(help="User account commands.", no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("create-admin")
def create_admin(
    username: str = typer.Option("admin", prompt=True, help="Local admin username"),
    password: str = typer.Option(
        ..., prompt=True, hide_input=True, confirmation_prompt=True, help="At least 8 characters"
    ),
    reset_password: bool = typer.Option(
        False, "--reset-password", help="Set a new password for an existing local account"
    ),
) -> None:
    """Create the setup admin (local sign-in), or reset a local account's password."""
    from earmark.users.service import UserService
    from earmark.wiring import build_services, push

    services = build_services(_settings())
    try:
        push(services)
        users = UserService(services.sessions, services.cipher, services.clock)
        if reset_password:
            user = users.reset_local_password(username, password)
            typer.echo(f"password reset for '{user.plex_username}'; its sessions were ended")
        else:
            user = users.create_setup_admin(username, password)
            typer.echo(f"setup admin '{user.plex_username}' created")
    except EarmarkError as exc:
        _fail(exc.message)
    finally:
        services.close()


@app.command("explain-ranking")
def explain_ranking(
    book: Annotated[Path, typer.Option("--book", help="JSON file describing the wanted book")],
    releases: Annotated[
        Path, typer.Option("--releases", help="JSON array of releases (Prowlarr shape ok)")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text")] = False,
    min_score: Annotated[float, typer.Option("--min-score", help="Confidence floor")] = 50.0,
) -> None:
    """Rank releases for a book and show every criterion and rejection reason."""
    from earmark.search.explain import as_json_text, as_text, explain_files
    from earmark.search.profiles import RankingProfile

    try:
        ranked = explain_files(book, releases, RankingProfile(min_score=min_score))
    except EarmarkError as exc:
        _fail(exc.message)
    typer.echo(as_json_text(ranked) if as_json else as_text(ranked))


@app.command()
def demo(
    port: Annotated[int, typer.Option("--port", help="Port for the web UI")] = 3030,
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="Keep the demo here (default: a temporary folder)"),
    ] = None,
    admin_password: Annotated[
        str | None,
        typer.Option("--admin-password", help="Demo admin password (default: a random one)"),
    ] = None,
) -> None:
    """Try the whole UI without Plex, Prowlarr or Audible: local stand-ins and a seeded catalog."""
    import secrets

    from earmark.demo.command import DemoOptions, run_demo

    configure_logging("WARNING")
    password = admin_password or secrets.token_urlsafe(9)
    try:
        run_demo(DemoOptions(port=port, data_dir=data_dir, admin_password=password))
    except EarmarkError as exc:
        _fail(exc.message)


@app.command("doctor")
def doctor() -> None:
    """Check the installation: services, download folder and path mapping, hardlinks, disk, key."""
    from earmark.doctor import Outcome, run_doctor
    from earmark.wiring import build_services, push

    configure_logging("ERROR")  # the findings say what failed; no retry chatter in between
    services = build_services(_settings())
    try:
        push(services)
        findings = run_doctor(services)
    finally:
        services.close()
    for finding in findings:
        label = "FAIL" if finding.outcome is Outcome.FAIL else finding.outcome.value
        typer.echo(f"[{label}] {finding.check}: {finding.message}")
        if finding.fix:
            typer.echo(f"       fix: {finding.fix}")
    if any(finding.failed for finding in findings):
        raise typer.Exit(1)


def main() -> None:
    try:
        app()
    except EarmarkError as exc:
        typer.secho(f"error: {exc.message}", fg=typer.colors.RED, err=True)
        sys.exit(2)
