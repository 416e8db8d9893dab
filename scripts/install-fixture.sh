#!/usr/bin/env bash
# scripts/install-fixture.sh [COMMIT]
#
# Makes release A of the install suite (npm run test:install, test/install/): the package as it
# was at COMMIT (default b7b72c2, package.json version 0.1.0, before any node version 2), packed
# exactly as `npm publish` would pack it, plus the example workflows of that commit, the workflows
# a user of that release has saved. Writes test/install/release-a/:
#   n8n-nodes-customer-sync-<version>.tgz   the npm tarball
#   workflows/*.json                        examples/*.json of COMMIT, unchanged
#   SOURCE                                  commit, version, sha512 of the tarball
#
# Kept in the repository (not rebuilt by every test run) because a release is immutable once
# published, CI's clone may be shallow (no old commit to build from), and it saves a TypeScript
# build per run. Re-run this only to move release A to another commit.
set -euo pipefail
COMMIT=${1:-b7b72c2}
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/test/install/release-a"
FULL=$(git rev-parse --verify "$COMMIT^{commit}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git archive "$FULL" | tar -x -C "$tmp"
# build with this clone's devDependencies (the commit's own lock may differ only in test tools)
ln -s "$ROOT/node_modules" "$tmp/node_modules"
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep -i '^npm_' || true)
(cd "$tmp" && npm run build --silent >/dev/null)
rm "$tmp/node_modules"
rm -rf "$OUT"
mkdir -p "$OUT/workflows"
file=$(cd "$tmp" && npm pack --ignore-scripts --silent --pack-destination "$OUT")
cp "$tmp"/examples/*.json "$OUT/workflows/"
version=$(node -p "require('$tmp/package.json').version")
sha=$(node -e "process.stdout.write(require('crypto').createHash('sha512').update(require('fs').readFileSync('$OUT/$file')).digest('base64'))")
printf 'commit %s\nversion %s\ntarball %s\nsha512 %s\n' "$FULL" "$version" "$file" "$sha" > "$OUT/SOURCE"
echo "release A: $OUT/$file (n8n-nodes-customer-sync $version from $FULL)"
