# Shared helpers for the sandbox scripts. Source it; it does nothing by itself.
# shellcheck shell=bash

KSITS_SANDBOX_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KSITS_CACHE="${KSITS_CACHE:-$HOME/.cache/kubestellar-its}"

# ksits_toolchain_hash: short hash of the pins (versions.env plus every wrapper's go.mod,
# which hold the same pins in Go's terms).
ksits_toolchain_hash() {
  (
    cd "$KSITS_SANDBOX_SRC"
    cat versions.env
    for f in wrappers/*/go.mod; do
      printf '\n== %s\n' "$f"
      cat "$f"
    done
  ) | sha256sum | cut -c1-12
}

# ksits_toolchain_dir: where toolchain.sh puts (or has put) the binaries.
ksits_toolchain_dir() {
  printf '%s/toolchain-%s\n' "$KSITS_CACHE" "$(ksits_toolchain_hash)"
}
