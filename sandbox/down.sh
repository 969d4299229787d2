#!/usr/bin/env bash
# Stops what sandbox/up.sh started and removes its data.
# Ends exactly the recorded processes: each PID in <state>/pids is the leader of the
# process group up.sh created for it, so the group (the process and, for the looping
# OCM processes, the restart loop and its child) is signalled, nothing else.
#   --keep-logs   keep <state>/logs
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"
S="$KSITS_STATE"
KEEP_LOGS=false
[[ "${1:-}" == "--keep-logs" ]] && KEEP_LOGS=true

alive_group() { # pid: true if the group led by pid still has members
  [[ -n "$(ps -o pid= -g "$1" 2>/dev/null)" ]]
}

# Stop the OCM processes and controller managers first, then the apiservers, etcd last,
# so that no apiserver waits on a vanished etcd during its graceful shutdown.
stop_group() { # names...: TERM each recorded group, TERM again after 1s (KubeStellar's
  # controller-manager only cancels its context on the first), wait up to 10s, then KILL
  local pids=() name f pid left i
  for name in "$@"; do
    f="$S/pids/$name.pid"
    [[ -f "$f" ]] || continue
    pid="$(cat "$f")"
    if [[ "$pid" =~ ^[0-9]+$ ]] && alive_group "$pid"; then
      kill -TERM -- "-$pid" 2>/dev/null || true
      pids+=("$pid")
      log "stopping $name (process group $pid)"
    fi
  done
  for i in $(seq 1 40); do
    left=()
    for pid in "${pids[@]}"; do alive_group "$pid" && left+=("$pid"); done
    [[ ${#left[@]} -eq 0 ]] && return 0
    if ((i == 4)); then
      for pid in "${left[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
    fi
    sleep 0.25
  done
  for pid in "${left[@]}"; do
    log "process group $pid still alive after 10s, sending KILL"
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
}

if [[ -d "$S/pids" ]]; then
  names=()
  for f in "$S/pids"/*.pid; do [[ -e "$f" ]] && names+=("$(basename "$f" .pid)"); done
  first=() apis=()
  for n in "${names[@]}"; do
    case "$n" in
      etcd) ;;
      *-apiserver) apis+=("$n") ;;
      *) first+=("$n") ;;
    esac
  done
  stop_group "${first[@]}"
  stop_group "${apis[@]}"
  stop_group etcd
fi

rm -rf "$S/pids" "$S/etcd" "$S/apiserver" "$S/ocm" "$S/pki" "$S/kubeconfigs" "$S/tmp"
$KEEP_LOGS || rm -rf "$S/logs"
rmdir "$S" 2>/dev/null || true
log "down"
