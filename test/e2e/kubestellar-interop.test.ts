import type { Stack } from "@pulumi/pulumi/automation";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterManager } from "../../components/hub/cluster-manager";
import { InventoryTransportSpace } from "../../components/its/inventory-transport-space";
import { WorkloadExecutionCluster } from "../../components/wec/workload-execution-cluster";
import { eventually, getJson, inlineStack, kubeconfigPath, kubectl, pulumiEnv } from "../support/sandbox";

/**
 * The KubeStellar this library's ITS exists to serve, for real: the sandbox's interop part
 * (KSITS_SANDBOX_INTEROP=1, which sandbox/e2e.sh always sets: a KubeFlex hosting cluster with the real operator, a WDS registered
 * there, the real KubeStellar controller-manager and OCM transport controller, off-cluster). A
 * Pulumi stack makes the sandbox hub an ITS registered with KubeFlex and declares the WECs with
 * labels and customization properties; a BindingPolicy applied to the WDS then selects WECs by
 * those labels, and the real KubeStellar places a templated workload through our ITS.
 */
const ITS_NAME = process.env.KSITS_SANDBOX_ITS_NAME ?? "its1";

let env: Record<string, string>;
let dir: string;
let stack: Stack;
let destroyed = false;

const workload = `
apiVersion: v1
kind: Namespace
metadata:
  name: interop
  labels: {app.kubernetes.io/part-of: interop-shop}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: shop-config
  namespace: interop
  labels: {app.kubernetes.io/part-of: interop-shop}
  annotations: {control.kubestellar.io/expand-templates: "true"}
data:
  region: "{{ .region }}"
  cluster: "{{ .clusterName }}"
---
apiVersion: control.kubestellar.io/v1alpha1
kind: BindingPolicy
metadata: {name: interop-shop}
spec:
  clusterSelectors:
  - matchLabels: {interop: "yes"}
  downsync:
  - objectSelectors:
    - matchLabels: {app.kubernetes.io/part-of: interop-shop}
`;

describe("a real KubeStellar WDS delivers through an ITS built by this library", () => {
  beforeAll(async () => {
    if (!existsSync(kubeconfigPath("hosting"))) {
      throw new Error(
        "the sandbox has no KubeFlex hosting cluster: run the e2e tier with `npm run test:e2e` (sandbox/e2e.sh starts the interop part), or start it with KSITS_SANDBOX_INTEROP=1 bash sandbox/up.sh",
      );
    }
    env = pulumiEnv();
    dir = mkdtempSync(join(tmpdir(), "ksits-interop-"));
    mkdirSync(join(dir, "state"));
    const hubKc = readFileSync(kubeconfigPath("hub"), "utf8");
    const hostingKc = readFileSync(kubeconfigPath("hosting"), "utf8");
    stack = await inlineStack(
      env,
      { project: "ksits-interop", stack: "interop", stateDir: join(dir, "state") },
      () => {
        const its = new InventoryTransportSpace(ITS_NAME, {
          type: "external",
          kubeconfig: hubKc,
          hostingKubeconfig: hostingKc,
          registerWithKubeFlex: true,
          readyTimeoutSeconds: 120,
        });
        const hub = new ClusterManager(`${ITS_NAME}-hub`, { kubeconfig: its.kubeconfig, installer: "none" });
        for (const [wec, region] of [
          ["wec1", "eu-west-1"],
          ["wec2", "us-east-1"],
        ] as const) {
          new WorkloadExecutionCluster(
            wec,
            {
              itsKubeconfig: its.kubeconfig,
              itsProvider: its.provider,
              labels: { interop: "yes", "location-group": "edge" },
              properties: { region },
            },
            { dependsOn: [hub] },
          );
        }
      },
    );
  }, 600_000);

  afterAll(async () => {
    try {
      if (stack !== undefined && !destroyed) {
        kubectl(env, "wds", ["delete", "--ignore-not-found", "--wait=false", "-f", "-"], workload);
        await stack.destroy();
      }
    } finally {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);

  it("up: the ITS is a Ready KubeFlex ControlPlane the KubeStellar controllers find", async () => {
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    const cp = getJson(env, "hosting", ["controlplane", ITS_NAME]);
    expect(cp.metadata.labels["kflex.kubestellar.io/cptype"]).toBe("its");
    expect(cp.status.conditions.find((c: { type: string }) => c.type === "Ready").status).toBe("True");
  });

  it("a BindingPolicy on the WDS reaches both WECs, expanded with our properties", async () => {
    // KubeStellar's controller-manager installs its CRDs into the WDS only once it has found the
    // ITS ControlPlane (it polls every 2 s, and may be between restarts while it waited for it).
    await eventually(
      "the BindingPolicy CRD in the WDS",
      () => {
        try {
          const crd = getJson(env, "wds", ["crd", "bindingpolicies.control.kubestellar.io"]);
          return crd.status.conditions.some(
            (c: { type: string; status: string }) => c.type === "Established" && c.status === "True",
          );
        } catch {
          return false;
        }
      },
      360_000,
    );
    kubectl(env, "wds", ["apply", "-f", "-"], workload);
    for (const [wec, region] of [
      ["wec1", "eu-west-1"],
      ["wec2", "us-east-1"],
    ] as const) {
      await eventually(
        `shop-config on ${wec}`,
        () => {
          try {
            return getJson(env, wec, ["configmap", "-n", "interop", "shop-config"]).data.region === region;
          } catch {
            return false;
          }
        },
        180_000,
      );
      const cm = getJson(env, wec, ["configmap", "-n", "interop", "shop-config"]);
      expect(cm.data).toEqual({ region, cluster: wec });
    }
  });

  it("a second preview and a refresh show no changes", async () => {
    const preview = await stack.preview({ expectNoChanges: true, diff: true });
    expect(preview.changeSummary.same).toBeGreaterThan(0);
    const refresh = await stack.refresh({ expectNoChanges: true });
    expect(refresh.summary.result).toBe("succeeded");
  });

  it("destroy removes what the library created and nothing of KubeFlex's or KubeStellar's", async () => {
    kubectl(env, "wds", ["delete", "--ignore-not-found", "--wait=false", "-f", "-"], workload);
    const result = await stack.destroy();
    destroyed = true;
    expect(result.summary.result).toBe("succeeded");
    const names = (cluster: string, args: string[]) =>
      (getJson(env, cluster, args) as { items: { metadata: { name: string } }[] }).items.map(
        (i) => i.metadata.name,
      );
    expect(names("hosting", ["controlplanes"])).toEqual(["wds1"]);
    expect(names("hosting", ["secrets", "-n", "default"])).toEqual([]);
    // The sandbox's own WDS registration stays.
    expect(names("hosting", ["secrets", "-n", "wds1-system"])).toEqual(["admin-kubeconfig"]);
  });
});
