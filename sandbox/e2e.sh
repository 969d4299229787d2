#!/usr/bin/env bash
# The e2e tier (`npm run test:e2e`) in a sandbox of its own: its own state directory and ports,
# so it passes whether or not `npm run demo` ran before it (the demo's stacks live in the default
# sandbox and never meet these).
#
#   sandbox/e2e.sh [vitest args...]   build the toolchain if needed, start the sandbox, run the tier
#   sandbox/e2e.sh --down             stop exactly the e2e sandbox's processes
#   sandbox/e2e.sh --diagnose         print its processes' last warnings and errors
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/sandbox/lib.sh"
export KSITS_SANDBOX="${KSITS_E2E_SANDBOX:-$KSITS_CACHE/sandbox-e2e}"
export KSITS_SANDBOX_PORT_BASE="${KSITS_E2E_PORT_BASE:-27300}"

if [[ "${1:-}" == "--down" ]]; then
  exec bash "$ROOT/sandbox/down.sh"
fi
# --diagnose: what a failed run leaves for its CI log, before --down removes the sandbox: each
# process's last warnings and errors (klog W/E lines, cut to 300 characters) and the last lines
# of the OCM agents' logs. Nothing here prints object specs, so Secret workloads stay out.
if [[ "${1:-}" == "--diagnose" ]]; then
  for log in "$KSITS_SANDBOX"/logs/*.log; do
    [[ -f "$log" ]] || continue
    echo "== $(basename "$log"): last warnings and errors"
    grep -E '^[EW][0-9]{4} ' "$log" | tail -n 20 | cut -c1-300 || true
  done
  for log in "$KSITS_SANDBOX"/logs/*-agent.log; do
    [[ -f "$log" ]] || continue
    echo "== $(basename "$log"): last lines"
    tail -n 15 "$log" | cut -c1-300
  done
  exit 0
fi
bash "$ROOT/sandbox/toolchain.sh"
# The e2e sandbox also runs the real KubeFlex operator and KubeStellar controllers, for
# test/e2e/kubestellar-interop.test.ts (built once, then cached, like the toolchain).
export KSITS_SANDBOX_INTEROP=1
bash "$ROOT/sandbox/interop-build.sh" >/dev/null
# The YAML and Python language hosts for test/e2e/multi-language.test.ts.
bash "$ROOT/sandbox/languages-build.sh" >/dev/null
bash "$ROOT/sandbox/up.sh"
cd "$ROOT"
exec npx vitest run --project e2e "$@"
