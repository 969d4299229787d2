import { describe, expect, it } from "vitest";
import { APPLIED_MANIFEST_WORK_CRD, OCM_HUB_CRDS, verifyHub } from "../../../src/hub/hub-check";
import type { CrdReader } from "../../../src/hub/hub-check";
import { TEST_KUBECONFIG } from "../../support/transport-fixtures";

const reader = (served: readonly string[]): CrdReader => ({
  exists: (name) => Promise.resolve(served.includes(name)),
});
const inputs = { providerVersion: "1", kubeconfig: TEST_KUBECONFIG, crds: OCM_HUB_CRDS.map((c) => c.name) };

describe("verifyHub (installer none)", () => {
  it("passes an OCM hub, and tells a WEC's kubeconfig from a cluster without the hub", async () => {
    await expect(verifyHub(reader(inputs.crds), inputs)).resolves.toMatchObject({ present: inputs.crds });
    await expect(verifyHub(reader([APPLIED_MANIFEST_WORK_CRD]), inputs)).rejects.toThrow(
      "kubeconfig points at https://127.0.0.1:6443, a WEC: it serves OCM's AppliedManifestWork (CustomResourceDefinition appliedmanifestworks.work.open-cluster-management.io), not the hub's managedclusters.cluster.open-cluster-management.io, manifestworks.work.open-cluster-management.io. Give the ITS's kubeconfig.",
    );
    await expect(verifyHub(reader([]), inputs)).rejects.toThrow(
      "the ITS at https://127.0.0.1:6443 is not an OCM hub: CustomResourceDefinition managedclusters.cluster.open-cluster-management.io, manifestworks.work.open-cluster-management.io are missing.",
    );
    // A self-managed hub (its own klusterlet) serves both: it is a hub.
    await expect(
      verifyHub(reader([...inputs.crds, APPLIED_MANIFEST_WORK_CRD]), inputs),
    ).resolves.toBeDefined();
  });
});
