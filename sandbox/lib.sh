# Shared helpers for the sandbox scripts. Source it; it does nothing by itself.
# shellcheck shell=bash

KSITS_SANDBOX_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KSITS_CACHE="${KSITS_CACHE:-$HOME/.cache/kubestellar-its}"

# The wrapper modules built by interop-build.sh (pinned by interop-versions.env), not by
# toolchain.sh: they are left out of the toolchain hash, so adding or bumping them never
# invalidates the toolchain cache.
KSITS_INTEROP_WRAPPERS=(kubestellar kubeflex)

# ksits_toolchain_hash: short hash of the pins: versions.env plus every file of the
# wrapper modules (their go.mod/go.sum hold the same pins in Go's terms, and
# wrappers/ocm/cmd holds the source of our own small ocm-webhooks command), except the
# interop wrappers.
ksits_toolchain_hash() {
  (
    cd "$KSITS_SANDBOX_SRC" || exit 1
    local w skip=()
    for w in "${KSITS_INTEROP_WRAPPERS[@]}"; do
      skip+=(-not -path "wrappers/$w/*")
    done
    cat versions.env
    find wrappers -type f "${skip[@]}" | LC_ALL=C sort | while IFS= read -r f; do
      printf '\n== %s\n' "$f"
      cat "$f"
    done
  ) | sha256sum | cut -c1-12
}

# ksits_interop_hash: short hash of the interop pins: interop-versions.env plus every
# file of the interop wrapper modules (tools.go, go.mod, go.sum).
ksits_interop_hash() {
  (
    cd "$KSITS_SANDBOX_SRC" || exit 1
    local w
    cat interop-versions.env
    for w in "${KSITS_INTEROP_WRAPPERS[@]}"; do
      find "wrappers/$w" -type f
    done | LC_ALL=C sort | while IFS= read -r f; do
      printf '\n== %s\n' "$f"
      cat "$f"
    done
  ) | sha256sum | cut -c1-12
}

# ksits_toolchain_dir: where toolchain.sh puts (or has put) the binaries.
ksits_toolchain_dir() {
  printf '%s/toolchain-%s\n' "$KSITS_CACHE" "$(ksits_toolchain_hash)"
}

# ksits_interop_dir: where interop-build.sh puts (or has put) the KubeStellar and
# KubeFlex binaries.
ksits_interop_dir() {
  printf '%s/interop-%s\n' "$KSITS_CACHE" "$(ksits_interop_hash)"
}
