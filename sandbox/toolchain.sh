#!/usr/bin/env bash
# Builds the sandbox toolchain from pinned Go module versions (sandbox/versions.env and
# the wrapper modules in sandbox/wrappers/*) into a cache outside the repo:
#
#   ${KSITS_CACHE:-$HOME/.cache/kubestellar-its}/toolchain-<hash>/
#     bin/         kube-apiserver kube-controller-manager kubectl etcd ocm-webhooks
#                  registration work registration-operator placement clusteradm
#     pulumi/bin/  pulumi pulumi-language-nodejs pulumi-resource-pulumi-nodejs
#     plugins/     pulumi-resource-kubernetes (installed into PULUMI_HOME by pulumi-env.sh)
#     crds/        OCM CRDs from open-cluster-management.io/api
#     logs/        go build output per binary (shown when a build fails)
#
# Binaries already present are skipped, so a second run takes seconds.
# Usage: sandbox/toolchain.sh [--print-dir | --prune]
#   --print-dir  print the toolchain directory for the current pins and exit
#   --prune      after building, delete toolchain-* directories of other pins
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KSITS_LOG_TAG=toolchain
# shellcheck source=lib.sh
source "$HERE/lib.sh"
# shellcheck source=versions.env
source "$HERE/versions.env"

TC="$(ksits_toolchain_dir)"
if [[ "${1:-}" == "--print-dir" ]]; then
  echo "$TC"
  exit 0
fi

BIN="$TC/bin"
PBIN="$TC/pulumi/bin"
PLUGINS="$TC/plugins"
CRDS="$TC/crds"
WRAP="$HERE/wrappers"
PINS_FILE=versions.env
LOGS="$TC/logs"
mkdir -p "$BIN" "$PBIN" "$PLUGINS" "$TC/src" "$LOGS"

command -v go >/dev/null || { echo "[toolchain] ERROR: go not found on PATH" >&2; exit 1; }

# Builds are pinned by the committed go.mod/go.sum: no go.mod rewrites, no new sums
# (a missing go.sum line fails instead of being fetched), no toolchain switching.
export CGO_ENABLED=0
export GOFLAGS="-mod=readonly -buildvcs=false"
export GOTOOLCHAIN=local

# build NAME DEST_DIR WRAPPER PACKAGE DESCRIPTION [extra go build args...]
build() {
  local name="$1" dest="$2" wrapper="$3" pkg="$4" desc="$5"
  shift 5
  if [[ -x "$dest/$name" ]]; then
    log "$name ($desc) cached"
    return 0
  fi
  log "building $name ($desc)..."
  local start=$SECONDS tmp="$dest/.$name.tmp"
  (cd "$WRAP/$wrapper" && go build -trimpath -o "$tmp" "$@" "$pkg") >"$LOGS/$name.log" 2>&1 ||
    fail_with_log "$name"
  mv -f "$tmp" "$dest/$name"
  log "$name done in $((SECONDS - start))s"
}

K8S_LDFLAGS=""
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  K8S_LDFLAGS+=" -X $p.gitVersion=v$KUBERNETES_VERSION"
  K8S_LDFLAGS+=" -X $p.gitMajor=${KUBERNETES_VERSION%%.*}"
  K8S_LDFLAGS+=" -X $p.gitMinor=$(cut -d. -f2 <<<"$KUBERNETES_VERSION")"
  K8S_LDFLAGS+=" -X $p.gitTreeState=clean"
done

PULUMI_VERSION_PKG=github.com/pulumi/pulumi/sdk/v3/go/common/version

log "cache: $TC"
log "checking pins in wrappers against versions.env..."
check_pin pulumi github.com/pulumi/pulumi/pkg/v3 "v$PULUMI_VERSION"
check_pin pulumi github.com/pulumi/pulumi/sdk/v3 "v$PULUMI_VERSION"
check_pin pulumi-language-nodejs github.com/pulumi/pulumi/sdk/v3 "v$PULUMI_LANGUAGE_NODEJS_SDK_VERSION"
check_pin pulumi-kubernetes github.com/pulumi/pulumi-kubernetes/provider/v4 "$PULUMI_KUBERNETES_PROVIDER_MODULE_VERSION"
check_pin pulumi-kubernetes github.com/pulumi/pulumi-kubernetes/sdk/v4 "v$PULUMI_KUBERNETES_VERSION"
check_pin kubernetes k8s.io/kubernetes "v$KUBERNETES_VERSION"
check_pin etcd go.etcd.io/etcd/server/v3 "v$ETCD_VERSION"
check_pin ocm open-cluster-management.io/ocm "v$OCM_VERSION"
check_pin ocm open-cluster-management.io/api "v$OCM_API_VERSION"
check_pin clusteradm open-cluster-management.io/clusteradm "v$CLUSTERADM_VERSION"
check_pin clusteradm open-cluster-management.io/ocm "v$OCM_VERSION"

