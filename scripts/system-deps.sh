#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real (daemons, ffmpeg, chromium) and the
# tools that build the container image (podman, buildah, mmdebstrap; uidmap for podman's user
# mappings). The image itself is built by scripts/test-setup.sh, before the suite.
set -euo pipefail
# g++ and make compile Audiobookshelf's sqlite3 module (scripts/setup-audiobookshelf.sh).
PACKAGES=(ffmpeg espeak-ng qbittorrent-nox transmission-daemon transmission-cli deluged deluge-web opentracker mktorrent chromium iproute2 nodejs g++ make
  podman buildah mmdebstrap uidmap
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
