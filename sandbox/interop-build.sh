#!/usr/bin/env bash
# Builds the real KubeStellar controllers and the KubeFlex operator from pinned Go modules
# (sandbox/interop-versions.env and the wrapper modules sandbox/wrappers/kubestellar and
# sandbox/wrappers/kubeflex) into a cache outside the repo, so that they can run as plain
# processes on 127.0.0.1 next to the sandbox:
#
#   ${KSITS_CACHE:-$HOME/.cache/kubestellar-its}/interop-<hash>/
#     bin/    ks-controller-manager     github.com/kubestellar/kubestellar/cmd/controller-manager
#             ocm-transport-controller  github.com/kubestellar/kubestellar/pkg/transport/ocm-transport-controller
#             kubeflex-manager          github.com/kubestellar/kubeflex/cmd/manager (the operator)
#             kflex                     github.com/kubestellar/kubeflex/cmd/kflex
#     logs/   go build output per binary; times.tsv (binary, seconds, bytes) of the builds
#     .done   written last, once every binary is built and starts; without it the
#             directory is an unfinished build (each binary is moved into bin/ only when
#             its go build succeeded, so bin/ never holds a partial file)
#     .lock   flock(1) lock: a second run waits for the first instead of building twice
#
# Binaries already present are skipped, so a second run takes under a second. A cold build
# (empty GOCACHE) took 6-7.5 minutes on an otherwise idle 2-core machine and about 26 minutes
# while the toolchain build shared it: the builds run one package at a time (-p=1) under
# nice -n 19, so they can share the machine with the toolchain build and the test tiers.
#
# Only the bin dir is printed on stdout; progress goes to stderr.
# Usage: sandbox/interop-build.sh [--print-dir | --check | --prune]
#   --print-dir  print the interop directory for the current pins and exit (no build)
#   --check      print the bin dir and exit 0 if a complete build for the current pins
#                exists, else exit 1 (no build, nothing on stdout)
#   --prune      after building, delete interop-* directories of other pins
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Progress goes to stderr: stdout is the bin dir callers read.
KSITS_LOG_TAG=interop KSITS_LOG_STDERR=1
# shellcheck source=lib.sh
source "$HERE/lib.sh"
# shellcheck source=interop-versions.env
source "$HERE/interop-versions.env"

DIR="$(ksits_interop_dir)"
BIN="$DIR/bin"
case "${1:-}" in
  --print-dir)
    echo "$DIR"
    exit 0
    ;;
  --check)
    [[ -f "$DIR/.done" && -f "$DIR/crds/kubeflex/.complete" ]] || exit 1
    echo "$BIN"
    exit 0
    ;;
  "" | --prune) ;;
  *)
    echo "usage: $0 [--print-dir | --check | --prune]" >&2
    exit 2
    ;;
esac

command -v go >/dev/null || die "go not found on PATH"

WRAP="$HERE/wrappers"
PINS_FILE=interop-versions.env
LOGS="$DIR/logs"
mkdir -p "$BIN" "$LOGS"

exec 9>"$DIR/.lock"
if ! flock -n 9; then
  log "another interop build holds $DIR/.lock; waiting for it..."
  flock 9
fi

# Builds are pinned by the committed go.mod/go.sum: no go.mod rewrites, no new sums (a
# missing go.sum line fails instead of being fetched), no toolchain switching. No GONOSUMDB:
# kubeflex's go.sum lines are committed, so nothing is looked up in the checksum database.
export CGO_ENABLED=0
export GOFLAGS="-mod=readonly -buildvcs=false -p=1"
export GOTOOLCHAIN=local

# build NAME WRAPPER PACKAGE DESCRIPTION [extra go build args...]
build() {
  local name="$1" wrapper="$2" pkg="$3" desc="$4"
  shift 4
  if [[ -x "$BIN/$name" ]]; then
    log "$name ($desc) cached"
    return 0
  fi
  log "building $name ($desc)..."
  local start=$SECONDS tmp="$BIN/.$name.tmp" took size
  rm -f "$tmp"
  (cd "$WRAP/$wrapper" && nice -n 19 go build -trimpath -o "$tmp" "$@" "$pkg") >"$LOGS/$name.log" 2>&1 ||
    fail_with_log "$name"
  mv -f "$tmp" "$BIN/$name"
  took=$((SECONDS - start))
  size="$(stat -c %s "$BIN/$name")"
  printf '%s\t%s\t%s\n' "$name" "$took" "$size" >>"$LOGS/times.tsv"
  built=$((built + 1))
  log "$name done in ${took}s ($size bytes)"
}

KS=github.com/kubestellar/kubestellar
KF=github.com/kubestellar/kubeflex

