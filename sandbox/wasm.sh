#!/usr/bin/env bash
# Builds bin/wasm/: the reference Go code the library runs (wasm/main.go: kubectl 1.35.4's YAML
# reading and KubeStellar v0.30.0's template expansion, pinned by wasm/go.mod and go.sum),
# compiled to WebAssembly, plus the wasm_exec.js of the Go that built it. The package ships
# both; `npm run build` and `npm test` call this script. The build is cached outside the repo:
#
#   ${KSITS_CACHE:-$HOME/.cache/kubestellar-its}/wasm-<hash>/
#     kubestellar-its.wasm, wasm_exec.js   (moved in only once built and checked)
#     licenses/                            Go's and every linked module's license
#     build.log                            go build output
#     .lock                                flock(1): a second run waits for the first
#
# <hash> covers wasm/go.mod, go.sum, main.go and `go version`. With a warm Go module cache the
# build takes seconds; cold, it downloads three modules from the Go module proxy.
# Usage: sandbox/wasm.sh [output dir, default bin/wasm]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KSITS_LOG_TAG=wasm KSITS_LOG_STDERR=1
# shellcheck source=lib.sh
source "$HERE/lib.sh"

command -v go >/dev/null || die "go not found on PATH (the library's WebAssembly is built from wasm/ with Go)"

ROOT="$(cd "$HERE/.." && pwd)"
SRC="$ROOT/wasm"
OUT="${1:-$ROOT/bin/wasm}"
GOROOT_DIR="$(go env GOROOT)"
EXEC_JS="$GOROOT_DIR/lib/wasm/wasm_exec.js"
[[ -f "$EXEC_JS" ]] || EXEC_JS="$GOROOT_DIR/misc/wasm/wasm_exec.js"
[[ -f "$EXEC_JS" ]] || die "wasm_exec.js not found in $GOROOT_DIR"

hash="$(
  cd "$SRC"
  {
    go version
    for f in go.mod go.sum main.go; do
      printf '\n== %s\n' "$f"
      cat "$f"
    done
  } | sha256sum | cut -c1-12
)"
DIR="$KSITS_CACHE/wasm-$hash"

if [[ ! -f "$DIR/kubestellar-its.wasm" ]]; then
  mkdir -p "$DIR"
  exec 9>"$DIR/.lock"
  flock 9
  if [[ ! -f "$DIR/kubestellar-its.wasm" ]]; then
    LOGS="$DIR"
    start=$SECONDS
    tmp="$DIR/.kubestellar-its.wasm.tmp"
    rm -f "$tmp"
    # The committed go.mod/go.sum only: nothing fetched that go.sum does not verify.
    (cd "$SRC" && CGO_ENABLED=0 GOOS=js GOARCH=wasm GOFLAGS="-mod=readonly -buildvcs=false" GOTOOLCHAIN=local \
      go build -trimpath -ldflags="-s -w" -o "$tmp" .) >"$DIR/build.log" 2>&1 || fail_with_log build
    # It must build with the pinned modules (kubectl 1.35.4's and KubeStellar v0.30.0's), not others.
    # golang.org/x/text is kubectl's v0.31.0 raised to v0.32.0 by KubeStellar's go.mod (one build
    # list); its BOM-dropping UTF-8 decoder, the one package used, is the same in both.
    selected="$(cd "$SRC" && GOFLAGS=-mod=readonly GOTOOLCHAIN=local GOOS=js GOARCH=wasm \
      go list -m github.com/kubestellar/kubestellar k8s.io/apimachinery sigs.k8s.io/yaml go.yaml.in/yaml/v2 golang.org/x/text)"
    for dep in "github.com/kubestellar/kubestellar v0.30.0" "k8s.io/apimachinery v0.35.4" \
      "sigs.k8s.io/yaml v1.6.0" "go.yaml.in/yaml/v2 v2.4.3" "golang.org/x/text v0.32.0"; do
      grep -qxF "$dep" <<<"$selected" || die "kubestellar-its.wasm: the build does not select $dep (got: $selected)"
    done
    cp "$EXEC_JS" "$DIR/wasm_exec.js"
    # The licenses of what is linked in (Go's runtime and wasm_exec.js, every module), shipped with it.
    rm -rf "$DIR/licenses"
    mkdir -p "$DIR/licenses"
    cp "$GOROOT_DIR/LICENSE" "$DIR/licenses/go.LICENSE"
    (cd "$SRC" && GOFLAGS=-mod=readonly GOTOOLCHAIN=local GOOS=js GOARCH=wasm \
      go list -deps -f '{{if .Module}}{{if .Module.Version}}{{.Module.Path}} {{.Module.Dir}}{{end}}{{end}}' .) |
      sort -u | while read -r path dir; do
      lic="$(find "$dir" -maxdepth 1 -iname 'LICENSE*' | head -n 1)"
      [[ -n "$lic" ]] || die "no license file in $dir ($path)"
      cp "$lic" "$DIR/licenses/${path//\//_}.LICENSE"
    done
    mv -f "$tmp" "$DIR/kubestellar-its.wasm"
    log "built in $((SECONDS - start))s ($(stat -c %s "$DIR/kubestellar-its.wasm") bytes)"
  fi
fi

mkdir -p "$OUT"
rm -rf "$OUT/licenses"
cp -r "$DIR/kubestellar-its.wasm" "$DIR/wasm_exec.js" "$DIR/licenses" "$OUT/"
echo "$OUT"
