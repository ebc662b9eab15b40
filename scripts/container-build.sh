#!/usr/bin/env bash
# Builds the Earmark image with podman (IMAGE, default localhost/earmark:latest).
#
# Where no image registry is reachable, the `debian:bookworm-slim` base is made from Debian
# packages (mmdebstrap) and tagged as the name the Containerfile starts FROM; the build runs with
# chroot isolation, which needs neither a registry nor user namespaces. Needs podman, buildah and
# mmdebstrap (apt-get install podman buildah mmdebstrap).
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE=${IMAGE:-localhost/earmark:latest}
BASE=docker.io/library/debian:bookworm-slim
if ! podman image exists "$BASE"; then
  if ! podman pull "$BASE" 2>/dev/null; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    mmdebstrap --quiet --variant=minbase bookworm "$work/rootfs.tar"
    podman import --quiet "$work/rootfs.tar" "$BASE" >/dev/null
  fi
fi
# --format docker: OCI images have no HEALTHCHECK.
secret=()
if [ -n "${PIP_CERT:-}" ]; then
  secret=(--secret "id=ca_bundle,src=$PIP_CERT")  # a TLS-intercepting proxy's CA, for pip
fi
podman build --quiet --pull=never --isolation=chroot --format docker "${secret[@]}" \
  -t "$IMAGE" -f Containerfile .
podman image inspect --format '{{.Size}}' "$IMAGE" | awk -v image="$IMAGE" '{ printf "%s: %.0f MB\n", image, $1 / 1e6 }'
