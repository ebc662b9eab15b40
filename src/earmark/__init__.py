"""Earmark: a self-hosted audiobook request-and-acquisition server."""

import sys

__version__ = "0.1.0"

# httpx imports its command-line tool (rich, pygments, click: ~8 MB and 0.1 s) when those are
# installed, as Typer's dependencies are. Earmark never runs it: an import of `httpx._main`
# fails, and httpx then skips it (docs/architecture.md, "Imports").
if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
