#!/usr/bin/env bash
# Builds the Audiobookshelf server the tests run (shared/vendor/audiobookshelf, 2.36.0) once per
# machine, outside the checkout: npm ci compiles sqlite3 from source (about 3 minutes), so the
# build is kept until the vendored source or Node's ABI changes. Needs the npm registry, so it
# runs before the tests enter their network namespace. Prints the build folder.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "Node.js and npm are not installed: the Audiobookshelf tests will be skipped" >&2
    exit 0
fi
vendor=${EARMARK_ABS_SOURCE:-$(realpath ../shared)/vendor/audiobookshelf}
[ -d "$vendor" ] || vendor=/work/shared/vendor/audiobookshelf
target=${EARMARK_ABS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/earmark-test/abs}
stamp="$(cat "$vendor/package-lock.json" "$vendor/package.json" | sha256sum | cut -c1-16)-node$(node -p process.versions.modules)"
if [ -f "$target/.built" ] && [ "$(cat "$target/.built")" = "$stamp" ]; then
    echo "$target"
    exit 0
fi
rm -rf "$target.tmp"
mkdir -p "$(dirname "$target")"
cp -r "$vendor" "$target.tmp"
chmod -R u+w "$target.tmp"
(cd "$target.tmp" && npm_config_nodedir=/usr PYTHON=/usr/bin/python3 \
    npm ci --omit=dev --no-audit --no-fund --loglevel=error >&2)
echo "$stamp" >"$target.tmp/.built"
rm -rf "$target"
mv "$target.tmp" "$target"
echo "$target"
