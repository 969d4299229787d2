#!/usr/bin/env bash
# Compile checks of the generated SDKs (sdk/go, sdk/python; see sandbox/sdkgen.sh) and of the
# example programs that use them. Writes nothing in the repo; everything happens in a temp dir.
#
# Usage: sandbox/sdk-check.sh [--sdk DIR] [EXAMPLE...]
#   --sdk DIR  the SDK directory holding go/ and python/ (default: sdk/)
#   EXAMPLE    a directory with .go files (a Go program: package main), a .py file, or a directory
#              with a __main__.py (a Python program; every .py file in it is compiled).
#              Default: docs/examples/go (when it holds .go files) and docs/examples/python (when it
#              holds __main__.py).
#
# Go: a temporary module requires github.com/pulumi/pulumi/sdk/v3 at the CLI's pin (versions.env
# PULUMI_VERSION) and the SDK's module (sdk/go/go.mod) replaced by the SDK directory, holds a copy
# of each Go example's .go files, and `go build`s the SDK's packages and the examples. Its go.sum
# starts from the committed wrapper go.sums; GOFLAGS=-mod=mod there (only there) lets `go mod tidy`
# add what an example needs beyond them.
# Python: the SDK is installed (pip --no-deps --no-build-isolation --no-index, from a copy) into a
# temporary target dir and imported with the languages venv's Python (pulumi from
# languages-python-requirements.txt); its pulumi-plugin.json must carry a version and the installed
# distribution must have that version; each Python example is byte-compiled (py_compile).
# The tools come from languages-build.sh (built first when its cache is cold).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KSITS_LOG_TAG="sdk-check"
# shellcheck source=lib.sh
source "$ROOT/sandbox/lib.sh"
# shellcheck source=versions.env
source "$ROOT/sandbox/versions.env"

sdk="$ROOT/sdk"
examples=()
while (($#)); do
  case "$1" in
    --sdk)
      sdk="${2:?--sdk needs a directory}"
      shift
      ;;
    -*)
      echo "usage: $0 [--sdk DIR] [EXAMPLE...]" >&2
      exit 2
      ;;
    *) examples+=("$1") ;;
  esac
  shift
