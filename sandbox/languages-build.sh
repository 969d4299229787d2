#!/usr/bin/env bash
# Builds the language tooling of the multi-language package from pinned Go modules and PyPI wheels
# (sandbox/languages-versions.env, sandbox/languages-python-requirements.txt and the wrapper modules
# sandbox/wrappers/pulumi-language-yaml, pulumi-language-python and sdkgen) into a cache outside the
# repo:
#
#   ${KSITS_CACHE:-$HOME/.cache/kubestellar-its}/languages-<hash>/
#     bin/    pulumi-language-yaml         github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
#             pulumi-language-python       github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python (v3.68.0)
#             pulumi-language-python-exec  the host's exec shim (a Python script) from the same module
#             ksits-sdkgen                 our SDK generator (wrappers/sdkgen/cmd/ksits-sdkgen, pkg/v3 codegen)
#     venv/   Python venv with pulumi (PyPI) and its pinned dependencies, for Python programs
#     logs/   go build and pip output per piece; times.tsv (piece, seconds, bytes) of the builds
#     .done   written last, once everything is built and starts; without it the directory is an
#             unfinished build (each binary is moved into bin/ only when its go build succeeded,
#             the venv is marked complete only once pip and the checks succeeded)
#     .lock   flock(1) lock: a second run waits for the first instead of building twice
#
# To run programs: put bin/ on PATH next to the sandbox CLI (the engine finds language hosts on
# PATH), and for Python programs activate the venv (venv/bin first on PATH, VIRTUAL_ENV=venv): the
# v3.274.1 engine never passes -virtualenv to this host, so runtime.options.virtualenv is ignored.
#
# Pieces already built are skipped, so a second run takes about a second. Builds run one package at a
# time (-p=1) under nice -n 19, so they can share the machine with other builds and test tiers.
#
# Only the bin dir is printed on stdout; progress goes to stderr.
# Usage: sandbox/languages-build.sh [--print-dir | --check | --prune]
#   --print-dir  print the languages directory for the current pins and exit (no build)
#   --check      print the bin dir and exit 0 if a complete build for the current pins exists,
#                else exit 1 (no build, nothing on stdout)
#   --prune      after building, delete languages-* directories of other pins
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Progress goes to stderr: stdout is the bin dir callers read.
KSITS_LOG_TAG=languages KSITS_LOG_STDERR=1
# shellcheck source=lib.sh
source "$HERE/lib.sh"
# shellcheck source=languages-versions.env
source "$HERE/languages-versions.env"
# shellcheck source=versions.env
source "$HERE/versions.env"

DIR="$(ksits_languages_dir)"
BIN="$DIR/bin"
VENV="$DIR/venv"
case "${1:-}" in
  --print-dir)
    echo "$DIR"
    exit 0
    ;;
  --check)
    [[ -f "$DIR/.done" ]] || exit 1
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
PYTHON="${KSITS_PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || die "$PYTHON not found on PATH (set KSITS_PYTHON)"

WRAP="$HERE/wrappers"
PINS_FILE=languages-versions.env
REQUIREMENTS="$HERE/languages-python-requirements.txt"
LOGS="$DIR/logs"
mkdir -p "$BIN" "$LOGS"

exec 9>"$DIR/.lock"
if ! flock -n 9; then
  log "another languages build holds $DIR/.lock; waiting for it..."
  flock 9
fi

# Builds are pinned by the committed go.mod/go.sum: no go.mod rewrites, no new sums (a missing
# go.sum line fails instead of being fetched), no toolchain switching.
export CGO_ENABLED=0
export GOFLAGS="-mod=readonly -buildvcs=false -p=1"
export GOTOOLCHAIN=local

# record NAME SECONDS PATH: one line of times.tsv (bytes = the file's size, or a directory's).
record() {
  local size
  size="$(du -sb "$3" | cut -f1)"
  printf '%s\t%s\t%s\n' "$1" "$2" "$size" >>"$LOGS/times.tsv"
  built=$((built + 1))
  log "$1 done in ${2}s ($size bytes)"
}

