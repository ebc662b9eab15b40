#!/usr/bin/env bash
# Front-end tools the browser tests inject into pages, fetched once per machine from the npm
# registry into a cache outside the checkout (the tests themselves run without a network).
# axe-core: the accessibility checker the browser tests run on every page.
set -euo pipefail
AXE_VERSION=4.14.1
cache=${EARMARK_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/earmark-test}
axe_dir="$cache/axe-core-$AXE_VERSION"
if [ ! -f "$axe_dir/node_modules/axe-core/axe.min.js" ]; then
  mkdir -p "$axe_dir"
  npm install --prefix "$axe_dir" --no-audit --no-fund --silent "axe-core@$AXE_VERSION" >/dev/null
fi
