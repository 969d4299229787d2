#!/usr/bin/env bash
# Builds ks-expand, the template oracle of test/differential (npm run test:differential): a
# small command in the KubeStellar wrapper module (wrappers/kubestellar/cmd/ks-expand) that
# runs KubeStellar v0.30.0's own customize.ExpandTemplates on JSON-lines cases. Into a cache
# outside the repo:
#
#   ${KSITS_CACHE:-$HOME/.cache/kubestellar-its}/template-oracle-<hash>/
#     ks-expand   the binary (moved in only once built and checked, so never a partial file)
#     ks-expand.log  go build output
#     .lock       flock(1) lock: a second run waits for the first instead of building twice
#
# <hash> covers the wrapper's go.mod and go.sum, the oracle's source and `go version`, so a
# new pin, an edited harness or another Go rebuilds it. It is not part of the interop hash
# (lib.sh), so the oracle never rebuilds the controllers. Only std and the customize package
# are compiled: seconds with a warm Go build cache.
#
# Only the binary path is printed on stdout; progress goes to stderr.
# Usage: sandbox/template-oracle.sh [--print-path]
#   --print-path  print where the binary is (or would be) for the current inputs; no build
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KSITS_LOG_TAG=template-oracle KSITS_LOG_STDERR=1
# shellcheck source=lib.sh
source "$HERE/lib.sh"
# shellcheck source=interop-versions.env
source "$HERE/interop-versions.env"

command -v go >/dev/null || die "go not found on PATH"

WRAP="$HERE/wrappers"
MODULE="$WRAP/kubestellar"
PKG="./${KSITS_ORACLE_SRC#wrappers/kubestellar/}"
PINS_FILE=interop-versions.env

oracle_hash() {
  (
    cd "$HERE" || exit 1
    go version
    for f in wrappers/kubestellar/go.mod wrappers/kubestellar/go.sum; do
      printf '\n== %s\n' "$f"
      cat "$f"
    done
    find "$KSITS_ORACLE_SRC" -type f | LC_ALL=C sort | while IFS= read -r f; do
      printf '\n== %s\n' "$f"
      cat "$f"
    done
  ) | sha256sum | cut -c1-12
}

DIR="$KSITS_CACHE/template-oracle-$(oracle_hash)"
BIN="$DIR/ks-expand"
case "${1:-}" in
  --print-path)
    echo "$BIN"
    exit 0
    ;;
  "") ;;
  *)
    echo "usage: $0 [--print-path]" >&2
    exit 2
    ;;
esac

if [[ -x "$BIN" ]]; then
  log "cached: $BIN"
  echo "$BIN"
  exit 0
fi

mkdir -p "$DIR"
exec 9>"$DIR/.lock"
if ! flock -n 9; then
  log "another build holds $DIR/.lock; waiting for it..."
  flock 9
fi

if [[ ! -x "$BIN" ]]; then
  LOGS="$DIR"
  check_pin kubestellar github.com/kubestellar/kubestellar "v$KUBESTELLAR_VERSION"
  # As interop-build.sh: the committed go.mod/go.sum only, nothing fetched or rewritten.
  export CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" GOTOOLCHAIN=local
  log "building ks-expand (KubeStellar v$KUBESTELLAR_VERSION customize.ExpandTemplates)..."
  start=$SECONDS
  tmp="$DIR/.ks-expand.tmp"
  rm -f "$tmp"
  (cd "$MODULE" && nice -n 19 go build -trimpath -o "$tmp" "$PKG") >"$DIR/ks-expand.log" 2>&1 ||
    fail_with_log ks-expand

  # The binary must link the pinned KubeStellar module, not a copy of its code...
  go version -m "$tmp" |
    grep -Eq "^[[:space:]]+dep[[:space:]]+github.com/kubestellar/kubestellar[[:space:]]+v${KUBESTELLAR_VERSION}[[:space:]]" ||
    die "ks-expand: build info does not list github.com/kubestellar/kubestellar v$KUBESTELLAR_VERSION"
  # ...and answer like it: one expansion and one missing key (missingkey=error).
  got="$(printf '%s\n' '{"name":"smoke","template":"a{{- .x }}","data":{"x":" X"}}' \
    '{"name":"smoke","template":"{{ .y }}","data":{}}' | timeout 60 "$tmp")" ||
    die "ks-expand: smoke run failed"
  want='{"text":"a X","errors":[]}'
  [[ "$(head -n 1 <<<"$got")" == "$want" ]] || die "ks-expand: smoke case 1 printed '$got', expected '$want'"
  [[ "$(tail -n 1 <<<"$got")" == *'map has no entry for key \"y\"'* ]] ||
    die "ks-expand: smoke case 2 printed '$got', expected a missing-key error"
  mv -f "$tmp" "$BIN"
  log "ks-expand built and checked in $((SECONDS - start))s ($(stat -c %s "$BIN") bytes)"
fi

echo "$BIN"
