import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkloadBinding } from "../../components";
import { ORIGIN_BINDING_LABEL } from "../../src/kube";
import { Delivery } from "../../src/transport";
import {
  eventually,
  getJson,
  inlineStack,
  isAlive,
  kubeconfigPath,
  kubectl,
  kubectlAsync,
  pidOf,
  pulumiEnv,
  sandboxUpAsync,
} from "../support/sandbox";

/**
 * The hub API server restarted in the middle of an `up` of one binding over 1000 WECs (issue 25),
 * per-WEC bundles and hub fan-out: the `up` completes on its first run (every hub call retries
 * through the outage, src/kube/retry.ts), and afterwards the hub holds exactly the expected
 * ManifestWorks (0 missing, 0 orphans, 0 duplicates), and a no-op `up` writes nothing.
 *
 * The WECs are ManagedClusters accepted on the hub without agents, with their mailbox
 * namespaces, as the scale bench's. PerWec: the hub is
 * killed (SIGKILL) once half the ManifestWorks are on it; HubFanOut (10 writes in all): the moment
 * the engine starts creating the fan-out, before its first write. Either way it is restarted by
 * `sandbox/up.sh`, as a supervisor would. `KSITS_E2E_RESTART_WECS` sets the WEC count.
 */
const WECS = Number(process.env.KSITS_E2E_RESTART_WECS ?? 1000);
const SELECTOR = { "ksits-e2e": "hub-restart" };
const REGIONS = ["eu-west-1", "us-east-1", "ap-south-1", "sa-east-1"];
const names = Array.from({ length: WECS }, (_, i) => `restart-wec-${String(i).padStart(4, "0")}`);
const FANOUT_NAMESPACE = "ksits-fanout";
let env: Record<string, string>;
let dir: string;
let hubKc: string;

const list = (items: object[]) => JSON.stringify({ apiVersion: "v1", kind: "List", items });

/**
 * Calls `then` once `n` ManifestWorks of `binding` have been added on the hub: a watch sees the
 * writes as they land (1000 works go out in seconds, faster than any polling), and dies with the hub.
 */
function whenWorksAdded(binding: string, n: number, then: (seen: number) => void): ChildProcess {
  const watch = spawn(
    "kubectl",
    [
      "--kubeconfig",
      kubeconfigPath("hub"),
      "get",
      "manifestwork",
      "-A",
      "-l",
      `${ORIGIN_BINDING_LABEL}=${binding}`,
      "--watch-only",
      "-o",
      "name",
    ],
    { env, stdio: ["ignore", "pipe", "ignore"] },
  );
  let seen = 0;
  watch.stdout.on("data", (chunk: Buffer) => {
    seen += chunk
      .toString("utf8")
      .split("\n")
      .filter((l) => l !== "").length;
    if (seen >= n) then(seen);
  });
  return watch;
}

/** The binding's ManifestWorks on the hub: `namespace/name` → owner label and generation. */
async function works(
  binding: string,
): Promise<Map<string, { owner: string; uid: string; generation: string }>> {
  const out = await kubectlAsync(env, "hub", [
    "get",
    "manifestwork",
    "-A",
    "-l",
    `${ORIGIN_BINDING_LABEL}=${binding}`,
    "--chunk-size=500",
    "-o",
    `jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name} {.metadata.labels.its\\.kubestellar\\.io/owner} {.metadata.uid} {.metadata.generation}{"\\n"}{end}`,
  ]);
  return new Map(
    out
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => {
        const [key, owner, uid, generation] = l.split(" ");
        return [key!, { owner: owner ?? "", uid: uid ?? "", generation: generation ?? "" }];
      }),
  );
}

/** uid=generation of the fan-out's sets and Placements: what the Pulumi process writes with HubFanOut. */
function fanOutSpecs(): string[] {
  return kubectl(env, "hub", [
    "get",
    "manifestworkreplicasets,placements",
    "-n",
    FANOUT_NAMESPACE,
    "-o",
    `jsonpath={range .items[*]}{.kind}/{.metadata.name}={.metadata.uid}/{.metadata.generation}{"\\n"}{end}`,
  ])
    .split("\n")
    .filter((l) => l !== "")
    .sort();
}

