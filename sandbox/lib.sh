# Shared helpers for the sandbox scripts. Source it; it does nothing by itself.
# shellcheck shell=bash

KSITS_SANDBOX_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KSITS_CACHE="${KSITS_CACHE:-$HOME/.cache/kubestellar-its}"

# ksits_toolchain_hash: short hash of the pins: versions.env plus every file of the
# wrapper modules (their go.mod/go.sum hold the same pins in Go's terms, and
# wrappers/ocm/cmd holds the source of our own small ocm-webhooks command).
ksits_toolchain_hash() {
  (
    cd "$KSITS_SANDBOX_SRC" || exit 1
    cat versions.env
    find wrappers -type f | LC_ALL=C sort | while IFS= read -r f; do
      printf '\n== %s\n' "$f"
      cat "$f"
    done
  ) | sha256sum | cut -c1-12
}

# ksits_toolchain_dir: where toolchain.sh puts (or has put) the binaries.
ksits_toolchain_dir() {
  printf '%s/toolchain-%s\n' "$KSITS_CACHE" "$(ksits_toolchain_hash)"
}
