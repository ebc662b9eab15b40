#!/usr/bin/env bash
# Creates .venv and installs Earmark (with test tools when DEV=1). Re-runs only when pyproject changes.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.earmark-installed${DEV:+-dev}
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/pip install --quiet --upgrade pip
  if [ -n "${DEV:-}" ]; then
    .venv/bin/pip install --quiet -e '.[dev]'
  else
    .venv/bin/pip install --quiet -e '.[demo]'
  fi
  touch "$stamp"
fi
