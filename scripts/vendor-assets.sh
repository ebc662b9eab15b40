#!/usr/bin/env bash
# Copies the pinned front-end packages from node_modules into the served static folder.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=src/earmark/web/static/vendor
mkdir -p "$dest"
[ -f node_modules/htmx.org/dist/htmx.min.js ] && cp node_modules/htmx.org/dist/htmx.min.js "$dest/"
[ -f node_modules/alpinejs/dist/cdn.min.js ] && cp node_modules/alpinejs/dist/cdn.min.js "$dest/alpine.min.js"
exit 0
