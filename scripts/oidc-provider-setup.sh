#!/usr/bin/env bash
# Installs the certified `oidc-provider` npm package the OpenID sign-in tests run as a real
# provider (tests/oidc_provider/provider.mjs). Runs before the tests enter their network
# namespace (the npm registry is reachable only then); cached outside the checkout and skipped
# when the lock file has not changed.
set -euo pipefail
cd "$(dirname "$0")/.."
source_dir=tests/oidc_provider
cache_dir=${XDG_CACHE_HOME:-$HOME/.cache}/earmark-test/oidc-provider
stamp=$cache_dir/.lock-sha256
wanted=$(sha256sum "$source_dir/package-lock.json" | cut -d' ' -f1)
if [ -d "$cache_dir/node_modules/oidc-provider" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: the OpenID sign-in tests need node and npm." >&2
  exit 1
fi
mkdir -p "$cache_dir"
cp "$source_dir/package.json" "$source_dir/package-lock.json" "$cache_dir/"
(cd "$cache_dir" && npm ci --no-audit --no-fund --loglevel=error)
echo "$wanted" > "$stamp"
