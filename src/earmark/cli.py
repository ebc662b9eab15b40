"""Command line: serve, worker, db push, user and config administration."""

from __future__ import annotations

import sys

import typer

from earmark.core.errors import EarmarkError
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
) -> None:
    """Start the web server (with the job worker in-process unless --no-worker)."""
    import uvicorn

    from earmark.app import create_app

    settings = _settings()
    if no_worker:
        settings.run_worker = False
    try:
        application = create_app(settings)
    except EarmarkError as exc:
        _fail(exc.message)
    uvicorn.run(
        application, host=host or settings.host, port=port or settings.port, log_config=None
    )


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
        report = push(services, accept_data_loss=accept_data_loss)
    except EarmarkError as exc:
        _fail(exc.message)
    finally:
        services.close()
    if report.applied:
        for change in report.applied:
            typer.echo(f"applied: {change}")
    else:
        typer.echo("schema is up to date")


@config_app.command("generate-key")
def generate_key() -> None:
    """Print a new random encryption key (for EARMARK_ENCRYPTION_KEY)."""
    from earmark.security.crypto import generate_key_text

    typer.echo(generate_key_text())


def main() -> None:
    try:
        app()
    except EarmarkError as exc:
        typer.secho(f"error: {exc.message}", fg=typer.colors.RED, err=True)
        sys.exit(2)
