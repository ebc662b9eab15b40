#!/usr/bin/env bash
# Installs Earmark into .venv and serves it on the embedded default: SQLite in ./data, worker in-process.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/earmark serve "$@"
