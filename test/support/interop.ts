import { existsSync, readFileSync } from "node:fs";
import { ClusterManager } from "../../components/hub/cluster-manager";
import { InventoryTransportSpace } from "../../components/its/inventory-transport-space";
import { kubeconfigPath } from "./sandbox";

/**
 * Helpers of the e2e tests that run against the sandbox's real KubeFlex and KubeStellar
 * (KSITS_SANDBOX_INTEROP=1, which sandbox/e2e.sh always sets).
 */

/** Fails with what to run when the sandbox has no KubeFlex hosting cluster. */
export function requireKubeflexHosting(): void {
  if (!existsSync(kubeconfigPath("hosting"))) {
    throw new Error(
      "the sandbox has no KubeFlex hosting cluster: run the e2e tier with `npm run test:e2e` (sandbox/e2e.sh starts the interop part), or start it with KSITS_SANDBOX_INTEROP=1 bash sandbox/up.sh",
    );
  }
}

/** The sandbox hub and hosting cluster kubeconfigs, read once outside the Pulumi program. */
export function interopKubeconfigs(): { hub: string; hosting: string } {
  return {
    hub: readFileSync(kubeconfigPath("hub"), "utf8"),
    hosting: readFileSync(kubeconfigPath("hosting"), "utf8"),
  };
}

/**
 * Inside a Pulumi program: the sandbox hub as an `external` ITS named `name`, registered with the
 * real KubeFlex operator (so KubeStellar's controllers find it), and its hub verified as is.
 */
export function kubeflexRegisteredIts(
  name: string,
  kubeconfigs: { hub: string; hosting: string },
): { its: InventoryTransportSpace; hub: ClusterManager } {
  const its = new InventoryTransportSpace(name, {
    type: "external",
    kubeconfig: kubeconfigs.hub,
    hostingKubeconfig: kubeconfigs.hosting,
    registerWithKubeFlex: true,
    readyTimeoutSeconds: 120,
  });
  const hub = new ClusterManager(`${name}-hub`, { kubeconfig: its.kubeconfig, installer: "none" });
  return { its, hub };
}
