# shellcheck shell=bash
# Environment for running the Go-built Pulumi engine offline against the sandbox.
#
#   source sandbox/pulumi-env.sh        # in a shell or script
#   eval "$(bash sandbox/pulumi-env.sh)" # prints the exports when executed
#
# Exports PULUMI_HOME (private, inside the toolchain cache), PATH (pulumi, the language
# host and the dynamic-provider launcher, then the sandbox binaries),
# PULUMI_SKIP_UPDATE_CHECK, PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION, a default
# PULUMI_CONFIG_PASSPHRASE and a default PULUMI_BACKEND_URL (file://, under the cache),
# and installs the locally built provider plugins into that
# PULUMI_HOME if they are not there yet. Requires sandbox/toolchain.sh to have run.

_ksits_pulumi_env() {
  local here tc
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  # shellcheck source=lib.sh
  source "$here/lib.sh"
  # shellcheck source=versions.env
  source "$here/versions.env"
  tc="$(ksits_toolchain_dir)"
  if [[ ! -x "$tc/pulumi/bin/pulumi" ]]; then
    echo "[pulumi-env] ERROR: no toolchain at $tc; run sandbox/toolchain.sh first" >&2
    return 1
  fi

  export KSITS_TOOLCHAIN_DIR="$tc"
  # The CLI version, for Automation API callers that locate it under $PULUMI_HOME/versions.
  export KSITS_PULUMI_VERSION="$PULUMI_VERSION"
  export PULUMI_HOME="$tc/pulumi-home"
  case ":$PATH:" in
    *":$tc/pulumi/bin:$tc/bin:"*) ;;
    *) export PATH="$tc/pulumi/bin:$tc/bin:$PATH" ;;
  esac
  export PULUMI_SKIP_UPDATE_CHECK=true
  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
  export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-ksits-sandbox}"
  # Never fall back to the Pulumi Cloud backend (no network here): default to local state.
  export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$KSITS_CACHE/pulumi-state}"
  case "$PULUMI_BACKEND_URL" in file://*) mkdir -p "${PULUMI_BACKEND_URL#file://}" ;; esac
  mkdir -p "$PULUMI_HOME"

  # Where the npm `pulumi` launcher and Automation API's PulumiCommand look for a CLI.
  local vbin="$PULUMI_HOME/versions/$PULUMI_VERSION/bin" f
  if [[ ! -e "$vbin/pulumi" ]]; then
    mkdir -p "$vbin"
    for f in pulumi pulumi-language-nodejs pulumi-resource-pulumi-nodejs; do
      ln -sfn "$tc/pulumi/bin/$f" "$vbin/$f"
    done
  fi

  # name version binary
  local plugins=("kubernetes $PULUMI_KUBERNETES_VERSION $tc/plugins/pulumi-resource-kubernetes"
    "command $PULUMI_COMMAND_VERSION $tc/plugins/pulumi-resource-command")
  local p name version bin
  for p in "${plugins[@]}"; do
    read -r name version bin <<<"$p"
    if [[ -x "$PULUMI_HOME/plugins/resource-$name-v$version/pulumi-resource-$name" ]]; then
      continue
    fi
    if [[ ! -x "$bin" ]]; then
      echo "[pulumi-env] warning: no $name plugin built ($bin); resource plugin $name $version unavailable" >&2
      continue
    fi
    "$tc/pulumi/bin/pulumi" plugin install resource "$name" "$version" --file "$bin" >&2 || {
      echo "[pulumi-env] ERROR: installing plugin $name $version from $bin failed" >&2
      return 1
    }
  done
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  # Executed: print the exports for eval.
  set -euo pipefail
  _ksits_pulumi_env
  for _v in KSITS_TOOLCHAIN_DIR KSITS_PULUMI_VERSION PULUMI_HOME PATH PULUMI_SKIP_UPDATE_CHECK \
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION PULUMI_CONFIG_PASSPHRASE PULUMI_BACKEND_URL; do
    printf 'export %s=%q\n' "$_v" "${!_v}"
  done
else
  _ksits_pulumi_env
fi
