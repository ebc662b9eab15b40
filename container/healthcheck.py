"""The image's HEALTHCHECK: healthy when Earmark's /api/health answers 200 (the database is up)."""

import os
import sys
import urllib.request

port = os.environ.get("EARMARK_PORT", "3030")
base_path = os.environ.get("EARMARK_BASE_PATH", "").rstrip("/")
url = f"http://127.0.0.1:{port}{base_path}/api/health"
try:
    with urllib.request.urlopen(url, timeout=8) as answer:  # noqa: S310 (fixed loopback URL)
        sys.exit(0 if answer.status == 200 else 1)
except OSError as exc:
    print(f"unhealthy: {url}: {exc}", file=sys.stderr)
    sys.exit(1)
