#!/usr/bin/env bash
# Sandbox-only shim, run by up.sh with KSITS_SANDBOX_INTEROP=1 (in a loop):
#   kubeflex-offcluster-keys.sh KUBECTL HOSTING-KUBECONFIG
# KubeFlex writes only the in-cluster key (`kubeconfig-incluster`) of an external or host
# ControlPlane's kubeconfig Secret, while KubeStellar running outside a cluster reads
# `status.secretRef.key` (`kubeconfig`). In a cluster KubeStellar reads the in-cluster key, so
# this is the sandbox's own need: once a second, copy the key for every ControlPlane.
set -euo pipefail
KUBECTL="$1" HOSTING="$2"
kc() { "$KUBECTL" --kubeconfig "$HOSTING" "$@"; }
refs='{range .items[*]}{.status.secretRef.namespace}{" "}{.status.secretRef.name}{"\n"}{end}'
while :; do
  kc get controlplanes -o jsonpath="$refs" 2>/dev/null | while read -r ns name; do
    [[ -n "${name:-}" ]] || continue
    data="$(kc get secret -n "$ns" "$name" -o 'jsonpath={.data.kubeconfig-incluster}' 2>/dev/null)" || continue
    have="$(kc get secret -n "$ns" "$name" -o 'jsonpath={.data.kubeconfig}' 2>/dev/null)" || continue
    if [[ -n "$data" && "$have" != "$data" ]]; then
      kc patch secret -n "$ns" "$name" --type merge -p "{\"data\":{\"kubeconfig\":\"$data\"}}" >/dev/null &&
        echo "copied kubeconfig-incluster to kubeconfig in $ns/$name"
    fi
  done
  sleep 1
done