# ---- Pulumi engine -----------------------------------------------------------------
build pulumi "$PBIN" pulumi github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
  "github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION" \
  -tags osusergo,grpcnotrace -ldflags "-s -w -X $PULUMI_VERSION_PKG.Version=v$PULUMI_VERSION"

build pulumi-language-nodejs "$PBIN" pulumi-language-nodejs \
  github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
  "github.com/pulumi/pulumi/sdk/v3 v$PULUMI_LANGUAGE_NODEJS_SDK_VERSION" \
  -tags osusergo,grpcnotrace -ldflags "-s -w -X $PULUMI_VERSION_PKG.Version=v$PULUMI_LANGUAGE_NODEJS_SDK_VERSION"

# The dynamic-provider launcher, mirroring the script at the root of npm @pulumi/pulumi:
# it runs the dynamic provider of the @pulumi/pulumi that the program's node resolves.
if [[ ! -x "$PBIN/pulumi-resource-pulumi-nodejs" ]]; then
  cat >"$PBIN/.pulumi-resource-pulumi-nodejs.tmp" <<'EOF'
#!/bin/sh
PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")
if [ -n "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" ]; then
    exec node "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" "$@"
fi
EOF
  chmod +x "$PBIN/.pulumi-resource-pulumi-nodejs.tmp"
  mv -f "$PBIN/.pulumi-resource-pulumi-nodejs.tmp" "$PBIN/pulumi-resource-pulumi-nodejs"
  log "pulumi-resource-pulumi-nodejs written"
else
  log "pulumi-resource-pulumi-nodejs cached"
fi

# Kubernetes provider: main.go embeds schema-embed.json and terraform-mapping-embed.json,
# which are not in the module zip. Copy the module out of the module cache, point it at
# the published sdk/v4 instead of ../sdk, generate the files, build there with the
# wrapper's go.sum.
KPROV=github.com/pulumi/pulumi-kubernetes/provider/v4
if [[ -x "$PLUGINS/pulumi-resource-kubernetes" ]]; then
  log "pulumi-resource-kubernetes ($KPROV $PULUMI_KUBERNETES_PROVIDER_MODULE_VERSION = v$PULUMI_KUBERNETES_VERSION) cached"
else
  log "building pulumi-resource-kubernetes ($KPROV $PULUMI_KUBERNETES_PROVIDER_MODULE_VERSION = v$PULUMI_KUBERNETES_VERSION)..."
  start=$SECONDS
  moddir="$(cd "$WRAP/pulumi-kubernetes" && go mod download "$KPROV" && go list -m -f '{{.Dir}}' "$KPROV")"
  [[ -n "$moddir" && -d "$moddir" ]] || die "module dir of $KPROV not found"
  src="$TC/src/pulumi-kubernetes-provider"
  rm -rf "$src"
  cp -r "$moddir" "$src"
  chmod -R u+w "$src"
  (
    cd "$src"
    go mod edit -dropreplace=github.com/pulumi/pulumi-kubernetes/sdk/v4 \
      -require="github.com/pulumi/pulumi-kubernetes/sdk/v4@v$PULUMI_KUBERNETES_VERSION"
    cp "$WRAP/pulumi-kubernetes/go.sum" go.sum
    cd cmd/pulumi-resource-kubernetes
    VERSION="$PULUMI_KUBERNETES_VERSION" go run generate.go
    go build -trimpath -o "$PLUGINS/.pulumi-resource-kubernetes.tmp" \
      -ldflags "-s -w -X $KPROV/pkg/version.Version=$PULUMI_KUBERNETES_VERSION" .
  ) >"$LOGS/pulumi-resource-kubernetes.log" 2>&1 || fail_with_log pulumi-resource-kubernetes
  mv -f "$PLUGINS/.pulumi-resource-kubernetes.tmp" "$PLUGINS/pulumi-resource-kubernetes"
  rm -rf "$src"
  log "pulumi-resource-kubernetes done in $((SECONDS - start))s"
fi

