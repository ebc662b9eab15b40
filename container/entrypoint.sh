#!/bin/sh
# Runs the command as PUID:PGID (default 1000:1000), owning the data folder, never as root.
# Started as a non-root user already (`--user`, rootless podman's keep-id), it runs as that user.
set -eu
data_dir=${EARMARK_DATA_DIR:-/config}
if [ "$(id -u)" -ne 0 ]; then
    exec "$@"
fi
uid=${PUID:-1000}
gid=${PGID:-1000}
if [ "$uid" -eq 0 ] || [ "$gid" -eq 0 ]; then
    echo "earmark: PUID/PGID 0 (root) is refused; pick the owner of your /config and /data folders" >&2
    exit 64
fi
mkdir -p "$data_dir"
if [ "$(stat -c %u:%g "$data_dir")" != "$uid:$gid" ]; then
    chown -R "$uid:$gid" "$data_dir"
fi
exec setpriv --reuid="$uid" --regid="$gid" --clear-groups -- "$@"
