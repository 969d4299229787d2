import { describe, expect, it } from "vitest";
import {
  buildControlPlane,
  controlPlaneKubeconfigRef,
  KUBEFLEX_KUBECONFIG_SECRETS,
} from "../../../src/its/control-plane";

/**
 * What KubeFlex v0.9.3 really writes (read in its source, and seen live in the interop sandbox):
 * for `host` and `external` the Secret `admin-kubeconfig` holds only `kubeconfig-incluster`,
 * while `status.secretRef` says `key: kubeconfig, inClusterKey: kubeconfig-incluster`
 * (`pkg/reconcilers/host/secret.go`, `pkg/reconcilers/external/kubeconfig.go`,
 * `UpdateStatusWithSecretRef` in each reconciler). For `vcluster` both `config`
 * and `config-incluster` exist.
 */
const WRITTEN: Record<"vcluster" | "host" | "external", { secret: string; keys: string[] }> = {
  vcluster: { secret: "vc-vcluster", keys: ["config", "config-incluster"] },
  host: { secret: "admin-kubeconfig", keys: ["kubeconfig-incluster"] },
  external: { secret: "admin-kubeconfig", keys: ["kubeconfig-incluster"] },
};
/** `status.secretRef` as KubeFlex v0.9.3 sets it, per type. */
const STATUS = {
  vcluster: { name: "vc-vcluster", key: "config", inClusterKey: "config-incluster" },
  host: { name: "admin-kubeconfig", key: "kubeconfig", inClusterKey: "kubeconfig-incluster" },
  external: { name: "admin-kubeconfig", key: "kubeconfig", inClusterKey: "kubeconfig-incluster" },
} as const;

describe("KUBEFLEX_KUBECONFIG_SECRETS names only keys KubeFlex v0.9.3 writes", () => {
  for (const type of ["vcluster", "host", "external"] as const) {
    it(`${type}: the Secret, the key to read and the in-cluster key all exist`, () => {
      const entry = KUBEFLEX_KUBECONFIG_SECRETS[type];
      expect(entry.name).toBe(WRITTEN[type].secret);
      expect(WRITTEN[type].keys).toContain(entry.key);
      expect(WRITTEN[type].keys).toContain(entry.inClusterKey);
    });
    it(`${type}: the key read from a Ready ControlPlane's status is one KubeFlex wrote`, () => {
      const status = { secretRef: { namespace: "its1-system", ...STATUS[type] } };
      const ref = controlPlaneKubeconfigRef(type, "its1", status);
      expect(ref.namespace).toBe("its1-system");
      expect(ref.name).toBe(WRITTEN[type].secret);
      expect(WRITTEN[type].keys).toContain(ref.key);
    });
  }
  it("host and external read kubeconfig-incluster, not the status's unwritten `kubeconfig`", () => {
    for (const type of ["host", "external"] as const) {
      expect(controlPlaneKubeconfigRef(type, "cp", { secretRef: STATUS[type] }).key).toBe(
        "kubeconfig-incluster",
      );
      expect(controlPlaneKubeconfigRef(type, "cp", undefined).key).toBe("kubeconfig-incluster");
    }
  });
  it("the post-create hooks get the in-cluster key, which exists for every type", () => {
    for (const type of ["vcluster", "host", "external"] as const) {
      const spec = buildControlPlane({ name: "its1", type }).spec;
      expect(spec.globalVars).toEqual({
        ITSSecretName: WRITTEN[type].secret,
        ITSSecretKey: WRITTEN[type].keys.at(-1),
      });
    }
  });
});