# build NAME WRAPPER PACKAGE DESCRIPTION [extra go build args...]
build() {
  local name="$1" wrapper="$2" pkg="$3" desc="$4"
  shift 4
  if [[ -x "$BIN/$name" ]]; then
    log "$name ($desc) cached"
    return 0
  fi
  log "building $name ($desc)..."
  local start=$SECONDS tmp="$BIN/.$name.tmp"
  rm -f "$tmp"
  (cd "$WRAP/$wrapper" && nice -n 19 go build -trimpath -tags osusergo,grpcnotrace -o "$tmp" "$@" "$pkg") \
    >"$LOGS/$name.log" 2>&1 || fail_with_log "$name"
  mv -f "$tmp" "$BIN/$name"
  record "$name" $((SECONDS - start)) "$BIN/$name"
}

YAML=github.com/pulumi/pulumi-yaml
PKG=github.com/pulumi/pulumi/pkg/v3
SDK=github.com/pulumi/pulumi/sdk/v3
VERSION_PKG=$SDK/go/common/version

log "cache: $DIR"
log "checking pins in wrappers against languages-versions.env..."
check_pin pulumi-language-yaml "$YAML" "v$PULUMI_YAML_VERSION"
check_pin pulumi-language-yaml "$PKG" "v$PULUMI_YAML_PULUMI_VERSION"
check_pin pulumi-language-yaml "$SDK" "v$PULUMI_YAML_PULUMI_VERSION"
check_pin pulumi-language-python "$SDK" "v$PULUMI_LANGUAGE_PYTHON_SDK_VERSION"
check_pin sdkgen "$PKG" "v$PULUMI_SDKGEN_VERSION"
check_pin sdkgen "$SDK" "v$PULUMI_SDKGEN_VERSION"
grep -qx "pulumi==$PULUMI_PYTHON_VERSION" "$REQUIREMENTS" ||
  die "languages-python-requirements.txt does not pin pulumi==$PULUMI_PYTHON_VERSION ($PINS_FILE)"
if [[ "$PULUMI_SDKGEN_VERSION" != "$PULUMI_VERSION" ]]; then
  log "warning: ksits-sdkgen uses pkg/v3 v$PULUMI_SDKGEN_VERSION, the CLI v$PULUMI_VERSION (versions.env)"
fi

total_start=$SECONDS
built=0

# ---- language hosts ------------------------------------------------------------------------
build pulumi-language-yaml pulumi-language-yaml "$YAML/cmd/pulumi-language-yaml" "$YAML v$PULUMI_YAML_VERSION" \
  -ldflags "-s -w -X $YAML/pkg/version.Version=v$PULUMI_YAML_VERSION"

build pulumi-language-python pulumi-language-python "$SDK/python/cmd/pulumi-language-python" \
  "$SDK v$PULUMI_LANGUAGE_PYTHON_SDK_VERSION" \
  -ldflags "-s -w -X $VERSION_PKG.Version=v$PULUMI_LANGUAGE_PYTHON_SDK_VERSION"

# The exec shim: the committed copy must be the module's, byte for byte.
SHIM=pulumi-language-python-exec
if [[ ! -x "$BIN/$SHIM" ]]; then
  sdk_dir="$(cd "$WRAP/pulumi-language-python" && go mod download "$SDK" && go list -m -f '{{.Dir}}' "$SDK")" ||
    die "cannot locate the $SDK module"
  cmp -s "$sdk_dir/python/cmd/$SHIM" "$WRAP/pulumi-language-python/$SHIM" ||
    die "wrappers/pulumi-language-python/$SHIM differs from $SDK@v$PULUMI_LANGUAGE_PYTHON_SDK_VERSION/python/cmd/$SHIM"
  install -m 0755 "$WRAP/pulumi-language-python/$SHIM" "$BIN/.$SHIM.tmp"
  mv -f "$BIN/.$SHIM.tmp" "$BIN/$SHIM"
  log "$SHIM installed ($SDK v$PULUMI_LANGUAGE_PYTHON_SDK_VERSION)"
else
  log "$SHIM cached"
fi

# ---- ksits-sdkgen ----------------------------------------------------------------------------
sdk_go_line="$(cd "$WRAP/sdkgen" && go list -m -f '{{.GoVersion}}' "$SDK")"
[[ -n "$sdk_go_line" ]] || die "no go line in $SDK's go.mod"
build ksits-sdkgen sdkgen ./cmd/ksits-sdkgen "our SDK generator, $PKG v$PULUMI_SDKGEN_VERSION codegen" \
  -ldflags "-s -w -X main.pulumiSDKGoVersion=$sdk_go_line"

