import type { BundleInputs } from "../../src/transport/delivery/bundle/bundle-inputs";
import { checkBundle } from "../../src/transport/delivery/bundle/bundle-inputs";
import { buildTokenKubeconfig } from "../../src/kube/kubeconfig";

const KUBECONFIG = buildTokenKubeconfig({ server: "https://127.0.0.1:6443", token: "t" });

/**
 * What `ManifestWorkBundle`'s check says of a valid bundle with `input` merged in: every failure
 * as `property: reason`, one per line ("" when it passes).
 */
export function bundleFailures(input: Partial<BundleInputs> | Record<string, unknown>): string {
  const base: BundleInputs = {
    providerVersion: "1",
    owner: "p/s/b",
    itsKubeconfig: KUBECONFIG,
    clusterName: "wec1",
    bundleSetName: "app",
    workloads: [],
  };
  const r = checkBundle({}, { ...base, ...input });
  return (r.failures ?? []).map((f) => `${f.property}: ${f.reason}`).join("\n");
}
