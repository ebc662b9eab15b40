"""Earmark: a self-hosted audiobook request-and-acquisition server."""

import sys

__version__ = "0.1.0"

# Two imports no Earmark process uses, each loaded by a library only to check for it (~10 MB
# of code together; docs/architecture.md, "Imports"): httpx's command-line tool (rich, pygments,
# click), which httpx imports whenever those are installed (Typer's dependencies), and
# pydantic's v1 compatibility package, which FastAPI imports to ask whether a route's types are
# v1 models. A failed import makes both skip it.
for _unused in ("httpx._main", "pydantic.v1"):
    if _unused.split(".")[0] not in sys.modules:
        sys.modules.setdefault(_unused, None)  # type: ignore[arg-type]