/** 0 missing, 0 orphans, 0 duplicates: each WEC's mailbox holds exactly `perWec` works of the binding. */
async function tally(binding: string, perWec: number) {
  const found = await works(binding);
  const perMailbox = new Map<string, number>();
  for (const key of found.keys()) {
    const ns = key.split("/")[0]!;
    perMailbox.set(ns, (perMailbox.get(ns) ?? 0) + 1);
  }
  const wanted = new Set(names);
  const missing = names.reduce((n, w) => n + Math.max(0, perWec - (perMailbox.get(w) ?? 0)), 0);
  const duplicates = names.reduce((n, w) => n + Math.max(0, (perMailbox.get(w) ?? 0) - perWec), 0);
  const orphans = [...perMailbox].filter(([ns]) => !wanted.has(ns)).reduce((n, [, c]) => n + c, 0);
  return { expected: WECS * perWec, found: found.size, missing, duplicates, orphans, works: found };
}

/** Kills the hub API server's process group, and restarts it (and anything else missing) with up.sh. */
async function restartHub(): Promise<{ downSeconds: number }> {
  const pid = pidOf("hub-apiserver");
  const t = Date.now();
  process.kill(-pid, "SIGKILL");
  await eventually("the killed hub API server to exit", () => !isAlive(pid), 30_000);
  // A supervisor's restart delay: long enough that calls in flight meet refused connections.
  await new Promise((r) => setTimeout(r, 3000));
  await sandboxUpAsync(env);
  await eventually(
    "the restarted hub to answer",
    () => getJson(env, "hub", ["namespace", "default"]) !== undefined,
  );
  return { downSeconds: (Date.now() - t) / 1000 };
}

function bindingStack(binding: string, delivery: Delivery): Promise<Stack> {
  mkdirSync(join(dir, binding));
  return inlineStack(
    env,
    { project: "ksits-hub-restart", stack: binding, stateDir: join(dir, binding) },
    () => {
      new WorkloadBinding(binding, {
        itsKubeconfig: hubKc,
        delivery,
        clusters: names.map((name, i) => ({
          name,
          labels: SELECTOR,
          properties: { region: REGIONS[i % 4]! },
        })),
        clusterSelectors: [{ matchLabels: SELECTOR }],
        workloads: [
          { apiVersion: "v1", kind: "Namespace", metadata: { name: binding } },
          {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: "shared", namespace: binding },
            data: { a: "1" },
          },
          {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: {
              name: "regional",
              namespace: binding,
              annotations: { "control.kubestellar.io/expand-templates": "true" },
            },
            data: { region: "{{ .region }}" },
          },
        ],
      });
    },
  );
}

beforeAll(async () => {
  env = pulumiEnv();
  dir = mkdtempSync(join(tmpdir(), "ksits-hub-restart-"));
  hubKc = readFileSync(kubeconfigPath("hub"), "utf8");
  // The mailboxes too: the hub's registration controller makes them at its own pace (minutes for
  // 1000 on two cores), and finds them there.
  // A previous run's WECs may still be terminating (namespace deletion takes its time).
  await eventually(
    "an earlier run's mailboxes to be gone",
    async () =>
      (
        await kubectlAsync(env, "hub", [
          "get",
          "namespace,managedcluster",
          "-l",
          "ksits-e2e=hub-restart",
          "-o",
          "name",
        ])
      ).trim() === "",
    600_000,
  );
  const t = Date.now();
  await kubectlAsync(
    env,
    "hub",
    ["apply", "--server-side", "--field-manager=ksits-e2e", "-f", "-"],
    list(
      names.flatMap((name) => [
        {
          apiVersion: "cluster.open-cluster-management.io/v1",
          kind: "ManagedCluster",
          metadata: { name, labels: SELECTOR },
          spec: { hubAcceptsClient: true },
        },
        { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: SELECTOR } },
      ]),
    ),
  );
  console.log(
    `[hub-restart] ${WECS} ManagedClusters and mailboxes made in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );
}, 900_000);

afterAll(async () => {
  // Anything that exited while the hub was away (a controller that gives up on it) is started
  // again, so the files after this one find the sandbox whole.
  await sandboxUpAsync(env);
  const t = Date.now();
  await kubectlAsync(env, "hub", ["delete", "managedcluster", "-l", "ksits-e2e=hub-restart", "--wait=false"]);
  await kubectlAsync(env, "hub", ["delete", "namespace", "-l", "ksits-e2e=hub-restart", "--wait=false"]);
  console.log(
    `[hub-restart] ${WECS} ManagedClusters and mailboxes deleted in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}, 600_000);

