"""The pipeline list, the payload models and the job registry describe the same job types."""

from __future__ import annotations

from earmark.jobs.payloads import PAYLOAD_MODELS
from earmark.jobs.registry import ENTRIES, PIPELINE, job_registry
from earmark.queue.models import JOB_TYPES


def test_pipeline_steps_are_registered_job_types_in_order() -> None:
    registered = list(job_registry())
    steps = [step.job_type for step in PIPELINE]

    assert steps == [
        "search_indexers",
        "download_torrent",
        "monitor_download",
        "organize_files",
        "scan_plex",
        "match_plex",
    ]
    assert all(step in registered for step in steps)
    assert [ENTRIES[step].payload for step in steps] == list(PIPELINE)


def test_every_payload_model_has_exactly_one_registered_handler() -> None:
    assert set(PAYLOAD_MODELS) == set(ENTRIES) == set(job_registry())
    assert all(ENTRIES[name].payload is model for name, model in PAYLOAD_MODELS.items())


def test_job_types_match_the_tables_allowed_values() -> None:
    assert set(PAYLOAD_MODELS) == set(JOB_TYPES)


def test_processor_names_are_the_payload_class_names() -> None:
    specs = job_registry()
    assert specs["organize_files"].processor == "OrganizeFiles"
    assert specs["plex_recently_added_check"].processor == "PlexRecentlyAddedCheck"
