#!/usr/bin/env bash
# Installs everything the tests need, runs the static checks, builds the container image, then the
# whole suite on SQLite and PostgreSQL. The suite runs inside a private network namespace (only
# loopback exists), so no daemon under test can reach beyond this machine; PostgreSQL is reached
# through its Unix socket.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
DEV=1 bash scripts/install.sh
bash scripts/test-assets.sh
bash scripts/oidc-provider-setup.sh
bash scripts/setup-audiobookshelf.sh >/dev/null  # needs the npm registry: before the namespace
bash scripts/sabnzbd-venv.sh
bash scripts/lint.sh
mkdir -p artifacts
# The container image for tests/packaging/test_container.py, built here because the build needs the
# network and the suite has none. Skipped quickly when the image already has the sources' hash. A
# failed build does not stop the suite: that test fails instead, showing this log.
export EARMARK_CONTAINER_BUILD_LOG=$PWD/artifacts/container-build.log
build_started=$SECONDS
if IMAGE=localhost/earmark:test bash scripts/container-build.sh >"$EARMARK_CONTAINER_BUILD_LOG" 2>&1; then
  echo "container image: $(tail -n1 "$EARMARK_CONTAINER_BUILD_LOG") ($((SECONDS - build_started)) s)"
else
  echo "container image build failed after $((SECONDS - build_started)) s: see $EARMARK_CONTAINER_BUILD_LOG" >&2
fi
pg_socket_dir=${EARMARK_PG_SOCKET_DIR:-/var/run/postgresql}
export EARMARK_TEST_PG_ADMIN_URL=${EARMARK_TEST_PG_ADMIN_URL:-"postgresql+psycopg://postgres@/postgres?host=${pg_socket_dir}"}
exec bash scripts/loopback-only.sh .venv/bin/python -m pytest "$@"
