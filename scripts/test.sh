#!/usr/bin/env bash
# Installs everything the tests need, runs the static checks, then the whole suite on SQLite and
# PostgreSQL. The suite runs inside a private network namespace (only loopback exists), so no
# daemon under test can reach beyond this machine; PostgreSQL is reached through its Unix socket.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
DEV=1 bash scripts/install.sh
bash scripts/lint.sh
pg_socket_dir=${EARMARK_PG_SOCKET_DIR:-/var/run/postgresql}
export EARMARK_TEST_PG_ADMIN_URL=${EARMARK_TEST_PG_ADMIN_URL:-"postgresql+psycopg://postgres@/postgres?host=${pg_socket_dir}"}
mkdir -p artifacts
pytest_cmd=(.venv/bin/python -m pytest "$@")
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1 && unshare -n true 2>/dev/null; then
  exec unshare -n -- bash -c 'ip link set lo up && exec "$@"' _ "${pytest_cmd[@]}"
fi
exec "${pytest_cmd[@]}"
