#!/usr/bin/env bash
# System packages the real-n8n suites need, installed only when missing (Debian/Ubuntu):
#   chromium           the editor check (npm run test:ui) drives it through playwright-core
#   python3 make g++   n8n's sqlite3 is rebuilt from source when n8n is installed for the tests
#   openssl            the TLS fault suite (test/faults.tls.test.js) makes its certificates with it
#   redis-server       queue mode (npm run test:queue, npm run demo -- --queue): n8n's job queue
#   postgresql         queue mode: n8n's database (the suite starts its own throwaway server on a
#                      loopback port, as the `postgres` user when run as root; the cluster the
#                      package creates is not used)
# Needs root or password-less sudo when something is missing; prints what to install otherwise.
set -euo pipefail

need=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || need+=(chromium)
for tool in python3 make g++ openssl; do
  command -v "$tool" >/dev/null || need+=("$tool")
done
command -v redis-server >/dev/null || need+=(redis-server)
# initdb and pg_ctl are not on PATH: they live in /usr/lib/postgresql/<major>/bin
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: chromium, python3, make, g++, openssl, redis-server, postgresql present"
  exit 0
fi

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
  else echo "missing system packages: ${need[*]}; install them with: sudo apt-get install ${need[*]}" >&2; return 1; fi
}

echo "apt-get install ${need[*]}"
as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" </dev/null
