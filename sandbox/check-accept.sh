#!/usr/bin/env bash
# Checks the real OCM join flow on a running sandbox (sandbox/up.sh) for one WEC:
#   1. the registration agent's CSR and ManagedCluster appear on the hub;
#   2. accepting it (approve the CSR, set hubAcceptsClient=true, as `clusteradm accept`
#      does) makes the hub create the cluster's mailbox namespace and the cluster join;
#   3. a ManifestWork in the mailbox lands its ConfigMap in the WEC apiserver through
#      the work agent, and deleting it removes the ConfigMap again;
#   4. the work webhook rejects a ManifestWork over the 500 KiB manifest limit.
# Usage: sandbox/check-accept.sh [wec-name]   (default: wec1)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KSITS_LOG_TAG=check
# shellcheck source=lib.sh
source "$HERE/lib.sh"
TC="$(ksits_toolchain_dir)"
S="$KSITS_STATE"
W="${1:-wec1}"
hub() { "$TC/bin/kubectl" --kubeconfig "$S/kubeconfigs/hub.kubeconfig" "$@"; }
wec() { "$TC/bin/kubectl" --kubeconfig "$S/kubeconfigs/$W.kubeconfig" "$@"; }
fail() { echo "[check] FAIL: $*" >&2; exit 1; }
wait_for() { # what seconds cmd...
  local what="$1" secs="$2"
  shift 2
  ksits_poll "$secs" 1 "$@" || fail "timed out after ${secs}s: $what"
  log "ok: $what"
}
has_csr() { [[ -n "$(hub get csr -l "open-cluster-management.io/cluster-name=$W" -o name)" ]]; }
cond_true() { # condition kubectl-get-args...
  local c="$1"
  shift
  [[ "$(hub get "$@" -o jsonpath="{.status.conditions[?(@.type==\"$c\")].status}")" == "True" ]]
}

wait_for "CSR of $W on the hub" 120 has_csr
wait_for "ManagedCluster $W on the hub" 60 hub get managedcluster "$W"

log "accepting $W: approve its CSRs, set hubAcceptsClient=true"
for csr in $(hub get csr -l "open-cluster-management.io/cluster-name=$W" -o name); do
  hub certificate approve "${csr#*/}"
done
hub patch managedcluster "$W" --type merge -p '{"spec":{"hubAcceptsClient":true}}'

wait_for "mailbox namespace $W on the hub" 60 hub get namespace "$W"
wait_for "ManagedCluster $W HubAcceptedManagedCluster" 60 cond_true HubAcceptedManagedCluster managedcluster "$W"
wait_for "ManagedCluster $W ManagedClusterJoined" 120 cond_true ManagedClusterJoined managedcluster "$W"
wait_for "ManagedCluster $W ManagedClusterConditionAvailable" 120 cond_true ManagedClusterConditionAvailable managedcluster "$W"

hub apply -f - <<EOF
apiVersion: work.open-cluster-management.io/v1
kind: ManifestWork
metadata: {name: ksits-check, namespace: $W}
spec:
  workload:
    manifests:
    - apiVersion: v1
      kind: ConfigMap
      metadata: {name: ksits-check, namespace: default}
      data: {hello: world}
EOF
wait_for "ConfigMap default/ksits-check in $W" 120 wec get configmap -n default ksits-check
wait_for "ManifestWork ksits-check Applied" 60 cond_true Applied manifestwork -n "$W" ksits-check
wait_for "ManifestWork ksits-check Available" 60 cond_true Available manifestwork -n "$W" ksits-check

big="$(head -c 600000 /dev/zero | tr '\0' a)"
if out="$(hub create -f - 2>&1 <<EOF
apiVersion: work.open-cluster-management.io/v1
kind: ManifestWork
metadata: {name: ksits-too-big, namespace: $W}
spec:
  workload:
    manifests:
    - apiVersion: v1
      kind: ConfigMap
      metadata: {name: ksits-too-big, namespace: default}
      data: {big: "$big"}
EOF
)"; then
  hub delete manifestwork -n "$W" ksits-too-big --wait=false >/dev/null 2>&1 || true
  fail "a ManifestWork over the size limit was admitted"
fi
grep -q 'denied the request' <<<"$out" || fail "unexpected error for the oversized ManifestWork: $out"
log "ok: oversized ManifestWork rejected: $(grep -o 'denied the request.*' <<<"$out" | cut -c1-160)"

hub delete manifestwork -n "$W" ksits-check
gone() { ! wec get configmap -n default ksits-check; }
wait_for "ConfigMap default/ksits-check removed from $W" 120 gone
log "PASS: $W accepted, joined, and ManifestWork round trip works"
