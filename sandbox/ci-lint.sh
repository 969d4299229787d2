#!/usr/bin/env bash
# Lints the example pull-request pipelines under examples/ci (`npm run lint` runs it):
# the GitHub Actions workflow with actionlint (built once from the Go module pinned in
# sandbox/lint/actionlint, with ShellCheck checking each `run:` block), and the GitLab CI file's
# YAML and every `script:` line with ShellCheck. Usage: sandbox/ci-lint.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/sandbox/lib.sh"
MOD="$ROOT/sandbox/lint/actionlint"
VERSION="$(awk '$1 == "require" && $2 == "github.com/rhysd/actionlint" { print $3 }' "$MOD/go.mod")"
BIN="$KSITS_CACHE/actionlint-$VERSION/actionlint"
if [[ ! -x "$BIN" ]]; then
  # -mod=readonly: go.sum must already hold every checksum; nothing new is fetched unverified.
  (cd "$MOD" && GOFLAGS=-mod=readonly go build -trimpath -o "$BIN.tmp" github.com/rhysd/actionlint/cmd/actionlint)
  mv "$BIN.tmp" "$BIN"
fi
SHELLCHECK_DIR="$(bash "$ROOT/sandbox/shellcheck.sh" --print-bin-dir)"
cd "$ROOT"
mapfile -t workflows < <(git ls-files 'examples/ci/github/*.yml')
PATH="$SHELLCHECK_DIR:$PATH" "$BIN" -shellcheck shellcheck "${workflows[@]}"
mapfile -t gitlab < <(git ls-files 'examples/ci/gitlab/*.yml')
for file in "${gitlab[@]}"; do
  node "$ROOT/sandbox/lint/gitlab-scripts.cjs" "$file" | while IFS= read -r -d '' job; do
    printf '%s' "$job" | "$SHELLCHECK_DIR/shellcheck" -s bash -
  done
done
echo "actionlint $VERSION: ${#workflows[@]} workflow(s) clean; shellcheck: ${#gitlab[@]} GitLab CI file(s) clean"
