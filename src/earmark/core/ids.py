"""Identifier generation."""

from __future__ import annotations

import os
import uuid

_UUID_BYTES = 16


def new_ids(count: int) -> list[uuid.UUID]:
    """`count` random (version 4) UUIDs from one read of the system's random source.

    `uuid.uuid4()` reads the random source once per id; for the tens of thousands of rows of a
    library scan those system calls cost more than everything else about the ids.
    """
    raw = os.urandom(_UUID_BYTES * count)
    return [
        uuid.UUID(bytes=raw[start : start + _UUID_BYTES], version=4)
        for start in range(0, len(raw), _UUID_BYTES)
    ]
