#!/bin/bash
# Builds the Earmark image with podman (IMAGE, default localhost/earmark:latest).
#
# Where no image registry is reachable, the `debian:bookworm-slim` base is made from Debian
# packages (mmdebstrap) and tagged as the name the Containerfile starts FROM; the build runs with
# chroot isolation, which needs neither a registry nor user namespaces. Needs podman, buildah and
# mmdebstrap (scripts/system-deps.sh installs them).
#
# The image is labelled with a hash of everything that goes into it (`--hash` prints it); when
# IMAGE already carries the current hash, nothing is rebuilt. scripts/test.sh runs this before
# the suite (the build needs the network); tests/packaging/test_container.py checks the label.
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE=${IMAGE:-localhost/earmark:latest}
BASE=docker.io/library/debian:bookworm-slim
LABEL=earmark.source-hash

source_hash() {
  find Containerfile .dockerignore container pyproject.toml README.md src scripts/container-build.sh \
    -type f ! -path '*/__pycache__/*' ! -path '*.egg-info/*' -print0 |
    LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16
}

if [ "${1:-}" = "--hash" ]; then
  source_hash
  exit 0
fi
hash=$(source_hash)
if [ "$(podman image inspect --format "{{index .Labels \"$LABEL\"}}" "$IMAGE" 2>/dev/null)" = "$hash" ]; then
  echo "$IMAGE is up to date ($LABEL $hash)"
  exit 0
fi
if ! podman image exists "$BASE"; then
  if ! podman pull "$BASE" 2>/dev/null; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    # Like Docker's debian:bookworm-slim: no manuals, documentation (but licences) or
    # translations.
    mmdebstrap --quiet --variant=minbase \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
      --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
      --dpkgopt='path-include=/usr/share/doc/*/copyright' \
      bookworm "$work/rootfs.tar"
    podman import --quiet "$work/rootfs.tar" "$BASE" >/dev/null
  fi
fi
# --format docker: OCI images have no HEALTHCHECK.
secret=()
if [ -n "${PIP_CERT:-}" ]; then
  secret=(--secret "id=ca_bundle,src=$PIP_CERT")  # a TLS-intercepting proxy's CA, for pip
fi
podman build --quiet --pull=never --isolation=chroot --format docker --layers "${secret[@]}" \
  --label "$LABEL=$hash" -t "$IMAGE" -f Containerfile . >/dev/null
podman image inspect --format '{{.Size}}' "$IMAGE" | awk -v image="$IMAGE" '{ printf "%s: %.0f MB\n", image, $1 / 1e6 }'
