import type { Stack } from "@pulumi/pulumi/automation";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InventoryTransportSpace } from "../../components/its/inventory-transport-space";
import { controlPlaneKubeconfigRef } from "../../src/its/control-plane";
import { kubeconfigCluster } from "../../src/kube/kubeconfig";
import { eventually, getJson, inlineStack, kubeconfigPath, pulumiEnv } from "../support/sandbox";

/**
 * A `host` ITS registered with the real KubeFlex v0.9.3 operator (the sandbox's interop part:
 * the `hosting` cluster is a kube-apiserver with a kube-controller-manager, whose token
 * controller fills the ServiceAccount token Secret KubeFlex's host reconciler waits for).
 *
 * `host` means the hosting cluster itself is the ITS: the component's kubeconfig is
 * `hostingKubeconfig`, and registration adds a ControlPlane of type `host` labelled
 * `cptype=its`. In this sandbox the `hosting` cluster is no OCM hub (the WECs' agents joined the
 * `hub` cluster), so this ITS can hold no WEC: the test covers the registration and what the
 * component creates (the ControlPlane and the customization-properties namespace). A `host` ITS
 * serving WECs, without KubeFlex, is covered by pod-free-paths.test.ts (the hub as the host).
 */
const NAME = "its-host";

let env: Record<string, string>;
let dir: string;
let stack: Stack;
let destroyed = false;

/** Names of what exists on the hosting cluster that a registration could add or remove. */
function hostingInventory(): string[] {
  const kinds: [string, string[]][] = [
    ["controlplanes", ["controlplanes"]],
    ["namespaces", ["namespaces"]],
    ["clusterrolebindings", ["clusterrolebindings"]],
    ["serviceaccounts", ["serviceaccounts", "-A"]],
    ["secrets", ["secrets", "-A"]],
    ["configmaps", ["configmaps", "-A"]],
  ];
  return kinds.flatMap(([kind, args]) =>
    (getJson(env, "hosting", args) as { items: { metadata: { name: string; namespace?: string } }[] }).items
      .map((i) => `${kind} ${i.metadata.namespace ?? ""}/${i.metadata.name}`)
      // Leases and events churn by themselves; bootstrap-token and SA-token Secrets of the
      // sandbox's own components are listed like everything else.
      .sort(),
  );
}

let before: string[];

describe("a host ITS registered with the real KubeFlex operator", () => {
  beforeAll(async () => {
    const hostingKc = readFileSync(kubeconfigPath("hosting"), "utf8");
    env = pulumiEnv();
    dir = mkdtempSync(join(tmpdir(), "ksits-kf-host-"));
    mkdirSync(join(dir, "state"));
    before = hostingInventory();
    stack = await inlineStack(
      env,
      { project: "ksits-kf-host", stack: "host", stateDir: join(dir, "state") },
      () => {
        new InventoryTransportSpace(NAME, {
          type: "host",
          hostingKubeconfig: hostingKc,
          registerWithKubeFlex: true,
          readyTimeoutSeconds: 120,
        });
      },
    );
  }, 600_000);

  afterAll(async () => {
    try {
      if (stack !== undefined && !destroyed) await stack.destroy();
    } finally {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);

  it("up: the ControlPlane of type host is Ready=True under the real operator", async () => {
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    const cp = getJson(env, "hosting", ["controlplane", NAME]);
    expect(cp.spec.type).toBe("host");
    expect(cp.metadata.labels["kflex.kubestellar.io/cptype"]).toBe("its");
    const ready = cp.status.conditions.find((c: { type: string }) => c.type === "Ready");
    expect(ready.status).toBe("True");
    // The component creates the customization-properties namespace in the ITS: the hosting cluster.
    expect(getJson(env, "hosting", ["namespace", "customization-properties"])).toBeDefined();
  });

  it("the key the library reads for a host ControlPlane is one KubeFlex wrote; its server works only in-cluster", () => {
    const cp = getJson(env, "hosting", ["controlplane", NAME]);
    // KubeFlex's status names `key: kubeconfig`, which it never writes for host.
    expect(cp.status.secretRef).toMatchObject({ key: "kubeconfig", inClusterKey: "kubeconfig-incluster" });
    const ref = controlPlaneKubeconfigRef("host", NAME, cp.status);
    expect(ref).toEqual({
      namespace: `${NAME}-system`,
      name: "admin-kubeconfig",
      key: "kubeconfig-incluster",
    });
    const secret = getJson(env, "hosting", ["secret", "-n", ref.namespace, ref.name]);
    const kc = Buffer.from(secret.data[ref.key], "base64").toString("utf8");
    // Why the component's kubeconfig for a host ITS is hostingKubeconfig, not KubeFlex's Secret.
    expect(kubeconfigCluster(kc).server).toBe("https://kubernetes.default.svc");
  });

  it("a second preview and a refresh show no changes", async () => {
    const preview = await stack.preview({ expectNoChanges: true, diff: true });
    expect(preview.changeSummary.same).toBeGreaterThan(0);
    const refresh = await stack.refresh({ expectNoChanges: true });
    expect(refresh.summary.result).toBe("succeeded");
  });

  it("destroy removes what the library created on the hosting cluster, and nothing else", async () => {
    const during = hostingInventory();
    const added = during.filter((n) => !before.includes(n));
    // What the library created, and what KubeFlex made for the ControlPlane (owned by it).
    expect(added).toEqual(
      expect.arrayContaining([
        `controlplanes /${NAME}`,
        "namespaces /customization-properties",
        `namespaces /${NAME}-system`,
        `serviceaccounts ${NAME}-system/${NAME}`,
        `secrets ${NAME}-system/admin-kubeconfig`,
      ]),
    );
    expect(before.filter((n) => !during.includes(n))).toEqual([]);
    const result = await stack.destroy();
    destroyed = true;
    expect(result.summary.result).toBe("succeeded");
    expect(getJson(env, "hosting", ["controlplane", NAME])).toBeUndefined();
    // KubeFlex's objects go with the ControlPlane (owner references; the hosting cluster's
    // garbage collector), so the hosting cluster ends as it began.
    let after: string[] = [];
    await eventually(
      "the hosting cluster as before the stack",
      () => {
        after = hostingInventory();
        return after.length === before.length && after.every((n, i) => n === before[i]);
      },
      180_000,
    ).catch((e: Error) => {
      throw new Error(
        `${e.message}\nonly before: ${JSON.stringify(before.filter((n) => !after.includes(n)))}\nonly after: ${JSON.stringify(after.filter((n) => !before.includes(n)))}`,
      );
    });
    expect(after).toEqual(before);
  });
});
