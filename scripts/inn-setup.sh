#!/usr/bin/env bash
# Installs INN 2 (Debian inn2) as the usenet tests' news server on 127.0.0.1:11119. Idempotent;
# starts nothing (the tests run innd themselves, inside their network namespace).
# inn2's postinst fails on a host whose name has no domain ("innconfval: hostname does not
# resolve or domain not set"), so the install may fail once; inn.conf is fixed, then configured.
set -euo pipefail
PORT=11119
conf=/etc/news/inn.conf
configured() {
  dpkg-query -W -f='${Status}' inn2 2>/dev/null | grep -q "install ok installed" \
    && grep -q "^port: *$PORT" "$conf" && grep -q '^bindaddress: *127.0.0.1' "$conf"
}
if configured; then
  # /run is a tmpfs: innd's control socket folder is gone after a reboot or in a fresh container.
  if [ ! -d /run/news ] && [ "$(id -u)" -eq 0 ]; then
    install -d -o news -g news /run/news
  fi
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "INN (inn2) is missing or not set up for the tests; run scripts/system-deps.sh as root" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
dpkg -s inn2 >/dev/null 2>&1 || apt-get install -y -qq --no-install-recommends inn2 >/dev/null || true
grep -q '^domain:' "$conf" || echo 'domain:                      earmark.test' >> "$conf"
sed -i -e 's/^pathhost:.*/pathhost:                    news.earmark.test/' \
       -e "s/^port:.*/port:                        $PORT/" "$conf"
grep -q '^bindaddress:' "$conf" || echo 'bindaddress:                 127.0.0.1' >> "$conf"
grep -q '^bindaddress6:' "$conf" || echo 'bindaddress6:                none' >> "$conf"
# Hosts in incoming.conf are feeding peers to innd; 127.0.0.1 must reach nnrpd (reader/poster).
sed -i 's/^  hostname:         "localhost, 127.0.0.1, ::1"/  hostname:         "::1"/' \
  /etc/news/incoming.conf
dpkg --configure -a
install -d -o news -g news /run/news
configured
