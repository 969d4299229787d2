# Shared helpers for the sandbox scripts. Source it; it does nothing by itself.
# shellcheck shell=bash

KSITS_SANDBOX_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KSITS_CACHE="${KSITS_CACHE:-$HOME/.cache/kubestellar-its}"

# The wrapper modules built by interop-build.sh (pinned by interop-versions.env), not by
# toolchain.sh: they are left out of the toolchain hash, so adding or bumping them never
# invalidates the toolchain cache.
KSITS_INTEROP_WRAPPERS=(kubestellar kubeflex)

# The wrapper modules built by languages-build.sh (pinned by languages-versions.env): the YAML and
# Python language hosts and ksits-sdkgen. Left out of the toolchain hash for the same reason.
KSITS_LANGUAGES_WRAPPERS=(pulumi-language-yaml pulumi-language-python sdkgen)

# ksits_toolchain_hash: short hash of the pins: versions.env plus every file of the
# wrapper modules (their go.mod/go.sum hold the same pins in Go's terms, and
# wrappers/ocm/cmd holds the source of our own small ocm-webhooks command), except the
# interop and languages wrappers.
ksits_toolchain_hash() {
  (
    cd "$KSITS_SANDBOX_SRC" || exit 1
    local w skip=()
    for w in "${KSITS_INTEROP_WRAPPERS[@]}" "${KSITS_LANGUAGES_WRAPPERS[@]}"; do
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
# file of the interop wrapper modules (tools.go, go.mod, go.sum), except the template
# oracle's source (KSITS_ORACLE_SRC, built by template-oracle.sh into a cache of its own): the
# controllers do not contain it, so editing it must not rebuild them.
KSITS_ORACLE_SRC=wrappers/kubestellar/cmd/ks-expand
ksits_interop_hash() {
  (
    cd "$KSITS_SANDBOX_SRC" || exit 1
    local w
    cat interop-versions.env
    for w in "${KSITS_INTEROP_WRAPPERS[@]}"; do
      find "wrappers/$w" -type f -not -path "$KSITS_ORACLE_SRC/*"
    done | LC_ALL=C sort | while IFS= read -r f; do
      printf '\n== %s\n' "$f"
      cat "$f"
    done
  ) | sha256sum | cut -c1-12
}

# ksits_languages_hash: short hash of the languages pins: languages-versions.env,
# languages-python-requirements.txt, every file of the languages wrapper modules (go.mod, go.sum,
# tools.go, the Python exec shim, ksits-sdkgen's source) and the Python the venv is made with
# (KSITS_PYTHON, default python3: a venv only works with the interpreter it was made from).
ksits_languages_hash() {
  (
    cd "$KSITS_SANDBOX_SRC" || exit 1
    local w
    cat languages-versions.env languages-python-requirements.txt
    "${KSITS_PYTHON:-python3}" -c 'import sys; print(sys.version)' || echo "no ${KSITS_PYTHON:-python3}"
    for w in "${KSITS_LANGUAGES_WRAPPERS[@]}"; do
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

# ksits_languages_dir: where languages-build.sh puts (or has put) the language hosts,
# ksits-sdkgen and the Python venv.
ksits_languages_dir() {
  printf '%s/languages-%s\n' "$KSITS_CACHE" "$(ksits_languages_hash)"
}

# Logging. A script sets KSITS_LOG_TAG (what its lines start with) before sourcing this file,
# and KSITS_LOG_STDERR=1 when its stdout is a result another script reads.
KSITS_LOG_TAG="${KSITS_LOG_TAG:-sandbox}"
log() {
  if [[ "${KSITS_LOG_STDERR:-}" == 1 ]]; then
    echo "[$KSITS_LOG_TAG] $*" >&2
  else
    echo "[$KSITS_LOG_TAG] $*"
  fi
}
die() {
  echo "[$KSITS_LOG_TAG] ERROR: $*" >&2
  exit 1
}

# The state directory of the sandbox the scripts act on (processes, PKI, kubeconfigs, logs):
# KSITS_SANDBOX, or the default sandbox the demo uses. The e2e tier sets its own.
# shellcheck disable=SC2034 # read by the scripts that source this file
KSITS_STATE="${KSITS_SANDBOX:-$KSITS_CACHE/sandbox}"

# ksits_poll SECONDS INTERVAL COMMAND...: succeeds as soon as COMMAND does (its output is
# dropped), polling every INTERVAL seconds; fails once SECONDS have passed.
ksits_poll() {
  local secs="$1" interval="$2" start=$SECONDS
  shift 2
  until "$@" >/dev/null 2>&1; do
    ((SECONDS - start < secs)) || return 1
    sleep "$interval"
  done
}

# ---- Go builds of pinned wrapper modules (toolchain.sh, interop-build.sh) ------------------
# A build script sets WRAP (its wrappers folder), LOGS (where go's output goes) and PINS_FILE
# (the pins file its messages name) before calling these.

# fail_with_log NAME: the build of NAME failed; show the end of its log and stop.
fail_with_log() {
  echo "[$KSITS_LOG_TAG] ERROR: building $1 failed; last lines of $LOGS/$1.log:" >&2
  tail -n 40 "$LOGS/$1.log" >&2
  exit 1
}

# wrapper_version WRAPPER MODULE: the version of MODULE selected in wrapper WRAPPER.
wrapper_version() {
  (cd "$WRAP/$1" && go list -m -f '{{if .Replace}}{{.Replace.Version}}{{else}}{{.Version}}{{end}}' "$2")
}

# check_pin WRAPPER MODULE WANT: fail loudly if the pins file and the wrapper disagree.
check_pin() {
  local got
  got="$(wrapper_version "$1" "$2")"
  [[ "$got" == "$3" ]] || die "wrappers/$1 selects $2 $got but $PINS_FILE says $3"
}

# ---- Smoke checks of built binaries (interop-build.sh, languages-build.sh) -------------------
# expect DESCRIPTION STATUS EXPECTED-SUBSTRING COMMAND...: COMMAND must exit with STATUS within
# 60 s and print EXPECTED-SUBSTRING (stdout or stderr).
expect() {
  local what="$1" want_status="$2" want="$3" out status=0
  shift 3
  out="$(timeout 60 "$@" 2>&1)" || status=$?
  [[ "$status" == "$want_status" ]] || die "$what: '$*' exited $status (expected $want_status): $out"
  [[ "$out" == *"$want"* ]] || die "$what: '$*' printed '$out', expected '$want'"
}
# embeds NAME MODULE VERSION: the binary $BIN/NAME (BIN: the calling script's bin dir) lists
# MODULE at VERSION in its build info, as its main module ("mod") or as a dependency ("dep").
embeds() {
  local info
  info="$(go version -m "$BIN/$1")" || die "$1: go version -m failed"
  grep -Eq "^[[:space:]]+(mod|dep)[[:space:]]+$2[[:space:]]+$3([[:space:]]|$)" <<<"$info" ||
    die "$1: build info does not list $2 $3"
}
