"""Connection-test reports shared by the LLM adapters."""

from __future__ import annotations

from collections.abc import Callable

from earmark.integrations.errors import IntegrationError
from earmark.integrations.reports import ConnectionReport


def model_report(service: str, model: str, models: list[str]) -> ConnectionReport:
    """Connected; fails only when the chosen model is clearly not on offer."""
    details: dict[str, object] = {"models": models}
    if not models:
        hint = "it did not list its models; type the model name yourself"
        return ConnectionReport(True, f"Connected to {service}; {hint}.", details)
    if model and model not in models:
        return ConnectionReport(
            False,
            f"Connected to {service}, but it does not offer the model '{model}'; "
            "pick one of the listed models.",
            details,
        )
    return ConnectionReport(
        True, f"Connected to {service}; {len(models)} models available.", details
    )


def listing_report(
    service: str, model: str, list_models: Callable[[], list[str]]
) -> ConnectionReport:
    """A connection test by listing models: a failure to list is reported, never raised."""
    try:
        models = list_models()
    except IntegrationError as exc:
        return ConnectionReport(False, exc.message)
    return model_report(service, model, models)
