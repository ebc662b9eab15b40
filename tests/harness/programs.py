"""Tests that need installed programs skip without them, except under CI, where they must exist."""

from __future__ import annotations

import os
from collections.abc import Iterable

import pytest

from earmark.demo.parts.processes import not_installed


def require_programs(programs: Iterable[str], purpose: str) -> None:
    """Skip the calling test when programs are missing; under CI (where they must be) fail."""
    missing = not_installed(programs)
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"missing {purpose}: {missing}")
        pytest.skip(f"missing {purpose}: {missing}")