# ---- Kubernetes and etcd -----------------------------------------------------------
for b in kube-apiserver kube-controller-manager kubectl; do
  build "$b" "$BIN" kubernetes "k8s.io/kubernetes/cmd/$b" "k8s.io/kubernetes v$KUBERNETES_VERSION" \
    -ldflags "-s -w$K8S_LDFLAGS"
done

build etcd "$BIN" etcd go.etcd.io/etcd/server/v3 "go.etcd.io/etcd/server/v3 v$ETCD_VERSION" \
  -ldflags "-s -w"

# ---- OCM -----------------------------------------------------------------------------
OCM_LDFLAGS="-s -w -X open-cluster-management.io/ocm/pkg/version.versionFromGit=v$OCM_VERSION"
OCM_LDFLAGS+=" -X open-cluster-management.io/ocm/pkg/version.majorFromGit=${OCM_VERSION%%.*}"
OCM_LDFLAGS+=" -X open-cluster-management.io/ocm/pkg/version.minorFromGit=$(cut -d. -f2 <<<"$OCM_VERSION")"
for b in registration work registration-operator placement; do
  build "$b" "$BIN" ocm "open-cluster-management.io/ocm/cmd/$b" "open-cluster-management.io/ocm v$OCM_VERSION" \
    -ldflags "$OCM_LDFLAGS"
done

# Our own main (sandbox/wrappers/ocm/cmd/ocm-webhooks) serving OCM's registration and
# work webhooks on 127.0.0.1 (the stock webhook-server commands bind all interfaces and
# a fixed :8000 health port each).
build ocm-webhooks "$BIN" ocm ./cmd/ocm-webhooks "OCM webhooks, open-cluster-management.io/ocm v$OCM_VERSION" \
  -ldflags "-s -w"

build clusteradm "$BIN" clusteradm open-cluster-management.io/clusteradm/cmd/clusteradm \
  "open-cluster-management.io/clusteradm v$CLUSTERADM_VERSION" \
  -ldflags "-s -w -X open-cluster-management.io/clusteradm/pkg/version.versionFromGit=v$CLUSTERADM_VERSION"

if [[ -f "$CRDS/.done" ]]; then
  log "crds (open-cluster-management.io/api v$OCM_API_VERSION) cached"
else
  log "copying crds (open-cluster-management.io/api v$OCM_API_VERSION)..."
  apidir="$(cd "$WRAP/ocm" && go mod download open-cluster-management.io/api && go list -m -f '{{.Dir}}' open-cluster-management.io/api)"
  rm -rf "$CRDS"
  mkdir -p "$CRDS"
  while IFS= read -r f; do
    install -m 0644 "$f" "$CRDS/$(basename "$f")"
  done < <(find "$apidir" -name '*.crd.yaml' -not -path '*/test/*' | sort)
  touch "$CRDS/.done"
  log "crds done ($(find "$CRDS" -name '*.yaml' | wc -l) files)"
fi

# ---- smoke check: every binary starts and reports the pinned version -------------------
expect() { # description expected-substring command...
  local what="$1" want="$2" out
  shift 2
  out="$("$@" 2>&1)" || die "$what: '$*' failed: $out"
  [[ "$out" == *"$want"* ]] || die "$what: '$*' printed '$out', expected '$want'"
}
expect pulumi "v$PULUMI_VERSION" "$PBIN/pulumi" version
expect pulumi-language-nodejs "Usage" "$PBIN/pulumi-language-nodejs" -help
expect pulumi-resource-kubernetes "Usage" "$PLUGINS/pulumi-resource-kubernetes" -help
for b in kube-apiserver kube-controller-manager; do
  expect "$b" "Kubernetes v$KUBERNETES_VERSION" "$BIN/$b" --version
done
expect kubectl "Client Version: v$KUBERNETES_VERSION" "$BIN/kubectl" version --client
expect etcd "etcd Version: $ETCD_VERSION" "$BIN/etcd" --version
for b in registration work registration-operator placement; do
  expect "$b" "version v$OCM_VERSION" "$BIN/$b" --version
done
expect ocm-webhooks "-manifest-limit" "$BIN/ocm-webhooks" -h
expect clusteradm ":v$CLUSTERADM_VERSION" "$BIN/clusteradm" version
log "all binaries start and report the pinned versions"

if [[ "${1:-}" == "--prune" ]]; then
  for d in "$KSITS_CACHE"/toolchain-*; do
    [[ "$d" == "$TC" || ! -d "$d" ]] && continue
    log "pruning $d"
    rm -rf "$d"
  done
fi

log "pulumi bin dir: $PBIN"
log "bin dir: $BIN"
echo "$BIN"