describe.each([
  { delivery: Delivery.PerWec, binding: "restart-perwec", perWec: 1 },
  // One shared set for every WEC, and one templated set per region: two works per WEC.
  { delivery: Delivery.HubFanOut, binding: "restart-fanout", perWec: 2 },
])("$delivery: the hub API server restarted during an up of $binding", ({ delivery, binding, perWec }) => {
  let stack: Stack;
  afterAll(async () => {
    await stack?.destroy().catch((e: unknown) => console.log(`[hub-restart] destroy: ${String(e)}`));
  }, 900_000);

  it("completes on the first run, leaves exactly the expected works, and a no-op up writes nothing", async () => {
    stack = await bindingStack(binding, delivery);
    const lines: string[] = [];
    let restart: Promise<{ downSeconds: number }> | undefined;
    let worksAtKill = -1;
    let upDone = false;
    const kill = (seen: number) => {
      if (restart !== undefined || upDone) return;
      worksAtKill = seen;
      restart = restartHub();
    };
    // PerWec: half the works on the hub. HubFanOut: the engine starting the fan-out's create
    // (its works are the hub controller's; its own writes, ten, come after).
    const watch = delivery === Delivery.PerWec ? whenWorksAdded(binding, WECS / 2, kill) : undefined;
    const onEvent = (e: EngineEvent) => {
      const pre = e.resourcePreEvent?.metadata;
      if (delivery === Delivery.HubFanOut && pre?.op === "create" && pre.type.endsWith(":HubFanOut")) kill(0);
    };
    const started = Date.now();
    const up = stack.up({ onOutput: (l) => lines.push(l), onEvent }).finally(() => {
      upDone = true;
      watch?.kill();
    });
    const result = await up;
    const upSeconds = (Date.now() - started) / 1000;
    expect(restart, "the hub was restarted while the up ran").toBeDefined();
    const { downSeconds } = await restart!;
    expect(result.summary.result).toBe("succeeded");

    await eventually(
      `${WECS * perWec} works of ${binding} on the hub`,
      async () => (await works(binding)).size >= WECS * perWec,
      300_000,
    );
    const t = await tally(binding, perWec);
    const owners = new Set([...t.works.values()].map((w) => w.owner));
    const retries = lines
      .join("")
      .split("\n")
      .filter((l) => l.includes("[kubestellar-its] retrying")).length;

    // A no-op up: no resource changes, and no ManifestWork (or set, or Placement) written.
    const before = [...t.works].map(([k, w]) => `${k}=${w.uid}/${w.generation}`).sort();
    const specsBefore = fanOutSpecs();
    const noop = await stack.up();
    const after = [...(await works(binding))].map(([k, w]) => `${k}=${w.uid}/${w.generation}`).sort();
    const noopWrites =
      before.filter((x) => !after.includes(x)).length +
      after.filter((x) => !before.includes(x)).length +
      fanOutSpecs().filter((x) => !specsBefore.includes(x)).length;
    console.log(
      `[hub-restart] ${delivery} ${WECS} WECs: hub killed with ${worksAtKill} works on it, back after ${downSeconds.toFixed(1)} s; up ${upSeconds.toFixed(1)} s, first run succeeded, retry lines shown ${retries}; works expected ${t.expected} found ${t.found}: missing ${t.missing}, orphans ${t.orphans}, duplicates ${t.duplicates}; owners ${owners.size}; no-op up writes ${noopWrites}`,
    );
    expect({ missing: t.missing, orphans: t.orphans, duplicates: t.duplicates, found: t.found }).toEqual({
      missing: 0,
      orphans: 0,
      duplicates: 0,
      found: t.expected,
    });
    // PerWec works are written by the one BindingBundles resource; the fan-out's by OCM's controller.
    if (delivery === Delivery.PerWec) expect(owners.size).toBe(1);
    expect(noop.summary.resourceChanges?.update ?? 0).toBe(0);
    expect(noop.summary.resourceChanges?.create ?? 0).toBe(0);
    expect(noopWrites).toBe(0);
  }, 1_800_000);
});