log "cache: $DIR"
log "checking pins in wrappers against interop-versions.env..."
check_pin kubestellar "$KS" "v$KUBESTELLAR_VERSION"
check_pin kubestellar "$KF" "v$KUBEFLEX_VERSION"
check_pin kubestellar k8s.io/client-go "v$KUBESTELLAR_K8S_VERSION"
check_pin kubestellar k8s.io/component-base "v$KUBESTELLAR_K8S_VERSION"
check_pin kubeflex "$KF" "v$KUBEFLEX_VERSION"

total_start=$SECONDS
built=0

# ---- KubeStellar ---------------------------------------------------------------------
# The version stamps of KubeStellar's Makefile (LDFLAGS), without the git-derived ones.
KS_LDFLAGS="-s -w"
KS_LDFLAGS+=" -X k8s.io/component-base/version.gitVersion=v$KUBESTELLAR_K8S_VERSION"
KS_LDFLAGS+=" -X k8s.io/client-go/pkg/version.gitVersion=v$KUBESTELLAR_K8S_VERSION"

build ks-controller-manager kubestellar "$KS/cmd/controller-manager" "$KS v$KUBESTELLAR_VERSION" \
  -ldflags "$KS_LDFLAGS"
build ocm-transport-controller kubestellar "$KS/pkg/transport/ocm-transport-controller" \
  "$KS v$KUBESTELLAR_VERSION" -ldflags "$KS_LDFLAGS"

# ---- KubeFlex ------------------------------------------------------------------------
build kubeflex-manager kubeflex "$KF/cmd/manager" "$KF v$KUBEFLEX_VERSION" \
  -ldflags "-s -w -X main.Version=v$KUBEFLEX_VERSION"
build kflex kubeflex "$KF/cmd/kflex" "$KF v$KUBEFLEX_VERSION" \
  -ldflags "-s -w -X $KF/cmd/kflex/common.Version=v$KUBEFLEX_VERSION"

if ((built > 0)); then
  log "built $built binaries in $((SECONDS - total_start))s"
fi

# ---- smoke check: every binary starts, and embeds the pinned module ----------------------
# expect and embeds: sandbox/lib.sh. KubeStellar's mains parse flags with pflag's ExitOnError,
# which exits 2 after printing the usage for --help.
expect ks-controller-manager 2 "--its-name" "$BIN/ks-controller-manager" --help
expect ocm-transport-controller 2 "--transport-kubeconfig" "$BIN/ocm-transport-controller" --help
expect kubeflex-manager 0 "-health-probe-bind-address" "$BIN/kubeflex-manager" --help
expect kflex 0 "kflex [command]" "$BIN/kflex" --help
# kflex version prints its stamped version, then fails to reach a cluster (no kubeconfig).
expect kflex 1 "Kubeflex version: v$KUBEFLEX_VERSION" "$BIN/kflex" version --kubeconfig "$DIR/no-such-kubeconfig"
embeds ks-controller-manager "$KS" "v$KUBESTELLAR_VERSION"
embeds ocm-transport-controller "$KS" "v$KUBESTELLAR_VERSION"
embeds kubeflex-manager "$KF" "v$KUBEFLEX_VERSION"
embeds kflex "$KF" "v$KUBEFLEX_VERSION"
log "all binaries start and embed the pinned modules"

# ---- CRDs the sandbox applies: KubeFlex's (KubeStellar's controller-manager installs its own
# into the WDS from the copy embedded in its binary) ----------------------------------------------
if [[ ! -f "$DIR/crds/kubeflex/.complete" ]]; then
  kf_dir="$(cd "$WRAP/kubeflex" && go list -m -f '{{.Dir}}' "$KF")" || die "cannot locate the $KF module"
  mkdir -p "$DIR/crds/kubeflex"
  cp "$kf_dir"/config/crd/bases/tenancy.kflex.kubestellar.org_*.yaml "$DIR/crds/kubeflex/"
  chmod 644 "$DIR"/crds/kubeflex/*.yaml
  touch "$DIR/crds/kubeflex/.complete"
  log "KubeFlex CRDs in $DIR/crds/kubeflex"
fi

if [[ ! -f "$DIR/.done" ]]; then
  printf 'built %s with %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(go version)" >"$DIR/.done.tmp"
  mv -f "$DIR/.done.tmp" "$DIR/.done"
fi

if [[ "${1:-}" == "--prune" ]]; then
  for d in "$KSITS_CACHE"/interop-*; do
    [[ "$d" == "$DIR" || ! -d "$d" ]] && continue
    log "pruning $d"
    rm -rf "$d"
  done
fi

log "bin dir: $BIN"
echo "$BIN"
