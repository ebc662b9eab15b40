#!/usr/bin/env bash
# Builds the virtualenv SABnzbd 5.0.1 (vendored source in ../shared/vendor/sabnzbd) runs from,
# once, in a cache outside the checkout; the usenet tests start SABnzbd from it. Idempotent: a
# venv built from the same requirements.txt is kept. Needs the package index (runs before the
# tests enter their network namespace).
set -euo pipefail
cd "$(dirname "$0")/.."
source_dir=${EARMARK_SABNZBD_SOURCE:-$(cd .. && pwd)/shared/vendor/sabnzbd}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/earmark-test/sabnzbd-venv
if [ ! -f "$source_dir/requirements.txt" ]; then
  echo "SABnzbd source not found at $source_dir; usenet tests with SABnzbd will be skipped" >&2
  exit 0
fi
stamp=$(sha256sum "$source_dir/requirements.txt" | cut -c1-16)
if [ -f "$cache/.built-$stamp" ]; then
  exit 0
fi
rm -rf "$cache"
python3 -m venv "$cache"
"$cache/bin/pip" install --quiet --disable-pip-version-check -r "$source_dir/requirements.txt"
touch "$cache/.built-$stamp"
