#!/usr/bin/env bash
# System packages the real-n8n suites need, installed only when missing (Debian/Ubuntu):
#   chromium           the editor check (npm run test:ui) drives it through playwright-core
#   python3 make g++   n8n's sqlite3 is rebuilt from source when n8n is installed for the tests
# Needs root or password-less sudo when something is missing; prints what to install otherwise.
set -euo pipefail

need=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || need+=(chromium)
for tool in python3 make g++; do
  command -v "$tool" >/dev/null || need+=("$tool")
done
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: chromium, python3, make, g++ present"
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
