#!/usr/bin/env bash
# Static checks: ruff, mypy strict on src/, import-linter layering contracts.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check src tests bench
.venv/bin/mypy src
.venv/bin/lint-imports --no-cache
