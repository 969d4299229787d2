#!/usr/bin/env bash
# Generates the Python and Go SDKs of the kubestellar-its Pulumi package from its schema
# (provider/schema.json) with ksits-sdkgen (pulumi pkg/v3 codegen, built by languages-build.sh),
# into sdk/python and sdk/go, replacing them.
#
# Usage: sandbox/sdkgen.sh [--check] [--schema FILE] [--out DIR]
#   --check        generate into a temporary directory and fail, listing the files that differ,
#                  when DIR/python or DIR/go is not what the schema generates (files git ignores,
#                  such as a Python build/ or *.egg-info, are not compared); writes nothing
#   --schema FILE  the schema (default: provider/schema.json)
#   --out DIR      where python/ and go/ go (default: sdk/)
#
# The schema should set language.python.respectSchemaVersion and language.go.respectSchemaVersion:
# without them the SDKs carry version 0.0.0 (Python) or 1.0.0 (Go, from the import path), and the
# engine looks for a provider plugin of that version instead of the schema's.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KSITS_LOG_TAG=sdkgen
# shellcheck source=lib.sh
source "$ROOT/sandbox/lib.sh"

check=0
schema="$ROOT/provider/schema.json"
out="$ROOT/sdk"
while (($#)); do
  case "$1" in
    --check) check=1 ;;
    --schema)
      schema="${2:?--schema needs a file}"
      shift
      ;;
    --out)
      out="${2:?--out needs a directory}"
      shift
      ;;
    *)
      echo "usage: $0 [--check] [--schema FILE] [--out DIR]" >&2
      exit 2
      ;;
  esac
  shift
done
[[ -f "$schema" ]] || die "no schema at $schema"

# ksits-sdkgen: the cached build, else build it (with the rest of languages-build.sh's pieces).
if ! bin="$(bash "$ROOT/sandbox/languages-build.sh" --check)"; then
  log "no complete languages build for the current pins; building it (sandbox/languages-build.sh)..."
  bin="$(bash "$ROOT/sandbox/languages-build.sh")"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Its lines name the temp dir; shown only when it fails (with its errors).
"$bin/ksits-sdkgen" -out "$tmp/gen" "$schema" 2>"$tmp/sdkgen.log" || {
  cat "$tmp/sdkgen.log" >&2
  die "ksits-sdkgen failed on $schema"
}

if ((check == 0)); then
  mkdir -p "$out"
  for lang in python go; do
    rm -rf "${out:?}/$lang"
    cp -R "$tmp/gen/$lang" "$out/$lang"
  done
  log "wrote $out/python and $out/go from $schema"
  exit 0
fi

# --check: compare file lists and contents. In a git work tree the files compared are those git
# would see (tracked, or untracked and not ignored); elsewhere every file.
list_out() {
  if git -C "$out" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (cd "$out" && git ls-files --cached --others --exclude-standard -- python go | LC_ALL=C sort -u)
  else
    (cd "$out" && find python go -type f 2>/dev/null | LC_ALL=C sort)
  fi
}
(cd "$tmp/gen" && find python go -type f | LC_ALL=C sort) >"$tmp/want"
list_out >"$tmp/have"
# A file listed by git but deleted from the work tree counts as missing.
while IFS= read -r f; do
  [[ -f "$out/$f" ]] && printf '%s\n' "$f"
done <"$tmp/have" >"$tmp/have.present"

problems=0
while IFS= read -r f; do
  echo "missing: $out/$f (the schema generates it)" >&2
  problems=$((problems + 1))
done < <(LC_ALL=C comm -23 "$tmp/want" "$tmp/have.present")
while IFS= read -r f; do
  echo "extra:   $out/$f (the schema does not generate it)" >&2
  problems=$((problems + 1))
done < <(LC_ALL=C comm -13 "$tmp/want" "$tmp/have.present")
while IFS= read -r f; do
  if ! cmp -s "$tmp/gen/$f" "$out/$f"; then
    echo "differs: $out/$f" >&2
    diff -u "$out/$f" "$tmp/gen/$f" | head -n 20 | sed 's/^/    /' >&2 || true
    problems=$((problems + 1))
  fi
done < <(LC_ALL=C comm -12 "$tmp/want" "$tmp/have.present")

if ((problems > 0)); then
  die "$problems file(s) of $out are not what $schema generates: run sandbox/sdkgen.sh and commit them"
fi
log "$out/python and $out/go match $schema ($(wc -l <"$tmp/want") files)"