# ---- Python venv -----------------------------------------------------------------------------
# A venv holds absolute paths (its scripts' shebangs, activate), so it is made in place and marked
# complete at the end; an unfinished one is deleted and made again.
if [[ -f "$VENV/.complete" ]]; then
  log "venv (pulumi==$PULUMI_PYTHON_VERSION) cached"
else
  log "creating venv (pulumi==$PULUMI_PYTHON_VERSION, $("$PYTHON" --version 2>&1))..."
  start=$SECONDS
  rm -rf "$VENV"
  (
    nice -n 19 "$PYTHON" -m venv "$VENV"
    # Wheels only and no dependency resolution: the requirements file pins every package.
    nice -n 19 "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input --no-cache-dir \
      --only-binary=:all: --no-deps -r "$REQUIREMENTS"
    "$VENV/bin/python" -m pip check
  ) >"$LOGS/venv.log" 2>&1 || fail_with_log venv
  touch "$VENV/.complete"
  record venv $((SECONDS - start)) "$VENV"
fi

if ((built > 0)); then
  log "built $built pieces in $((SECONDS - total_start))s"
fi

# ---- smoke check: every binary starts and embeds the pinned module --------------------------------
# expect and embeds: sandbox/lib.sh.
expect pulumi-language-yaml 0 "-root" "$BIN/pulumi-language-yaml" -help
expect pulumi-language-python 0 "-virtualenv" "$BIN/pulumi-language-python" -help
expect ksits-sdkgen 2 "usage: ksits-sdkgen" "$BIN/ksits-sdkgen"
embeds pulumi-language-yaml "$YAML" "v$PULUMI_YAML_VERSION"
embeds pulumi-language-python "$SDK" "v$PULUMI_LANGUAGE_PYTHON_SDK_VERSION"
embeds ksits-sdkgen "$PKG" "v$PULUMI_SDKGEN_VERSION"
# ksits-sdkgen generates both SDKs of a minimal schema, and refuses a broken one.
smoke="$(mktemp -d)"
trap 'rm -rf "$smoke"' EXIT
cat >"$smoke/schema.json" <<'EOF'
{
  "name": "smoke",
  "version": "1.2.3",
  "language": {
    "python": { "respectSchemaVersion": true },
    "go": { "importBasePath": "example.com/smoke/sdk/go/smoke", "respectSchemaVersion": true }
  },
  "resources": {
    "smoke:index:Thing": {
      "isComponent": true,
      "inputProperties": { "name": { "type": "string" } },
      "properties": { "id2": { "type": "string" } }
    }
  }
}
EOF
expect ksits-sdkgen 0 "go SDK of smoke v1.2.3" "$BIN/ksits-sdkgen" -out "$smoke/out" "$smoke/schema.json"
[[ -f "$smoke/out/python/setup.py" && -f "$smoke/out/go/smoke/thing.go" && -f "$smoke/out/go/go.mod" ]] ||
  die "ksits-sdkgen: expected files missing in $(find "$smoke/out" -type f | sort | tr '\n' ' ')"
grep -q '"version": "1.2.3"' "$smoke/out/python/pulumi_smoke/pulumi-plugin.json" ||
  die "ksits-sdkgen: the Python SDK's pulumi-plugin.json lacks the schema version"
sed -i 's/"type": "string"/"type": "strnig"/' "$smoke/schema.json"
expect ksits-sdkgen 1 "invalid schema" "$BIN/ksits-sdkgen" -out "$smoke/bad" "$smoke/schema.json"
# The venv has the pinned pulumi.
expect venv 0 "$PULUMI_PYTHON_VERSION" "$VENV/bin/python" -c \
  'import importlib.metadata as m, pulumi; print(m.version("pulumi"))'
log "all pieces start and embed the pinned versions"

if [[ ! -f "$DIR/.done" ]]; then
  printf 'built %s with %s and %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(go version)" \
    "$("$VENV/bin/python" --version 2>&1)" >"$DIR/.done.tmp"
  mv -f "$DIR/.done.tmp" "$DIR/.done"
fi

if [[ "${1:-}" == "--prune" ]]; then
  for d in "$KSITS_CACHE"/languages-*; do
    [[ "$d" == "$DIR" || ! -d "$d" ]] && continue
    log "pruning $d"
    rm -rf "$d"
  done
fi

log "bin dir: $BIN"
log "venv: $VENV"
echo "$BIN"