done
sdk="$(cd "$sdk" && pwd)" || die "no SDK directory"
if ((${#examples[@]} == 0)); then
  if compgen -G "$ROOT/docs/examples/go/*.go" >/dev/null; then examples+=("$ROOT/docs/examples/go"); fi
  if [[ -f "$ROOT/docs/examples/python/__main__.py" ]]; then examples+=("$ROOT/docs/examples/python"); fi
fi

go_examples=()
py_files=()
for e in "${examples[@]}"; do
  if [[ -f "$e" && "$e" == *.py ]]; then
    py_files+=("$(cd "$(dirname "$e")" && pwd)/$(basename "$e")")
  elif [[ -d "$e" && -f "$e/__main__.py" ]]; then
    while IFS= read -r f; do py_files+=("$f"); done < <(find "$(cd "$e" && pwd)" -name '*.py' -not -path '*/venv/*' | LC_ALL=C sort)
  elif [[ -d "$e" ]] && compgen -G "$e/*.go" >/dev/null; then
    go_examples+=("$(cd "$e" && pwd)")
  else
    die "example $e: not a .py file, a directory with __main__.py, nor a directory with .go files"
  fi
done

[[ -f "$sdk/go/go.mod" ]] || die "no $sdk/go/go.mod: generate the SDKs first (sandbox/sdkgen.sh)"
[[ -d "$sdk/python" ]] || die "no $sdk/python: generate the SDKs first (sandbox/sdkgen.sh)"

if ! bin="$(bash "$ROOT/sandbox/languages-build.sh" --check)"; then
  log "no complete languages build for the current pins; building it (sandbox/languages-build.sh)..."
  bin="$(bash "$ROOT/sandbox/languages-build.sh")"
fi
venv="$(dirname "$bin")/venv"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# ---- Go -------------------------------------------------------------------------------------------
start=$SECONDS
sdk_module="$(awk '$1 == "module" { print $2; exit }' "$sdk/go/go.mod")"
[[ -n "$sdk_module" ]] || die "$sdk/go/go.mod has no module line"
while IFS= read -r f; do
  grep -q '"version":' "$f" ||
    die "$f has no version: set language.go.respectSchemaVersion in the schema"
done < <(find "$sdk/go" -name pulumi-plugin.json)
export CGO_ENABLED=0 GOTOOLCHAIN=local
mod="$tmp/go"
mkdir -p "$mod"
go_line="$(cd "$ROOT/sandbox/wrappers/sdkgen" && GOFLAGS=-mod=readonly go list -m -f '{{.GoVersion}}' github.com/pulumi/pulumi/sdk/v3)"
cat >"$mod/go.mod" <<EOF
module ksits-sdk-check

go $go_line

require (
	github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION
	$sdk_module v0.0.0
)

replace $sdk_module => $sdk/go
EOF
cat "$ROOT/sandbox/wrappers/pulumi/go.sum" "$ROOT/sandbox/wrappers/sdkgen/go.sum" | LC_ALL=C sort -u >"$mod/go.sum"
# Every package of the SDK (those under internal/ come with their parents), imported by one file,
# so that the SDK is compiled even without an example.
{
  echo "// Package sdkimports imports every package of the SDK under check."
  echo "package sdkimports"
  echo
  echo "import ("
  (cd "$sdk/go" && find . -name '*.go' -not -name '*_test.go' -printf '%h\n') | LC_ALL=C sort -u |
    while IFS= read -r d; do
      d="${d#.}"
      [[ "$d" == */internal || "$d" == */internal/* ]] && continue
      printf '\t_ "%s%s"\n' "$sdk_module" "$d"
    done
  echo ")"
} >"$mod/sdkimports.go"
grep -q '_ "' "$mod/sdkimports.go" || die "$sdk/go holds no Go package"
i=0
for e in "${go_examples[@]}"; do
  i=$((i + 1))
  d="$mod/examples/$i-$(basename "$e")"
  mkdir -p "$d"
  cp "$e"/*.go "$d/"
done
(
  cd "$mod"
  export GOFLAGS="-mod=mod -buildvcs=false"
  go mod tidy
  nice -n 19 go build -trimpath ./...
) >"$tmp/go.log" 2>&1 || {
  cat "$tmp/go.log" >&2
  die "the Go SDK ($sdk/go, module $sdk_module) or a Go example does not compile"
}
log "Go: $sdk_module and ${#go_examples[@]} example(s) compile against github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION ($((SECONDS - start))s)"
for e in "${go_examples[@]}"; do log "  $e"; done

# ---- Python ------------------------------------------------------------------------------------------
start=$SECONDS
py="$venv/bin/python"
export PYTHONPYCACHEPREFIX="$tmp/pycache" PYTHONDONTWRITEBYTECODE=1
cp -R "$sdk/python" "$tmp/pysrc"
"$py" -m pip install --disable-pip-version-check --no-input --quiet --no-deps --no-build-isolation --no-index \
  --target "$tmp/site" "$tmp/pysrc" >"$tmp/pip.log" 2>&1 || {
  cat "$tmp/pip.log" >&2
  die "pip could not install the Python SDK ($sdk/python)"
}
mapfile -t plugin_files < <(find "$tmp/site" -mindepth 2 -maxdepth 2 -name pulumi-plugin.json)
((${#plugin_files[@]} == 1)) || die "expected one package with a pulumi-plugin.json in the installed SDK, found ${#plugin_files[@]}"
pkg_dir="$(dirname "${plugin_files[0]}")"
pkg="$(basename "$pkg_dir")"
PYTHONPATH="$tmp/site" "$py" - "$pkg" "${plugin_files[0]}" <<'EOF' || die "the Python SDK check failed"
import importlib, importlib.metadata, json, sys
from packaging.version import Version
name, plugin_json = sys.argv[1], sys.argv[2]
with open(plugin_json) as f:
    plugin = json.load(f)
version = plugin.get("version")
if not version:
    sys.exit(f"{plugin_json} has no version: set language.python.respectSchemaVersion in the schema")
importlib.import_module(name)
dist = importlib.metadata.version(name)
if Version(dist) != Version(version):
    sys.exit(f"installed {name} is version {dist}, its pulumi-plugin.json says {version}")
print(f"{name} {dist} imports (plugin {plugin['name']} v{version}) with pulumi {importlib.metadata.version('pulumi')}")
EOF
"$py" -m compileall -q "$pkg_dir" >/dev/null || die "the Python SDK does not byte-compile"
for f in "${py_files[@]}"; do
  "$py" -m py_compile "$f" || die "$f does not compile"
done
log "Python: $pkg installs, imports and byte-compiles; ${#py_files[@]} example file(s) compile ($((SECONDS - start))s)"
for f in "${py_files[@]}"; do log "  $f"; done
