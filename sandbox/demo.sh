#!/usr/bin/env bash
# The main job (`npm run demo`): builds the toolchain if missing, brings the sandbox up, and runs
# `pulumi up` of the root program with the example platform (Pulumi.demo.yaml: an external ITS,
# two WECs, the shop workload bound to both), then prints the inventory, each ManifestWork's
# status, and the shop objects as they exist in each WEC's own API server.
#
# The repository is never written: the engine runs in a project directory of the demo's own in
# the cache (Pulumi.yaml, package.json and links to the build), whose Pulumi.demo.yaml is the
# tracked one plus the passphrase salt the engine adds. `--down` destroys the demo stack and
# stops the demo's sandbox (`npm run demo:down`).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
say() { echo; echo "== $*"; }

# shellcheck source=lib.sh
source sandbox/lib.sh
DEMO="$KSITS_CACHE/demo-project"
mkdir -p "$DEMO"
cp Pulumi.yaml package.json "$DEMO/"
for link in bin node_modules examples; do ln -sfn "$ROOT/$link" "$DEMO/$link"; done
# The tracked stack config, plus the salt of an earlier run (the stack's secrets need the same one).
salt="$(grep -E '^encryptionsalt:' "$DEMO/Pulumi.demo.yaml" 2>/dev/null || true)"
{
  [[ -z "$salt" ]] || echo "$salt"
  cat Pulumi.demo.yaml
} >"$DEMO/Pulumi.demo.yaml.tmp"
mv -f "$DEMO/Pulumi.demo.yaml.tmp" "$DEMO/Pulumi.demo.yaml"

if [[ "${1:-}" == "--down" ]]; then
  if [[ -n "$(bash sandbox/toolchain.sh --print-dir)" ]] && source sandbox/pulumi-env.sh 2>/dev/null; then
    export KSITS_SANDBOX="$KSITS_STATE"
    say "pulumi destroy --stack demo"
    (cd "$DEMO" && pulumi destroy --yes --stack demo --non-interactive) || true
  fi
  say "stopping the demo sandbox"
  exec bash sandbox/down.sh
fi

say "building the library (npm run build)"
npm run --silent build

say "toolchain (built once from pinned Go modules, then cached)"
bash sandbox/toolchain.sh

say "sandbox (hub + 2 WECs with real OCM agents, all on 127.0.0.1)"
bash sandbox/up.sh

# shellcheck source=pulumi-env.sh
source sandbox/pulumi-env.sh
export KSITS_SANDBOX="$KSITS_STATE"

say "pulumi up --stack demo (state: $PULUMI_BACKEND_URL, project: $DEMO)"
cd "$DEMO"
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
say "done. Tear down with: npm run demo:down"
