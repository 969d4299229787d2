import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { InventoryTransportSpace, WorkloadBinding, WorkloadExecutionCluster } from "../../components";
import type { FaultProxy } from "../support/fault-proxy";
import { startFaultProxy } from "../support/fault-proxy";
import {
  eventually,
  getJson,
  inlineStack,
  kubeconfigPath,
  pulumiEnv,
  sandboxJoinIdentity,
} from "../support/sandbox";

/**
 * A network that drops and delays connections between the library and the hub, through the real
 * engine: a TCP proxy (real sockets) resets a quarter of new connections and holds a fifth for
 * 3 s. Every dynamic resource of the library (acceptance, the binding's bundles, their waits)
 * reaches the hub through it; the kubernetes provider's own objects go direct (their retries are
 * pulumi-kubernetes'). `up` with `waitFor: Applied`, `refresh` and `destroy` each complete on the
 * first run.
 */
const WECS = ["wec1", "wec2"];
let env: Record<string, string>;
let dir: string;
let proxy: FaultProxy;
let stack: Stack;
const log: string[] = [];

beforeAll(async () => {
  env = pulumiEnv();
  dir = mkdtempSync(join(tmpdir(), "ksits-faults-"));
  mkdirSync(join(dir, "state"));
  const hub = readFileSync(kubeconfigPath("hub"), "utf8");
  const hubPort = Number(/server: https:\/\/127\.0\.0\.1:(\d+)/.exec(hub)![1]);
  proxy = await startFaultProxy({
    targetPort: hubPort,
    resetShare: 0.25,
    stallShare: 0.2,
    stallMs: 3000,
    seed: 25,
  });
  const faulty = hub.replace(/server: https:\/\/127\.0\.0\.1:\d+/, `server: https://127.0.0.1:${proxy.port}`);
  stack = await inlineStack(
    env,
    { project: "ksits-faults", stack: "f", stateDir: join(dir, "state") },
    () => {
      // The ITS (the customization-properties namespace, its Kubernetes provider) goes direct.
      const its = new InventoryTransportSpace("its1", { type: "external", kubeconfig: pulumi.secret(hub) });
      const wecs = WECS.map(
        (name) =>
          new WorkloadExecutionCluster(
            name,
            {
              itsKubeconfig: pulumi.secret(faulty),
              itsProvider: its.provider,
              labels: { "location-group": "edge" },
              properties: { region: `region-${name}` },
              joinIdentity: sandboxJoinIdentity(name),
            },
            { dependsOn: [its] },
          ),
      );
      new WorkloadBinding("faults", {
        itsKubeconfig: pulumi.secret(faulty),
        wecs,
        clusterSelectors: [{ matchLabels: { "location-group": "edge" } }],
        workloads: [
          { apiVersion: "v1", kind: "Namespace", metadata: { name: "faults" } },
          {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: {
              name: "settings",
              namespace: "faults",
              annotations: { "control.kubestellar.io/expand-templates": "true" },
            },
            data: { region: "{{ .region }}" },
          },
        ],
        waitFor: "Applied",
        waitTimeoutSeconds: 240,
      });
    },
  );
}, 600_000);

afterAll(async () => {
  try {
    await stack?.destroy({ onOutput: (l) => log.push(l) }).catch(() => undefined);
  } finally {
    await proxy?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}, 600_000);

it("up (waitFor Applied), refresh and destroy each complete on the first run through resets and stalls", async () => {
  const up = await stack.up({ onOutput: (l) => log.push(l) });
  expect(up.summary.result).toBe("succeeded");
  for (const wec of WECS)
    await eventually(
      `the settings ConfigMap on ${wec}`,
      () => getJson(env, wec, ["configmap", "settings", "-n", "faults"])?.data?.region === `region-${wec}`,
    );
  const refresh = await stack.refresh({ onOutput: (l) => log.push(l) });
  expect(refresh.summary.result).toBe("succeeded");
  const destroy = await stack.destroy({ onOutput: (l) => log.push(l) });
  expect(destroy.summary.result).toBe("succeeded");
  for (const wec of WECS)
    expect((getJson(env, "hub", ["manifestworks", "-n", wec])?.items ?? []) as unknown[]).toEqual([]);
  const retries = log
    .join("")
    .split("\n")
    .filter((l) => l.includes("[kubestellar-its] retrying")).length;
  console.log(
    `[faults] connections ${proxy.counts.accepted}: ${proxy.counts.reset} reset, ${proxy.counts.stalled} stalled 3s, ${proxy.counts.passed} passed; retry lines shown ${retries}`,
  );
  // The faults happened: this run proves something only if connections were dropped.
  expect(proxy.counts.reset).toBeGreaterThan(0);
}, 900_000);
