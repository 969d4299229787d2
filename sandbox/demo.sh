#!/usr/bin/env bash
# The main job (`npm run demo`): builds the toolchain if missing, brings the sandbox up, and runs
# `pulumi up` of the root program with the example platform (Pulumi.demo.yaml: an external ITS,
# two WECs, the shop workload bound to both), then prints the inventory, each ManifestWork's
# status, and the shop objects as they exist in each WEC's own API server.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
say() { echo; echo "== $*"; }

say "building the library (npm run build)"
npm run --silent build

say "toolchain (built once from pinned Go modules, then cached)"
bash sandbox/toolchain.sh

say "sandbox (hub + 2 WECs with real OCM agents, all on 127.0.0.1)"
bash sandbox/up.sh

# shellcheck source=pulumi-env.sh
source sandbox/pulumi-env.sh
export KSITS_SANDBOX="${KSITS_SANDBOX:-$KSITS_CACHE/sandbox}"

say "pulumi up --stack demo (state: $PULUMI_BACKEND_URL)"
pulumi stack select demo --create --non-interactive >/dev/null
pulumi up --yes --stack demo --non-interactive --skip-preview

say "inventory (stack output)"
pulumi stack output inventory --json --stack demo
say "placements: ManifestWorks per WEC and their status (stack output)"
pulumi stack output placements --json --stack demo

KC="$KSITS_SANDBOX/kubeconfigs"
say "on the hub: ManagedClusters and ManifestWorks"
kubectl --kubeconfig "$KC/hub.kubeconfig" get managedclusters
kubectl --kubeconfig "$KC/hub.kubeconfig" get manifestworks -A
for wec in wec1 wec2; do
  say "in $wec's API server, applied by its OCM work agent"
  kubectl --kubeconfig "$KC/$wec.kubeconfig" get deployment,service,configmap -n shop
  echo "shop-settings region on $wec: $(kubectl --kubeconfig "$KC/$wec.kubeconfig" get configmap shop-settings -n shop -o jsonpath='{.data.region}')"
done
say "done. Tear down with: pulumi destroy --stack demo --yes && npm run sandbox:down"
