#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real (daemons, ffmpeg, chromium).
set -euo pipefail
PACKAGES=(ffmpeg espeak-ng qbittorrent-nox transmission-daemon transmission-cli opentracker mktorrent chromium iproute2
  nzbget par2 unrar-free python3-venv)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing system packages: ${missing[*]} (run as root or install them)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

bash "$(dirname "$0")/inn-setup.sh"
