#!/usr/bin/env bash
# What a reviewer reads on a pull request of a Pulumi project that uses kubestellar-its:
# `pulumi preview --diff` of the pull request, and what each WEC will hold before and after, as
# a unified diff of the per-WEC renders (KSITS_RENDER_DIR: one YAML file per object and WEC,
# Secrets by name only). The base is checked out beside the pull request with `git worktree`.
#
# Usage: render-diff.sh <stack> <base-ref> <out-dir> [project-dir]
# Writes <out-dir>/preview.txt, <out-dir>/render.diff and <out-dir>/comment.md (what the
# workflows post). Exits with the pull request preview's status, after writing all three.
set -euo pipefail
if [[ $# -lt 3 ]]; then
  echo "usage: $0 <stack> <base-ref> <out-dir> [project-dir]" >&2
  exit 2
fi
stack="$1"
base="$2"
mkdir -p "$3"
out="$(cd "$3" && pwd)"
project="$(cd "${4:-.}" && pwd)"
root="$(git -C "$project" rev-parse --show-toplevel)"
rel="$(realpath --relative-to="$root" "$project")"
scratch="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$scratch/base" >/dev/null 2>&1 || true; rm -rf "$scratch"' EXIT
git -C "$root" worktree add --detach "$scratch/base" "$base" >/dev/null 2>&1
rm -rf "$out/render-base" "$out/render-pr"
mkdir -p "$out/render-base" "$out/render-pr"

# The base's program, with the base's stack config: what the WECs hold today.
(
  cd "$scratch/base/$rel"
  npm ci --no-audit --no-fund >/dev/null
  KSITS_RENDER_DIR="$out/render-base" pulumi preview --stack "$stack" --non-interactive >/dev/null
) || echo "note: the base did not preview; every object below shows as new" >"$out/base-note.txt"

status=0
(cd "$project" && KSITS_RENDER_DIR="$out/render-pr" pulumi preview --stack "$stack" --diff --non-interactive) \
  >"$out/preview.txt" 2>&1 || status=$?
(cd "$out" && diff -ruN render-base render-pr) >"$out/render.diff" || true

# A comment body within the 65,536 characters GitHub (and GitLab) take.
limit=30000
{
  echo "### \`pulumi preview --diff\` (stack \`$stack\`)"
  echo '```'
  head -c "$limit" "$out/preview.txt"
  echo '```'
  echo "### What each WEC will hold: changed objects, field by field (Secrets by name only)"
  cat "$out/base-note.txt" 2>/dev/null || true
  if [[ -s "$out/render.diff" ]]; then
    echo '```diff'
    head -c "$limit" "$out/render.diff"
    echo '```'
  else
    echo "No WEC receives anything different."
  fi
} >"$out/comment.md"
exit "$status"
