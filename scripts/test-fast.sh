#!/usr/bin/env bash
# The fast lane: every test that needs no daemon, no ffmpeg, no browser, no PostgreSQL and no
# container image and is not slow on its own (marker `slow`), on SQLite only, spread over the cores
# (pytest-xdist). No lint and no system packages: `make test` stays the whole suite. Pass pytest
# arguments through: `bash scripts/test-fast.sh tests/api -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/pytest ] || DEV=1 bash scripts/install.sh
export EARMARK_TEST_BACKENDS=sqlite
exec bash scripts/loopback-only.sh .venv/bin/python -m pytest \
  -m "not (postgres or realparts or browser or e2e or slow or container)" \
  -n "${EARMARK_TEST_WORKERS:-auto}" -q "$@"
