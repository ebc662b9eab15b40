#!/usr/bin/env bash
# Installs everything the tests need, runs the static checks, then the whole suite on SQLite and
# PostgreSQL. The suite runs inside a private network namespace (only loopback exists), so no
# daemon under test can reach beyond this machine; PostgreSQL is reached through its Unix socket.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
DEV=1 bash scripts/install.sh
bash scripts/sabnzbd-venv.sh
bash scripts/lint.sh
pg_socket_dir=${EARMARK_PG_SOCKET_DIR:-/var/run/postgresql}
export EARMARK_TEST_PG_ADMIN_URL=${EARMARK_TEST_PG_ADMIN_URL:-"postgresql+psycopg://postgres@/postgres?host=${pg_socket_dir}"}
mkdir -p artifacts
exec bash scripts/loopback-only.sh .venv/bin/python -m pytest "$@"
